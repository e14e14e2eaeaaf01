import type { Command } from 'commander';
import { createBounceReader, fileReaderState, fileSuppressions } from '../../bounces/index.js';
import type { Bounce } from '../../bounces/types.js';
import type { CliContext } from '../context.js';
import { printError } from '../util/output.js';
import { UsageError } from '../util/UsageError.js';

interface PollFlags {
  mailbox?: string;
  suppressions: string;
  state: string;
  json?: boolean;
  watch?: boolean;
}

export const DEFAULT_SUPPRESSIONS = '.mailsmith/suppressions.json';
const DEFAULT_STATE = '.mailsmith/bounce-state.json';

function line(b: Bounce, json: boolean | undefined): string {
  if (json) return `${JSON.stringify(b)}\n`;
  const template = b.template ? ` template=${b.template}` : '';
  return `${b.kind} ${b.status} ${b.recipient}${template}  ${b.diagnostic}\n`;
}

/**
 * `mailsmith bounces poll`: reads the sender's mailbox once (or `--watch`), prints the new bounces and adds
 * the bounced addresses to the suppression file the app's mailer reads.
 */
export default function register(program: Command, ctx: CliContext): void {
  const bounces = program.command('bounces').description('read bounces back from the sender mailbox');
  bounces
    .command('poll')
    .description('read new bounces over IMAP/POP3 and suppress the addresses that bounced')
    .option('--mailbox <url>', 'imaps://user:pass@host:993 or pop3s://… (env MAILSMITH_BOUNCES_MAILBOX)')
    .option('--suppressions <file>', 'suppression list to update', DEFAULT_SUPPRESSIONS)
    .option('--state <file>', 'reader state (POP3 ids read, soft-bounce counts)', DEFAULT_STATE)
    .option('--json', 'one JSON object per bounce')
    .option('--watch', 'keep reading as mail arrives (IMAP IDLE; POP3 every minute) until interrupted')
    .action(async (flags: PollFlags) => {
      let reader: ReturnType<typeof createBounceReader> | undefined;
      try {
        const mailbox = flags.mailbox ?? (ctx.env.MAILSMITH_BOUNCES_MAILBOX || undefined);
        if (!mailbox) {
          throw new UsageError(
            'No mailbox to read: pass --mailbox or set MAILSMITH_BOUNCES_MAILBOX',
            'e.g. --mailbox "imaps://10001%40qq.com:$QQ_CODE@imap.qq.com:993"',
          );
        }
        reader = createBounceReader({
          mailbox,
          suppressions: fileSuppressions(flags.suppressions),
          state: fileReaderState(flags.state),
        });
        if (flags.watch) {
          const r = reader;
          process.once('SIGINT', () => void r.close());
          for await (const b of r.watch()) ctx.stdout.write(line(b, flags.json));
          return;
        }
        const found = await reader.poll();
        for (const b of found) ctx.stdout.write(line(b, flags.json));
        if (!flags.json) {
          ctx.stderr.write(
            `${found.length} new bounce(s) in ${reader.mailbox}; list: ${flags.suppressions}\n`,
          );
        }
      } catch (error) {
        ctx.exitCode = printError(error, ctx.stderr, undefined, ctx.env);
      } finally {
        await reader?.close();
      }
    });
}
