#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import registerBuild from './commands/build.js';
import registerCheck from './commands/check.js';
import registerDev from './commands/dev.js';
import registerDkim from './commands/dkim.js';
import registerInit from './commands/init.js';
import registerPreview from './commands/preview.js';
import registerQueueRetryFailed from './commands/queue-retry-failed.js';
import registerQueueStats from './commands/queue-stats.js';
import registerRender from './commands/render.js';
import registerSend from './commands/send.js';
import registerSendMany from './commands/send-many.js';
import registerTypes from './commands/types.js';
import registerVerify from './commands/verify.js';
import registerWorker from './commands/worker.js';
import { EXIT } from './util/exit-codes.js';
import { printError } from './util/output.js';
import { version } from './util/version.js';

/** Builds the `mailsmith` program with every command registered. */
function createProgram(): Command {
  const program = new Command('mailsmith')
    .description('MJML + Handlebars email templates: render, send, check, preview')
    .version(version(), '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    // Commander would exit(1) on usage errors; the CLI promises 2. Set before commands so they inherit it.
    .exitOverride();
  for (const register of [
    registerInit,
    registerRender,
    registerSend,
    registerSendMany,
    registerVerify,
    registerCheck,
    registerTypes,
    registerBuild,
    registerPreview,
    registerDev,
    registerDkim,
    registerQueueStats,
    registerQueueRetryFailed,
    registerWorker,
  ]) {
    register(program);
  }
  return program;
}

async function main(argv: string[]): Promise<void> {
  const program = createProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are exits too; commander already printed them or the usage error.
      process.exitCode = error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
      return;
    }
    process.exitCode = printError(error);
  }
}

await main(process.argv);
