import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { simpleParser } from 'mailparser';
import { DEFAULT_INBOX_DIR } from './defaults.js';

/** What the inbox list shows about a captured message (kept next to the `.eml` as `<id>.json`). */
export interface InboxSummary {
  id: string;
  receivedAt: string;
  subject: string;
  from: string;
  to: string[];
  /** SMTP envelope, which also names Bcc recipients. */
  envelope: { from: string; to: string[] };
  size: number;
  attachments: number;
}

/** Options of {@link createInboxStore}. */
export interface InboxStoreOptions {
  /** Folder the messages are kept in. @default '.mailsmith/inbox' */
  dir?: string;
  /** Most messages kept; the oldest are dropped beyond it. @default 500 */
  max?: number;
}

export type InboxEvent =
  | { type: 'added'; message: InboxSummary }
  | { type: 'removed'; ids: string[] }
  | { type: 'cleared' };

const ID = /^\d{13}-\d{6}-[0-9a-f]{6}$/;

/**
 * Captured mail on disk: one `<id>.eml` (the exact source received) and `<id>.json` (its summary) per message.
 * Ids sort by arrival, so the oldest are dropped first and the order survives restarts.
 *
 * @example
 * const inbox = await createInboxStore({ dir: '.mailsmith/inbox', max: 200 });
 * inbox.on('change', (event) => console.log(event.type));
 */
export class InboxStore extends EventEmitter<{ change: [InboxEvent] }> {
  readonly dir: string;
  readonly max: number;
  private readonly messages: InboxSummary[] = [];
  private seq = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: InboxStoreOptions = {}) {
    super();
    this.dir = resolve(options.dir ?? DEFAULT_INBOX_DIR);
    this.max = Math.max(1, options.max ?? 500);
  }

  /** Loads the messages kept by a previous run (and enforces the cap, which may have been lowered). */
  async load(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const names = (await readdir(this.dir))
      .filter((f) => f.endsWith('.eml') && ID.test(f.slice(0, -4)))
      .sort();
    this.messages.length = 0;
    for (const name of names) {
      const id = name.slice(0, -4);
      this.messages.push(await this.readSummary(id));
    }
    await this.enforceCap();
  }

  /** Newest first. */
  list(): InboxSummary[] {
    return [...this.messages].reverse();
  }

  get(id: string): InboxSummary | undefined {
    return ID.test(id) ? this.messages.find((m) => m.id === id) : undefined;
  }

  /** The raw source of a message, or `undefined` for an unknown id. */
  async raw(id: string): Promise<Buffer | undefined> {
    if (!this.get(id)) return undefined;
    return readFile(join(this.dir, `${id}.eml`)).catch(() => undefined);
  }

  /** Stores a received message; writes are serialised so the cap and the order stay exact. */
  add(raw: Buffer, envelope: { from: string; to: string[] }): Promise<InboxSummary> {
    const run = this.queue.then(() => this.write(raw, envelope));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async remove(id: string): Promise<boolean> {
    const index = this.messages.findIndex((m) => m.id === id);
    if (index < 0) return false;
    this.messages.splice(index, 1);
    await this.unlink(id);
    this.emit('change', { type: 'removed', ids: [id] });
    return true;
  }

  async clear(): Promise<void> {
    const ids = this.messages.splice(0).map((m) => m.id);
    await Promise.all(ids.map((id) => this.unlink(id)));
    this.emit('change', { type: 'cleared' });
  }

  private async write(raw: Buffer, envelope: { from: string; to: string[] }): Promise<InboxSummary> {
    this.seq = (this.seq + 1) % 1_000_000;
    const id = `${String(Date.now()).padStart(13, '0')}-${String(this.seq).padStart(6, '0')}-${randomBytes(3).toString('hex')}`;
    const summary = await summarize(id, raw, envelope, new Date());
    await mkdir(this.dir, { recursive: true });
    await writeFile(join(this.dir, `${id}.eml`), raw);
    // Write-then-rename so a crash never leaves a truncated summary behind.
    await writeFile(join(this.dir, `${id}.json.tmp`), JSON.stringify(summary, null, 2));
    await rename(join(this.dir, `${id}.json.tmp`), join(this.dir, `${id}.json`));
    this.messages.push(summary);
    this.emit('change', { type: 'added', message: summary });
    await this.enforceCap();
    return summary;
  }

  private async enforceCap(): Promise<void> {
    if (this.messages.length <= this.max) return;
    const dropped = this.messages.splice(0, this.messages.length - this.max).map((m) => m.id);
    await Promise.all(dropped.map((id) => this.unlink(id)));
    this.emit('change', { type: 'removed', ids: dropped });
  }

  private async readSummary(id: string): Promise<InboxSummary> {
    try {
      return JSON.parse(await readFile(join(this.dir, `${id}.json`), 'utf8')) as InboxSummary;
    } catch {
      // The summary is derived data: rebuild it from the source when it is missing or damaged.
      const raw = await readFile(join(this.dir, `${id}.eml`));
      const summary = await summarize(id, raw, { from: '', to: [] }, new Date(Number(id.slice(0, 13))));
      await writeFile(join(this.dir, `${id}.json`), JSON.stringify(summary, null, 2));
      return summary;
    }
  }

  private async unlink(id: string): Promise<void> {
    await Promise.all([
      rm(join(this.dir, `${id}.eml`), { force: true }),
      rm(join(this.dir, `${id}.json`), { force: true }),
    ]);
  }
}

async function summarize(
  id: string,
  raw: Buffer,
  envelope: { from: string; to: string[] },
  receivedAt: Date,
): Promise<InboxSummary> {
  const parsed = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true });
  const to = [parsed.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address ?? v.name));
  return {
    id,
    receivedAt: receivedAt.toISOString(),
    subject: parsed.subject ?? '',
    from: parsed.from?.text ?? envelope.from,
    to: to.length > 0 ? to : envelope.to,
    envelope,
    size: raw.length,
    attachments: parsed.attachments.filter((a) => !a.related).length,
  };
}

/** Opens (and loads) an inbox folder. */
export async function createInboxStore(options: InboxStoreOptions = {}): Promise<InboxStore> {
  const store = new InboxStore(options);
  await store.load();
  return store;
}
