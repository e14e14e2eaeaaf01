import { connect, type Socket } from 'node:net';

/**
 * A minimal POP3 client (RFC 1939) for the Postfix + Dovecot tier: USER/PASS over a loopback plain
 * connection, STAT, TOP, RETR, QUIT. Test-only: npm has no maintained POP3 client for Node 20, and
 * this is all the tier needs. Multi-line replies are dot-unstuffed; nothing is deleted.
 */
export class Pop3 {
  private buffer = '';
  private waiting?: { multi: boolean; resolve: (text: string) => void; reject: (e: Error) => void };

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('latin1'); // bytes as they are; mail bodies are 7bit on the wire
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.drain();
    });
    socket.on('error', (e) => this.waiting?.reject(e));
  }

  static async login(options: { host: string; port: number; user: string; pass: string }): Promise<Pop3> {
    const socket = connect({ host: options.host, port: options.port });
    const client = new Pop3(socket);
    await client.reply(false); // greeting
    await client.command(`USER ${options.user}`);
    await client.command(`PASS ${options.pass}`);
    return client;
  }

  /** Number of messages in the maildrop. */
  async count(): Promise<number> {
    const stat = await this.command('STAT');
    return Number(stat.split(' ')[1]);
  }

  /** The header block of message `n` (TOP n 0). */
  headers(n: number): Promise<string> {
    return this.command(`TOP ${n} 0`, true);
  }

  /** The whole message `n`, as the raw source. */
  async retrieve(n: number): Promise<Buffer> {
    return Buffer.from(await this.command(`RETR ${n}`, true), 'latin1');
  }

  async quit(): Promise<void> {
    await this.command('QUIT').catch(() => {});
    this.socket.end();
  }

  private command(line: string, multi = false): Promise<string> {
    const reply = this.reply(multi);
    this.socket.write(`${line}\r\n`);
    return reply;
  }

  private reply(multi: boolean): Promise<string> {
    return new Promise((resolve, reject) => {
      this.waiting = { multi, resolve, reject };
      this.drain();
    });
  }

  private drain(): void {
    const waiting = this.waiting;
    if (!waiting) return;
    const eol = this.buffer.indexOf('\r\n');
    if (eol < 0) return;
    const status = this.buffer.slice(0, eol);
    if (!status.startsWith('+OK')) {
      this.waiting = undefined;
      this.buffer = this.buffer.slice(eol + 2);
      waiting.reject(new Error(`POP3: ${status}`));
      return;
    }
    if (!waiting.multi) {
      this.waiting = undefined;
      this.buffer = this.buffer.slice(eol + 2);
      waiting.resolve(status);
      return;
    }
    const end = this.buffer.indexOf('\r\n.\r\n', eol);
    if (end < 0) return;
    const body = this.buffer.slice(eol + 2, end + 2);
    this.buffer = this.buffer.slice(end + 5);
    this.waiting = undefined;
    // Undo dot-stuffing: a line starting with ".." started with ".".
    waiting.resolve(body.replace(/^\.\./gm, '.'));
  }
}
