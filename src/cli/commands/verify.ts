import type { Command } from 'commander';
import { bareAddress } from '../../message/address.js';
import type { SmtpTransport } from '../../transports/smtp.js';
import { resolveSettings } from '../config.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../util/exit-codes.js';
import { verifyHint } from '../util/hints.js';
import { sendingMailer } from '../util/mailer.js';
import { colors, printError } from '../util/output.js';

interface VerifyFlags {
  transport?: string;
  from?: string;
}

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
        const login = transport.defaultFrom && bareAddress(transport.defaultFrom);
        const from = settings.from && bareAddress(settings.from);
        if (login && from && login.toLowerCase() !== from.toLowerCase()) {
          // A transport whose provider refuses MAIL FROM other than the login says so (SenderMismatchError).
          const strict = (transport as Partial<SmtpTransport>).config?.senderMustMatchUser === true;
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
