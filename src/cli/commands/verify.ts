import type { Command } from 'commander';
import { resolveSettings } from '../config.js';
import type { CliContext } from '../context.js';
import { addressOf } from '../util/address.js';
import { EXIT } from '../util/exit-codes.js';
import { verifyHint } from '../util/hints.js';
import { sendingMailer } from '../util/mailer.js';
import { colors, printError } from '../util/output.js';

interface VerifyFlags {
  transport?: string;
  from?: string;
}

// These providers refuse MAIL FROM that is not the logged-in account (see SenderMismatchError).
const STRICT_SENDER = new Set(['qq', 'exmail', '163', '126']);

/** `mailsmith verify`: connects and logs in, sends nothing; on failure the error says what to fix. */
export default function register(program: Command, ctx: CliContext): void {
  program
    .command('verify')
    .description('connect to the transport and authenticate, without sending')
    .option('--transport <url>', 'transport URL (env MAILSMITH_TRANSPORT)')
    .option('--from <addr>', 'sender to compare with the login (env MAILSMITH_FROM)')
    .action(async (flags: VerifyFlags) => {
      const settings = await resolveSettings(flags, ctx.env, ctx.cwd);
      const c = colors(ctx.stderr, ctx.env);
      let mailer: ReturnType<typeof sendingMailer> | undefined;
      try {
        mailer = sendingMailer(settings, ctx.env, ctx.cwd);
        const transport = mailer.transport;
        await mailer.verify();
        ctx.stdout.write(`ok: ${transport} accepted the connection${transport.verify ? ' and login' : ''}\n`);
        const login = transport.defaultFrom && addressOf(transport.defaultFrom);
        const from = settings.from && addressOf(settings.from);
        if (login && from && login.toLowerCase() !== from.toLowerCase()) {
          const strict = STRICT_SENDER.has(transport.name);
          ctx.stderr.write(
            `${strict ? c.red('error [SENDER_MISMATCH]:') : c.yellow('warning:')} From ${from} is not the login ${login}\n` +
              `  hint: send from ${login}, or log in as ${from}\n`,
          );
          if (strict) ctx.exitCode = EXIT.FAILURE;
        }
      } catch (error) {
        ctx.exitCode = printError(error, ctx.stderr, verifyHint, ctx.env);
      } finally {
        await mailer?.close();
      }
    });
}
