import { createMailer, type Mailer } from '../../mailer.js';
import { memory } from '../../transports/memory.js';
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
export function sendingMailer(settings: Settings): UntypedMailer {
  return createMailer({
    templates: settings.templates,
    transport: settings.transport,
    from: settings.from,
    helpers: settings.config.helpers,
  }) as unknown as UntypedMailer;
}
