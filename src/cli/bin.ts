#!/usr/bin/env node
// The published `mailsmith` executable: everything else lives in run(), which tests call in-process.
// The CLI's own tools (commander, …) are optional dependencies, so a production install made with
// --omit=optional has the bin but not what it runs on: say so instead of a module-not-found trace.
import { ConfigError } from '../errors/ConfigError.js';
import { missingPackage } from '../render/tools.js';
import { printError } from './util/output.js';

try {
  const { run } = await import('./index.js');
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  const name = missingPackage(error);
  if (!name) throw error;
  const missing = new ConfigError(`the mailsmith CLI needs the package "${name}", which is not installed`, {
    cause: error,
    hint:
      'the CLI is a development tool, left out of production installs (npm install --omit=optional): ' +
      `run it where the full install is, or install it here with \`npm install ${name}\``,
  });
  process.exitCode = printError(missing);
}
