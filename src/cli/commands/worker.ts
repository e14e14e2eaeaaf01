import type { Command } from 'commander';
import { resolveSettings } from '../config.js';
import type { CliContext } from '../context.js';
import { sendingMailer } from '../util/mailer.js';
import { printError } from '../util/output.js';
import { type QueueFlags, redisUrl, withQueueFlags } from '../util/queue.js';
import { UsageError } from '../util/UsageError.js';

interface WorkerFlags extends QueueFlags {
  concurrency: string;
  rate?: string;
  templates?: string;
  transport?: string;
  from?: string;
}

/** `--rate 20/1000` → 20 messages per 1000 ms, queue-wide. */
function parseRate(rate: string): { messages: number; perMs: number } {
  const m = /^(\d+)\/(\d+)$/.exec(rate.trim());
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) {
    throw new UsageError(
      `--rate ${rate} is not <messages>/<milliseconds>`,
      'e.g. --rate 20/1000 for 20 a second',
    );
  }
  return { messages: Number(m[1]), perMs: Number(m[2]) };
}

/**
 * `mailsmith worker`: a worker process with the project's config (templates, transport, from,
 * helpers). Runs until SIGTERM/SIGINT, then finishes the jobs in flight and exits.
 */
export default function register(program: Command, ctx: CliContext): void {
  withQueueFlags(
    program
      .command('worker')
      .description('run a queue worker with this project’s templates and transport (stops on SIGTERM)')
      .option('--concurrency <n>', 'jobs in flight in this process', '10')
      .option('--rate <messages/ms>', 'queue-wide pace shared by all workers, e.g. 20/1000')
      .option('--templates <dir>', 'templates folder (env MAILSMITH_TEMPLATES)')
      .option('--transport <url>', 'transport URL (env MAILSMITH_TRANSPORT)')
      .option('--from <addr>', 'default sender (env MAILSMITH_FROM)'),
  ).action(async (flags: WorkerFlags) => {
    try {
      const concurrency = Number(flags.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1) {
        throw new UsageError(`--concurrency ${flags.concurrency} is not a positive whole number`);
      }
      const rateLimit = flags.rate === undefined ? undefined : parseRate(flags.rate);
      const settings = await resolveSettings(flags, ctx.env, ctx.cwd);
      const { createMailWorker } = await import('../../queue/index.js');
      const mailer = sendingMailer(settings);
      const worker = createMailWorker(mailer, {
        connection: redisUrl(flags, ctx.env),
        name: flags.name,
        concurrency,
        ...(rateLimit ? { rateLimit } : {}),
      });
      worker.on('failed', (job, error) => {
        const final = job.final ? 'failed' : `attempt ${job.attempts} failed, will retry`;
        ctx.stderr.write(`${final}: ${job.id} ${job.name} [${error.code}] ${error.message}\n`);
      });
      worker.on('error', (error) => ctx.stderr.write(`worker error: ${error.message}\n`));
      await worker.ready();
      ctx.stdout.write(
        `worker ready: queue ${flags.name}, concurrency ${concurrency}, transport ${mailer.transport}\n`,
      );
    } catch (error) {
      ctx.exitCode = printError(error, ctx.stderr, undefined, ctx.env);
    }
  });
}
