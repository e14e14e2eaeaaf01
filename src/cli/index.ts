import { Command, CommanderError } from 'commander';
import registerBounces from './commands/bounces.js';
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
import registerSuppressions from './commands/suppressions.js';
import registerTypes from './commands/types.js';
import registerVerify from './commands/verify.js';
import registerWorker from './commands/worker.js';
import type { CliContext, CliIo } from './context.js';
import { EXIT } from './util/exit-codes.js';
import { printError } from './util/output.js';
import { version } from './util/version.js';

export type { CliIo, CliStream } from './context.js';

/** Builds the `mailsmith` program with every command registered, writing through `ctx`. */
function createProgram(ctx: CliContext): Command {
  const program = new Command('mailsmith')
    .description('MJML + Handlebars email templates: render, send, check, preview')
    .version(version(), '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    // Help, usage errors and --version go to the injected streams; subcommands inherit this.
    .configureOutput({
      writeOut: (text) => ctx.stdout.write(text),
      writeErr: (text) => ctx.stderr.write(text),
    })
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
    registerBounces,
    registerSuppressions,
    registerQueueStats,
    registerQueueRetryFailed,
    registerWorker,
  ]) {
    register(program, ctx);
  }
  return program;
}

/**
 * Runs the `mailsmith` command line in this process and resolves with its exit code (0 ok,
 * 1 failure, 2 usage). Nothing runs on import; the `mailsmith` bin is `run(process.argv.slice(2))`.
 *
 * @example
 * const out: string[] = [];
 * const code = await run(['render', 'welcome', '--format', 'text'], {
 *   stdout: { write: (s: string) => out.push(s) },
 *   cwd: '/path/to/app',
 * });
 */
export async function run(argv: readonly string[], io: Partial<CliIo> = {}): Promise<number> {
  const ctx: CliContext = {
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    env: io.env ?? process.env,
    cwd: io.cwd ?? process.cwd(),
    signal: io.signal,
    exitCode: EXIT.OK,
  };
  const program = createProgram(ctx);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    // Help and version are exits too; commander already printed them or the usage error.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    return printError(error, ctx.stderr, undefined, ctx.env);
  }
  return ctx.exitCode;
}
