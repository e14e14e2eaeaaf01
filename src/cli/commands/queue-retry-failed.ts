import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { printError } from '../util/output.js';
import { oneShotConnection, type QueueFlags, queueGroup, redisUrl, withQueueFlags } from '../util/queue.js';

/** `mailsmith queue retry-failed`: moves every failed job back to waiting, for the workers to try again. */
export default function register(program: Command, ctx: CliContext): void {
  withQueueFlags(
    queueGroup(program).command('retry-failed').description('move every failed job back to waiting'),
  ).action(async (flags: QueueFlags) => {
    let queue: import('../../queue/index.js').MailQueue | undefined;
    try {
      const { createMailQueue } = await import('../../queue/index.js');
      queue = createMailQueue({ connection: oneShotConnection(redisUrl(flags, ctx.env)), name: flags.name });
      const count = await queue.retryFailed();
      ctx.stdout.write(`${count} failed job${count === 1 ? '' : 's'} moved back to waiting\n`);
    } catch (error) {
      ctx.exitCode = printError(error, ctx.stderr, undefined, ctx.env);
    } finally {
      await queue?.close();
    }
  });
}
