import type { Command } from 'commander';
import { listenError, openBrowser, parsePort, untilSignal } from '../../preview/cli.js';
import { resolveSettings } from '../config.js';
import type { CliContext } from '../context.js';
import { sendingMailer } from '../util/mailer.js';
import { typesFollowTemplates } from '../util/types-file.js';

interface PreviewFlags {
  templates?: string;
  /** `--no-types` turns off regenerating mailsmith-env.d.ts. */
  types?: boolean;
  port?: number;
  host?: string;
  open?: boolean;
  transport?: string;
  from?: string;
}

/** `mailsmith preview`: the template preview web app, with live reload and "send test". */
export default function register(program: Command, ctx: CliContext): void {
  program
    .command('preview')
    .description('preview every template in the browser, live-reloading as you edit')
    .option('--templates <dir>', 'templates folder (env MAILSMITH_TEMPLATES)')
    .option('--port <port>', 'HTTP port, 0 for any free one (default 3030)', parsePort)
    .option(
      '--host <host>',
      'interface to bind; anything but loopback exposes your templates (default 127.0.0.1)',
    )
    .option('--open', 'open the preview in the default browser')
    .option('--transport <url>', 'transport of the "send test" form (env MAILSMITH_TRANSPORT)')
    .option('--from <addr>', 'sender of test mail (env MAILSMITH_FROM)')
    .option('--no-types', 'do not regenerate mailsmith-env.d.ts when templates change')
    .action(async (flags: PreviewFlags) => {
      const settings = await resolveSettings(flags, ctx.env, ctx.cwd);
      const port = flags.port ?? settings.config.preview?.port ?? 3030;
      const host = flags.host ?? settings.config.preview?.host ?? '127.0.0.1';
      // Transports are created on first send, so previewing works without SMTP credentials.
      const mailer = sendingMailer(settings, ctx.env, ctx.cwd);
      // The preview server (and the compiler behind it) loads when this command runs, not with the CLI.
      const { startPreviewServer } = await import('../../preview/server.js');
      const server = await startPreviewServer({
        templates: settings.templates,
        port,
        host,
        from: settings.from,
        mailer,
        check: settings.config.check,
      }).catch((error: unknown) => {
        throw listenError(error, `${host}:${port}`, '--port');
      });
      const types = await typesFollowTemplates(settings, flags.types, ctx);
      ctx.stdout.write(`mailsmith preview: ${server.url}\n`);
      ctx.stderr.write(`watching ${server.templates} (Ctrl-C to stop)\n`);
      if (flags.open) openBrowser(server.url, ctx.stderr);
      await untilSignal(ctx.signal);
      await types?.close();
      await server.close();
      await mailer.close();
    });
}
