import { connect as netConnect, type Socket } from 'node:net';
import { type ConnectionOptions, connect as tlsConnect } from 'node:tls';
import { TransportError } from '../errors/TransportError.js';

export interface Pop3ConnectOptions {
  host: string;
  port: number;
  /** Implicit TLS (pop3s, 995). */
  secure: boolean;
  tls?: ConnectionOptions;
  /** For connecting and for each reply. @default 30000 */
  timeoutMs?: number;
}

const CRLF = Buffer.from('\r\n');
const END = Buffer.from('\r\n.\r\n');

/**
 * A small POP3 client (RFC 1939): USER/PASS, UIDL, TOP, RETR, QUIT — all a bounce reader needs. It never
 * sends DELE, so reading leaves the mailbox as it was. Replies are kept as bytes: notices come in GBK.
 */
export class Pop3Client {
  private buffer = Buffer.alloc(0);
  private waiting?: { multiline: boolean; resolve: (b: Buffer) => void; reject: (e: Error) => void };
  private failure?: Error;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly socket: Socket,
    private readonly where: string,
    private readonly timeoutMs: number,
  ) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      this.waiting?.reject(error);
      this.waiting = undefined;
    };
    socket.on('error', (e) =>
      fail(this.error('CONNECTION', `POP3 connection to ${where} failed: ${e.message}`, e)),
    );
    socket.on('close', () => fail(this.error('CONNECTION', `POP3 server ${where} closed the connection`)));
  }

  /** Connects and reads the greeting. */
  static async connect(options: Pop3ConnectOptions): Promise<Pop3Client> {
    const where = `${options.host}:${options.port}`;
    const timeoutMs = options.timeoutMs ?? 30_000;
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = options.secure
        ? tlsConnect({ host: options.host, port: options.port, servername: options.host, ...options.tls })
        : netConnect({ host: options.host, port: options.port });
      const timer = setTimeout(() => {
        s.destroy();
        reject(new TransportError('TIMEOUT', `POP3 server ${where} did not answer in ${timeoutMs} ms`));
      }, timeoutMs);
      s.once(options.secure ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        resolve(s);
      });
      s.once('error', (e) => {
        clearTimeout(timer);
        const tls = /certificate|self.signed|SSL|TLS/i.test(e.message);
        reject(
          new TransportError(
            tls ? 'TLS' : 'CONNECTION',
            `Cannot connect to POP3 server ${where}: ${e.message}`,
            {
              cause: e,
              retryable: !tls,
              hint: tls
                ? 'check the host name and the certificate (tls: { ca })'
                : 'check host and port (995 for pop3s)',
            },
          ),
        );
      });
    });
    const client = new Pop3Client(socket, where, timeoutMs);
    await client.read(false);
    return client;
  }

  private error(
    code: 'CONNECTION' | 'TIMEOUT' | 'AUTH_FAILED' | 'TRANSPORT',
    message: string,
    cause?: unknown,
  ) {
    return new TransportError(code, message, { cause, retryable: code !== 'AUTH_FAILED' });
  }

  private drain(): void {
    const w = this.waiting;
    if (!w) return;
    const lineEnd = this.buffer.indexOf(CRLF);
    if (lineEnd === -1) return;
    const first = this.buffer.subarray(0, lineEnd).toString('latin1');
    if (!first.startsWith('+OK') || !w.multiline) {
      const line = this.buffer.subarray(0, lineEnd + 2);
      this.buffer = this.buffer.subarray(lineEnd + 2);
      this.waiting = undefined;
      w.resolve(line);
      return;
    }
    // A multi-line reply ends with CRLF "." CRLF; the first line's CRLF can be that terminator's start.
    const end = this.buffer.indexOf(END, lineEnd);
    if (end === -1) return;
    const reply = this.buffer.subarray(0, end + 2);
    this.buffer = this.buffer.subarray(end + END.length);
    this.waiting = undefined;
    w.resolve(reply);
  }

  private read(multiline: boolean): Promise<Buffer> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        reject(this.error('TIMEOUT', `POP3 server ${this.where} did not answer in ${this.timeoutMs} ms`));
        this.socket.destroy();
      }, this.timeoutMs);
      this.waiting = {
        multiline,
        resolve: (b) => {
          clearTimeout(timer);
          resolve(b);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.drain();
    });
  }

  /** Sends one command and returns the reply; `-ERR` rejects. `shown` replaces the line in errors. */
  private command(line: string, multiline: boolean, shown = line): Promise<Buffer> {
    const run = async () => {
      this.socket.write(`${line}\r\n`);
      const reply = await this.read(multiline);
      const first = reply.subarray(0, reply.indexOf(CRLF)).toString('utf8');
      if (!first.startsWith('+OK')) {
        throw this.error('TRANSPORT', `POP3 ${shown} failed at ${this.where}: ${first}`);
      }
      return reply;
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** The lines of a multi-line reply after its status line, dot-unstuffed. */
  private static body(reply: Buffer): Buffer {
    const start = reply.indexOf(CRLF) + 2;
    const body = reply.subarray(start);
    // Lines starting with "." were stuffed with another one by the server (RFC 1939 §3).
    const lines: Buffer[] = [];
    let from = 0;
    while (from < body.length) {
      let end = body.indexOf(CRLF, from);
      if (end === -1) end = body.length;
      const line = body.subarray(from, end);
      lines.push(line[0] === 0x2e ? line.subarray(1) : line);
      from = end + 2;
    }
    return Buffer.concat(lines.flatMap((l) => [l, CRLF]));
  }

  async login(user: string, pass: string): Promise<void> {
    await this.command(`USER ${user}`, false);
    try {
      await this.command(`PASS ${pass}`, false, 'PASS ****');
    } catch (error) {
      throw new TransportError('AUTH_FAILED', `POP3 login as ${user} at ${this.where} was refused`, {
        cause: error,
        hint: 'check user and password; QQ/NetEase need the 授权码 and POP3 enabled in the web mail settings',
      });
    }
  }

  /** Message number → unique id, for every message in the maildrop. */
  async uidl(): Promise<Map<number, string>> {
    const lines = Pop3Client.body(await this.command('UIDL', true))
      .toString('latin1')
      .split('\r\n');
    const out = new Map<number, string>();
    for (const line of lines) {
      const [n, id] = line.trim().split(/\s+/);
      if (n && id) out.set(Number(n), id);
    }
    return out;
  }

  /** The headers of message `n` and its first `lines` body lines. */
  async top(n: number, lines = 0): Promise<Buffer> {
    return Pop3Client.body(await this.command(`TOP ${n} ${lines}`, true));
  }

  /** The whole of message `n`. */
  async retr(n: number): Promise<Buffer> {
    return Pop3Client.body(await this.command(`RETR ${n}`, true));
  }

  /** Ends the session (nothing was marked for deletion, so nothing is deleted) and closes the socket. */
  async quit(): Promise<void> {
    try {
      if (!this.failure) await this.command('QUIT', false);
    } catch {
      // Closing anyway.
    } finally {
      this.socket.destroy();
    }
  }
}
