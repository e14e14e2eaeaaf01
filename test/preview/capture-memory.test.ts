import { type ChildProcess, fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const CHILD = fileURLToPath(new URL('./capture-child.ts', import.meta.url));
const MB = 1024 * 1024;

let child: ChildProcess | undefined;
let dir: string | undefined;
afterEach(async () => {
  if (child && child.exitCode === null) {
    child.send('stop');
    await new Promise((resolve) => child?.once('exit', resolve));
  }
  child = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Starts the capture server in its own process (see capture-child.ts); resolves with its port. */
async function startChild(maxSize: number, maxClients?: number): Promise<number> {
  dir = await mkdtemp(join(tmpdir(), 'mailsmith-capture-'));
  child = fork(CHILD, [dir, String(maxSize), ...(maxClients ? [String(maxClients)] : [])], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return (await ask<{ port: number }>()).port;
}

function ask<T>(message?: string): Promise<T> {
  return new Promise((resolve, reject) => {
    child?.once('message', (m) => resolve(m as T));
    child?.once('exit', (code) => reject(new Error(`capture child exited (${code})`)));
    if (message) child?.send(message);
  });
}

/** A line-oriented SMTP client on a raw socket: no library buffering the message for us. */
class RawSmtp {
  private buffer = '';
  private waiters: ((line: string) => void)[] = [];
  private lines: string[] = [];
  private constructor(readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      this.buffer += d;
      for (let i = this.buffer.indexOf('\r\n'); i !== -1; i = this.buffer.indexOf('\r\n')) {
        const line = this.buffer.slice(0, i);
        this.buffer = this.buffer.slice(i + 2);
        if (/^\d{3} /.test(line)) {
          const waiter = this.waiters.shift();
          if (waiter) waiter(line);
          else this.lines.push(line);
        }
      }
    });
    socket.on('error', () => {});
  }
  static async open(port: number): Promise<{ client: RawSmtp; greeting: string }> {
    const socket = connect(port, '127.0.0.1');
    const client = new RawSmtp(socket);
    return { client, greeting: await client.reply() };
  }
  reply(): Promise<string> {
    const ready = this.lines.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    return new Promise((resolve) => this.waiters.push(resolve));
  }
  async command(line: string): Promise<string> {
    this.socket.write(`${line}\r\n`);
    return this.reply();
  }
  async write(chunk: Buffer): Promise<void> {
    if (!this.socket.write(chunk)) await new Promise((resolve) => this.socket.once('drain', resolve));
  }
}

/** Sends one message of `bytes` bytes of body; resolves with the reply to the final dot. */
async function send(port: number, bytes: number): Promise<string> {
  const { client } = await RawSmtp.open(port);
  await client.command('EHLO test.local');
  await client.command('MAIL FROM:<a@x.test>');
  await client.command('RCPT TO:<b@x.test>');
  expect(await client.command('DATA')).toMatch(/^354/);
  await client.write(Buffer.from('From: a@x.test\r\nTo: b@x.test\r\nSubject: big\r\n\r\n'));
  const line = `${'x'.repeat(76)}\r\n`;
  const block = Buffer.from(line.repeat(Math.floor(MB / line.length)));
  for (let sent = 0; sent < bytes; sent += block.length) await client.write(block);
  const reply = await client.command('\r\n.');
  client.socket.end('QUIT\r\n');
  return reply;
}

describe('SMTP capture server: bounded memory', () => {
  it('refuses a DATA of 10× the limit with 552 without holding it in memory', async () => {
    const limit = 16 * MB;
    const port = await startChild(limit);
    expect(await send(port, 64 * 1024)).toMatch(/^250/); // warm up: parsers, store, first GC cycles
    const { rss: before } = await ask<{ rss: number }>('reset');
    const reply = await send(port, 10 * limit);
    const { peak } = await ask<{ peak: number }>('peak');
    expect(reply).toMatch(/^552 /);
    // Buffering the whole DATA would add ≥ 160 MB; streaming past the limit adds the limit itself
    // plus garbage not yet collected (~2× the limit measured), far below 10×.
    expect((peak - before) / MB).toBeLessThan(limit / MB + 48);
  }, 120_000);

  it('turns away clients past maxClients with 421 and keeps serving the others', async () => {
    const port = await startChild(MB, 2);
    const a = await RawSmtp.open(port);
    const b = await RawSmtp.open(port);
    expect(a.greeting).toMatch(/^220/);
    expect(b.greeting).toMatch(/^220/);
    const c = await RawSmtp.open(port);
    expect(c.greeting).toMatch(/^421 /);
    expect(await a.client.command('NOOP')).toMatch(/^250/);
    for (const { client } of [a, b, c]) client.socket.destroy();
  });
});
