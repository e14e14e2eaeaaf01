import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { toMime } from '../message/mime.js';
import type { ComposedMessage, SendResult, Transport, TransportFactory } from '../types.js';
import type { Dsn } from './dsn.js';
import { keptLocally } from './local-result.js';
import { PLACEHOLDER_FROM } from './placeholder.js';
import { defineTransport } from './registry.js';

const TRANSPORT_NAME = 'outbox';

export interface OutboxOptions {
  /** Folder the files are written to; created when missing. @default './outbox' */
  dir?: string;
}

/** What an outbox send resolves to: the usual result plus the paths of the files written. */
export interface OutboxResult extends SendResult {
  files: { eml: string; html: string; text: string };
}

export interface OutboxTransport extends Transport<OutboxResult> {
  /** Absolute path of the outbox folder. */
  readonly dir: string;
}

function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/**
 * Writes each message into a folder as `.eml` (open it in any mail client), `.html` and `.txt`,
 * instead of sending it. The default for local development and the demo.
 *
 * @example
 * const mailer = createMailer({ transport: outbox({ dir: './outbox' }), from: 'noreply@example.com' });
 * const { files } = (await mailer.send('welcome', data, { to })) as OutboxResult;
 */
export const outbox: TransportFactory<OutboxOptions | undefined, OutboxTransport> = (options = {}) => {
  const dir = resolve(options.dir ?? './outbox');
  return {
    name: TRANSPORT_NAME,
    dir,
    // Nothing leaves the machine, so a mailer needs no `from` to try it: a placeholder sender.
    defaultFrom: PLACEHOLDER_FROM,
    async send(message: ComposedMessage): Promise<OutboxResult> {
      await mkdir(dir, { recursive: true });
      const slug = (message.template ?? 'message').replace(/[^\w-]+/g, '-');
      const base = join(dir, `${stamp(new Date())}-${slug}-${randomBytes(3).toString('hex')}`);
      const files = { eml: `${base}.eml`, html: `${base}.html`, text: `${base}.txt` };
      await Promise.all([
        toMime(message, { keepBcc: true }).then((source) => writeFile(files.eml, source)),
        writeFile(files.html, message.html),
        writeFile(files.text, message.text),
      ]);
      return { ...keptLocally(message, `250 Saved to ${files.eml}`), files };
    },
    toString: () => `outbox://${options.dir ?? './outbox'}`,
  };
};

/** `outbox://./outbox` (relative) or `outbox:///var/mail/outbox` (absolute). */
export const outboxDefinition = defineTransport({
  schemes: ['outbox'],
  dsn: { credentials: false },
  create: (dsn) => outbox({ dir: outboxDir(dsn) }),
});

/** The folder an `outbox://` URL names, as written (relative paths stay relative). */
export function outboxDir(dsn: Dsn): string {
  return `${dsn.host}${dsn.path}` || './outbox';
}

export default outbox;
