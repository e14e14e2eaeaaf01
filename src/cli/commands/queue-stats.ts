import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { printError } from '../util/output.js';
import { oneShotConnection, type QueueFlags, queueGroup, redisUrl, withQueueFlags } from '../util/queue.js';

/** `mailsmith queue stats`: job counts by state, then the latest failures with their error codes. */
export default function register(program: Command, ctx: CliContext): void {
  withQueueFlags(
    queueGroup(program)
      .command('stats')
      .description('count waiting, active, completed, failed and delayed jobs')
      .option('--json', 'print the counts as JSON'),
  ).action(async (flags: QueueFlags & { json?: boolean }) => {
    // Loaded here: bullmq is an optional peer dependency that only the queue commands need.
    let queue: import('../../queue/index.js').MailQueue | undefined;
    try {
      const { createMailQueue } = await import('../../queue/index.js');
      queue = createMailQueue({ connection: oneShotConnection(redisUrl(flags, ctx.env)), name: flags.name });
      const stats = await queue.stats();
      if (flags.json) {
        ctx.stdout.write(`${JSON.stringify(stats)}\n`);
        return;
      }
      for (const [state, count] of Object.entries(stats)) {
        ctx.stdout.write(`${state.padEnd(10)} ${count}\n`);
      }
      for (const job of await queue.failed(0, 9)) {
        const { code, message, response, hint } = job.error;
        const [first] = message.split('\n');
        ctx.stdout.write(`failed ${job.id} ${job.name} → ${job.to.join(', ')}: [${code}] ${first}\n`);
        if (response && !first?.includes(response)) ctx.stdout.write(`  server said: ${response}\n`);
        if (hint) ctx.stdout.write(`  hint: ${hint}\n`);
      }
    } catch (error) {
      ctx.exitCode = printError(error, ctx.stderr, undefined, ctx.env);
    } finally {
      await queue?.close();
    }
  });
}
