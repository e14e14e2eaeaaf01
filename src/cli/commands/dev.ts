import { resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { createMailer } from '../../mailer.js';
import { listenError, openBrowser, parsePort, untilSignal } from '../../preview/cli.js';
import { DEFAULT_INBOX_DIR } from '../../preview/inbox/defaults.js';
import { resolveSettings } from '../config.js';
import type { CliContext } from '../context.js';
import { configuredTransport } from '../util/mailer.js';
import { typesFollowTemplates } from '../util/types-file.js';
import { UsageError } from '../util/UsageError.js';

interface DevFlags {
  templates?: string;
  /** `--no-types` turns off regenerating mailsmith-env.d.ts. */
  types?: boolean;
  port?: number;
  host?: string;
  smtpPort?: number;
  smtpHost?: string;
  smtpTls?: boolean;
  smtpKey?: string;
  smtpCert?: string;
  inbox?: string;
  max?: number;
  open?: boolean;
  transport?: string;
  from?: string;
}

const positive = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
};

/** `mailsmith dev`: the preview plus an SMTP server that captures everything your app sends. */
export default function register(program: Command, ctx: CliContext): void {
  program
    .command('dev')
    .description('preview templates and capture mail your app sends (SMTP on 127.0.0.1:1025) in an inbox')
    .option('--templates <dir>', 'templates folder (env MAILSMITH_TEMPLATES)')
    .option('--port <port>', 'HTTP port, 0 for any free one (default 3030)', parsePort)
    .option('--host <host>', 'interface of the web app (default 127.0.0.1)')
    .option('--smtp-port <port>', 'SMTP capture port (default 1025)', parsePort)
    .option('--smtp-host <host>', 'SMTP capture interface (default 127.0.0.1)')
    .option('--smtp-tls', 'offer STARTTLS (self-signed unless --smtp-key/--smtp-cert)')
    .option('--smtp-key <file>', 'PEM private key for STARTTLS')
    .option('--smtp-cert <file>', 'PEM certificate for STARTTLS')
    .option('--inbox <dir>', 'folder captured mail is kept in (default .mailsmith/inbox)')
    .option('--max <count>', 'most messages kept, oldest dropped (default 500)', positive)
    .option('--open', 'open the inbox in the default browser')
    .option('--transport <url>', '"send test" transport (default: straight into the dev inbox)')
    .option('--from <addr>', 'sender of test mail (env MAILSMITH_FROM)')
    .option('--no-types', 'do not regenerate mailsmith-env.d.ts when templates change')
    .action(async (flags: DevFlags) => {
      if (Boolean(flags.smtpKey) !== Boolean(flags.smtpCert)) {
        throw new UsageError(
          '--smtp-key and --smtp-cert go together',
          'give both PEM files, or --smtp-tls alone',
        );
      }
      const settings = await resolveSettings(flags, ctx.env, ctx.cwd);
      const port = flags.port ?? settings.config.preview?.port ?? 3030;
      const smtpPort = flags.smtpPort ?? settings.config.dev?.smtpPort ?? 1025;
      const certs =
        flags.smtpKey && flags.smtpCert
          ? { key: resolve(ctx.cwd, flags.smtpKey), cert: resolve(ctx.cwd, flags.smtpCert) }
          : undefined;
      let mailer: ReturnType<typeof createMailer> | undefined;
      // The dev inbox (smtp-server, mailparser, chokidar) loads when this command runs, not with the CLI.
      const [{ startDevInbox }, { inboxTransport }] = await Promise.all([
        import('../../preview/dev.js'),
        import('../../preview/inbox/transport.js'),
      ]);
      const dev = await startDevInbox({
        templates: settings.templates,
        port,
        host: flags.host ?? settings.config.preview?.host,
        smtpPort,
        smtpHost: flags.smtpHost,
        tls: certs ?? flags.smtpTls === true,
        inboxDir: resolve(ctx.cwd, flags.inbox ?? settings.config.dev?.inboxDir ?? DEFAULT_INBOX_DIR),
        maxMessages: flags.max ?? settings.config.dev?.maxMessages,
        from: settings.from,
        check: settings.config.check,
        mailer: ({ inbox }) => {
          mailer = createMailer({
            templates: settings.templates,
            // Without an explicit transport, test mail lands in this inbox instead of a real mailbox.
            transport: configuredTransport(settings, ctx.cwd) ?? inboxTransport(inbox),
            from: settings.from,
            helpers: settings.config.helpers,
          });
          return mailer;
        },
      }).catch((error: unknown) => {
        const code = (error as { code?: string; port?: number }).code;
        const smtp = String((error as Error).message).includes(`:${smtpPort}`);
        throw code && smtp
          ? listenError(error, `SMTP port ${smtpPort}`, '--smtp-port')
          : listenError(error, `HTTP port ${port}`, '--port');
      });
      const types = await typesFollowTemplates(settings, flags.types, ctx);
      ctx.stdout.write(`mailsmith dev: ${dev.url}  (inbox: ${dev.url}/inbox)\n`);
      ctx.stdout.write(
        `SMTP capture: ${dev.smtpUrl}  (no auth${flags.smtpTls || certs ? ', STARTTLS' : ''})\n`,
      );
      ctx.stderr.write(`keeping mail in ${dev.inbox.dir} (newest ${dev.inbox.max}); Ctrl-C to stop\n`);
      if (flags.open) openBrowser(`${dev.url}/inbox`, ctx.stderr);
      await untilSignal(ctx.signal);
      await types?.close();
      await dev.close();
      await mailer?.close();
    });
}
