import { ConfigError } from '../errors/ConfigError.js';

/**
 * The packages that compile templates from source. They are optional dependencies: a production
 * install (`npm install --omit=optional`) leaves them out and sends templates precompiled by
 * `mailsmith build` instead.
 */
export const COMPILE_TOOLS = ['mjml', 'juice', 'html-to-text'] as const;

/** The bare package name a module-not-found error is about, when it is one. */
export function missingPackage(error: unknown): string | undefined {
  const e = error as { code?: string; message?: string };
  if (e?.code !== 'ERR_MODULE_NOT_FOUND' && e?.code !== 'MODULE_NOT_FOUND') return undefined;
  const name = /Cannot find (?:package|module) '([^']+)'/.exec(e.message ?? '')?.[1];
  if (!name || name.startsWith('.') || name.startsWith('/') || name.startsWith('file:')) return undefined;
  const parts = name.split('/');
  return name.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * Turns "Cannot find package 'mjml'" from a lazy import into a CONFIG error that says what to do:
 * install the compile tools, or precompile with `mailsmith build`. Other errors pass through.
 *
 * @example
 * const mjml = await import('mjml').catch(rethrowMissingTool('compiling MJML templates'));
 */
export function rethrowMissingTool(task: string): (error: unknown) => never {
  return (error) => {
    const name = missingPackage(error);
    if (!name) throw error;
    throw new ConfigError(`${task} needs the package "${name}", which is not installed`, {
      cause: error,
      hint: `install the template compiler (npm install ${COMPILE_TOOLS.join(' ')}; it is left out by --omit=optional), or precompile with \`npx mailsmith build\` and pass the module: createMailer({ templates: compiled })`,
    });
  };
}

let compiler: Promise<typeof import('./compile.js')> | undefined;

/**
 * The compile pipeline (MJML, juice, html-to-text, the Handlebars compiler), imported on the first
 * compile from source: a process that only sends prebuilt templates never loads it.
 */
export function loadCompiler(): Promise<typeof import('./compile.js')> {
  compiler ??= import('./compile.js').catch((error) => {
    compiler = undefined; // installing the tools later in a long-lived process (dev) should work
    return rethrowMissingTool('Compiling templates from source')(error);
  });
  return compiler;
}
