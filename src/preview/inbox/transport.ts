import { toMime } from '../../message/mime.js';
import { keptLocally } from '../../transports/local-result.js';
import type { ComposedMessage, SendResult, Transport } from '../../types.js';
import type { InboxStore } from './store.js';

/**
 * A transport that drops messages straight into the dev inbox (no network), used by `mailsmith dev`
 * for "send test" when no other transport is configured.
 */
export function inboxTransport(store: InboxStore, defaultFrom = 'mailsmith dev <dev@localhost>'): Transport {
  return {
    name: 'dev-inbox',
    defaultFrom,
    async send(message: ComposedMessage): Promise<SendResult> {
      const summary = await store.add(await toMime(message), message.envelope);
      return keptLocally(message, `captured in the dev inbox as ${summary.id}`);
    },
    toString: () => `dev-inbox://${store.dir}`,
  };
}
