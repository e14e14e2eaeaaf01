import { createRequire } from 'node:module';
import type Handlebars from 'handlebars';
import { rethrowMissingTool } from './tools.js';

const require = createRequire(import.meta.url);
let full: typeof Handlebars | undefined;

/**
 * The full Handlebars (parser and compiler), loaded on first use. Type inference and compiling need
 * it; a process that renders only prebuilt templates gets by with `handlebars/runtime` and skips
 * ~50 ms of imports. Handlebars is CommonJS, so `require` loads it synchronously where it is needed.
 */
export function fullHandlebars(): typeof Handlebars {
  if (!full) {
    try {
      full = require('handlebars') as typeof Handlebars;
    } catch (error) {
      rethrowMissingTool('Reading Handlebars templates')(error);
    }
  }
  return full!;
}
