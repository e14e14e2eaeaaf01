import { createMailer } from '../../mailer.js';
import { memory } from '../../transports/memory.js';
import type { Settings } from '../config.js';

/** A mailer for commands that only render: same helpers and data validation as a send, nothing delivered. */
export function renderOnlyMailer(settings: Settings) {
  return createMailer({
    templates: settings.templates,
    transport: memory(),
    from: settings.from,
    helpers: settings.config.helpers,
  });
}

/** A mailer that delivers through the resolved transport (flag, MAILSMITH_TRANSPORT, config, or the default). */
export function sendingMailer(settings: Settings) {
  return createMailer({
    templates: settings.templates,
    transport: settings.transport,
    from: settings.from,
    helpers: settings.config.helpers,
  });
}
