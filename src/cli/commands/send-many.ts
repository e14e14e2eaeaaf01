import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { SendManyItem } from '../../delivery/send-many.js';
import { resolveSettings } from '../config.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../util/exit-codes.js';
import { sendingMailer } from '../util/mailer.js';
import { createProgress } from '../util/progress.js';
import { UsageError } from '../util/UsageError.js';

interface SendManyFlags {
  concurrency: string;
  transport?: string;
  from?: string;
  templates?: string;
}

/**
 * `mailsmith send-many <file.jsonl>`: one message per line (`{ "template", "data", "to", … }`), sent with
 * bounded concurrency and a progress bar. Prints one JSON outcome per line on stdout; exits 1 if any failed.
 */
export default function register(program: Command, ctx: CliContext): void {
  program
    .command('send-many')
    .description('send one message per line of a JSON Lines file ({"template","data","to",…})')
    .argument('<file>', 'JSON Lines file')
    .option('--concurrency <n>', 'sends in flight at once', '10')
    .option('--transport <url>', 'transport URL (env MAILSMITH_TRANSPORT)')
    .option('--from <addr>', 'sender (env MAILSMITH_FROM)')
    .option('--templates <dir>', 'templates folder (env MAILSMITH_TEMPLATES)')
    .action(async (file: string, flags: SendManyFlags) => {
      const concurrency = Number(flags.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1) {
        throw new UsageError(`--concurrency must be a positive integer, got "${flags.concurrency}"`);
      }
      // Every line is read and checked before the first send: a typo on line 900 sends nothing.
      const items = parseLines(
        file,
        await readFile(resolve(ctx.cwd, file), 'utf8').catch(() => {
          throw new UsageError(`Cannot read ${file}`);
        }),
      );
      const settings = await resolveSettings(flags, ctx.env, ctx.cwd);
      const mailer = sendingMailer(settings, ctx.env, ctx.cwd);
      const progress = createProgress(items.length, ctx.stderr, ctx.env);
      try {
        const outcomes = await mailer.sendMany(
          items.map((i) => i.item),
          {
            concurrency,
            onProgress: ({ index, outcome }) =>
              progress.tick(
                `${items[index]?.item.template} → ${[items[index]?.item.to].flat().join(', ')} ${outcome.status}`,
              ),
          },
        );
        progress.done();
        let failed = 0;
        for (const [index, outcome] of outcomes.entries()) {
          const line = items[index]?.line;
          if (outcome.status === 'sent') {
            ctx.stdout.write(
              `${JSON.stringify({ line, status: 'sent', messageId: outcome.result.messageId })}\n`,
            );
          } else {
            failed++;
            const { code, message } = outcome.error;
            ctx.stdout.write(`${JSON.stringify({ line, status: 'failed', code, message })}\n`);
            ctx.stderr.write(`line ${line}: ${code} ${message.split('\n')[0]}\n`);
          }
        }
        ctx.stderr.write(
          `sent ${outcomes.length - failed}, failed ${failed} (of ${outcomes.length}) via ${mailer.transport}\n`,
        );
        if (failed > 0) ctx.exitCode = EXIT.FAILURE;
      } finally {
        await mailer.close();
      }
    });
}

function parseLines(file: string, text: string): Array<{ line: number; item: SendManyItem }> {
  const items: Array<{ line: number; item: SendManyItem }> = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    if (raw.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new UsageError(
        `${file}:${i + 1}: not valid JSON (${(error as Error).message})`,
        'one JSON object per line',
      );
    }
    const item = value as Partial<SendManyItem>;
    if (
      typeof item !== 'object' ||
      item === null ||
      typeof item.template !== 'string' ||
      item.to === undefined
    ) {
      throw new UsageError(
        `${file}:${i + 1}: expected {"template": "…", "data": {…}, "to": "…"}`,
        'each line names a template and its recipients; data defaults to {}',
      );
    }
    items.push({ line: i + 1, item: { ...item, data: item.data ?? {} } as SendManyItem });
  }
  if (items.length === 0) throw new UsageError(`${file} holds no messages`);
  return items;
}
