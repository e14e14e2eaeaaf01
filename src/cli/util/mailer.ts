import { resolve } from 'node:path';
import { createMailer, type Mailer, rendererOf } from '../../mailer.js';
import type { Renderer } from '../../render/types.js';
import { Dsn } from '../../transports/dsn.js';
import { memory } from '../../transports/memory.js';
import { outbox, outboxDefinition, outboxDir } from '../../transports/outbox.js';
import { qq } from '../../transports/qq.js';
import type { Transport } from '../../types.js';
import type { Settings } from '../config.js';

/** A mailer for commands that only render: same helpers and data validation as a send, nothing delivered. */
// The CLI takes template names from the command line, so it is untyped whatever the registry says.
type UntypedMailer = Mailer<Record<string, unknown>>;

export function renderOnlyMailer(settings: Settings): UntypedMailer {
  return createMailer({
    templates: settings.templates,
    transport: memory(),
    from: settings.from,
    helpers: settings.config.helpers,
  }) as unknown as UntypedMailer;
}

/** A mailer that delivers through the resolved transport (flag, MAILSMITH_TRANSPORT, config, or the default). */
export function sendingMailer(
  settings: Settings,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): UntypedMailer {
  return createMailer({
    templates: settings.templates,
    transport: configuredTransport(settings, cwd) ?? credentialsTransport(env),
    from: settings.from,
    helpers: settings.config.helpers,
  }) as unknown as UntypedMailer;
}

/**
 * The transport given by flag, environment or config file, with a relative `outbox://` folder taken
 * from the command's working directory like every other path it is given.
 */
export function configuredTransport(settings: Settings, cwd: string): Transport | string | undefined {
  const { transport } = settings;
  if (typeof transport === 'string' && transport.startsWith('outbox:')) {
    return outbox({ dir: resolve(cwd, outboxDir(Dsn.parse(transport, outboxDefinition.dsn))) });
  }
  return transport;
}

/**
 * The default transport from the command's own environment (`run()` may be given one that is not
 * `process.env`): QQ Mail with MAILSMITH_SMTP_USER/PASS when both are set. Otherwise the mailer's
 * default applies, created on first send so rendering and previewing need no credentials.
 */
function credentialsTransport(env: NodeJS.ProcessEnv): Transport | undefined {
  const user = env.MAILSMITH_SMTP_USER || undefined;
  const pass = env.MAILSMITH_SMTP_PASS || undefined;
  return user && pass ? qq({ user, pass }) : undefined;
}

/** The mailer's compiled-template cache: commands list templates and read preview.json through it. */
export function templatesOf(mailer: UntypedMailer): Renderer {
  const renderer = rendererOf(mailer);
  if (!renderer) throw new Error('the CLI needs a mailer made by createMailer()');
  return renderer;
}
