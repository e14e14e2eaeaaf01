import { createRequire } from 'node:module';
import type { ConnectionOptions } from 'node:tls';
import type Nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { ConfigError } from '../errors/ConfigError.js';
import { InvalidAddressError } from '../errors/InvalidAddressError.js';
import { SenderMismatchError } from '../errors/SenderMismatchError.js';
import { TransportError } from '../errors/TransportError.js';
import { needsSmtpUtf8 } from '../message/address.js';
import { toMime } from '../message/mime.js';
import type {
  Address,
  ComposedMessage,
  RateLimit,
  SendResult,
  Transport,
  TransportFactory,
} from '../types.js';
import { Dsn, type DsnOption } from './dsn.js';
import { PRESETS, type PresetName } from './presets.js';
import { defineTransport } from './registry.js';
import { authSecrets, type ClassifyContext, classifySmtpError } from './smtp-errors.js';
import { probeExtensions } from './smtp-extensions.js';

const require = createRequire(import.meta.url);

export interface SmtpOptions {
  host: string;
  /** @default 465 when `secure`, else 587. A string is coerced ("465" means implicit TLS too). */
  port?: number | string;
  /** Implicit TLS. @default true on 465, false elsewhere (587 then requires STARTTLS). */
  secure?: boolean;
  user?: string;
  /** Password, or the provider's 授权码. Never printed. */
  pass?: string;
  /** Same as `user`/`pass`, in nodemailer's shape. */
  auth?: { user: string; pass: string };
  /** Keep connections open and reuse them. @default true */
  pool?: boolean;
  /** @default 5 (nodemailer's), presets use 2 */
  maxConnections?: number;
  /** Messages per connection before it is replaced. @default 100 */
  maxMessages?: number;
  /** At most `rateLimit` messages per `rateDelta` ms (pooled only). */
  rateLimit?: number;
  rateDelta?: number;
  /** Passed to `tls.connect`, e.g. `{ ca }` to trust a test server. Verification stays on unless you turn it off. */
  tls?: ConnectionOptions;
  /** Time (ms) to establish the TCP/TLS connection. @default 10000 */
  connectionTimeout?: number;
  /** Time (ms) to wait for the server's greeting once connected. @default 15000 */
  greetingTimeout?: number;
  /** Inactivity (ms) allowed on an open connection, e.g. waiting for a reply. @default 60000 */
  socketTimeout?: number;
  /**
   * Time (ms) one send may take in all, waiting for a pooled connection included; past it the send
   * fails with `TIMEOUT` (or `DELIVERY_UNKNOWN` once the body was sent). @default 120000
   */
  sendTimeout?: number;
  /** The mailer-wide pace to keep when the mailer sets no `rateLimit`. Set by presets. */
  defaultRateLimit?: RateLimit;
  /** Hostname announced in EHLO. @default os.hostname() */
  name?: string;
  /** Refuse, before connecting, a From address other than `user` (QQ/NetEase answer 501/553). Set by presets. */
  senderMustMatchUser?: boolean;
  /** Provider preset name (`qq`, `exmail`, `163`, `126`); used as the transport name and for error hints. */
  provider?: string;
}

/** The resolved connection settings, without the password. */
export interface SmtpConfig {
  host: string;
  port: number;
  secure: boolean;
  requireTLS: boolean;
  user?: string;
  pool: boolean;
  maxConnections?: number;
  maxMessages?: number;
  provider?: string;
  senderMustMatchUser: boolean;
}

export interface SmtpTransport extends Transport {
  /** Resolved settings (host, port, TLS mode, pool) for inspection and logs; holds no secret. */
  readonly config: Readonly<SmtpConfig>;
  /** Connects and authenticates, sends nothing. */
  verify(): Promise<void>;
  /**
   * Stops taking sends (a later `send()` fails at once with `CLOSED`, not retryable), waits for the
   * sends in flight to finish, then closes the pooled connections. After `timeoutMs` it stops
   * waiting: sends still running settle on their own (their outcome is not guessed).
   */
  close(options?: CloseOptions): Promise<void>;
}

/** Options of {@link SmtpTransport.close}. */
export interface CloseOptions {
  /** How long to wait for sends in flight before closing anyway. @default 30000 */
  timeoutMs?: number;
}

/**
 * An SMTP transport on nodemailer, pooled by default. 465 means implicit TLS, 587 means STARTTLS is
 * required, and with credentials STARTTLS is always required: AUTH never happens in clear. Certificates
 * are verified. Without credentials and on another port a plain connection is allowed (dev capture servers).
 *
 * @example
 * const t = smtp({ host: 'smtp.example.com', port: 465, user: 'me@example.com', pass: process.env.SMTP_PASS });
 * String(t); // 'smtps://me@example.com:****@smtp.example.com:465'
 */
export const smtp: TransportFactory<SmtpOptions, SmtpTransport> = (options) => {
  const user = options.auth?.user ?? options.user;
  const pass = options.auth?.pass ?? options.pass;
  const config = resolveConfig(options, user, pass);
  const scheme = config.secure ? 'smtps' : 'smtp';
  const url = new Dsn(scheme, config.host, user, pass, config.port, '').toString();
  const secrets = authSecrets(user, pass);
  const context = { transport: url, provider: config.provider, secrets };

  // Loaded here, not at import: a process that sends through memory:// or outbox:// never pays for
  // nodemailer's transports (a third of a prebuilt cold start).
  const nodemailer = require('nodemailer') as typeof Nodemailer;
  const transporter = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    requireTLS: config.requireTLS,
    auth: user && pass ? { user, pass } : undefined,
    // The cast only picks nodemailer's widest overload; `false` gives its single-connection SMTPTransport.
    pool: config.pool as true,
    maxConnections: config.maxConnections,
    maxMessages: config.maxMessages,
    rateLimit: options.rateLimit,
    rateDelta: options.rateDelta,
    tls: options.tls,
    connectionTimeout: options.connectionTimeout ?? DEFAULT_TIMEOUTS.connection,
    greetingTimeout: options.greetingTimeout ?? DEFAULT_TIMEOUTS.greeting,
    socketTimeout: options.socketTimeout ?? DEFAULT_TIMEOUTS.socket,
    name: options.name,
  });

  const sendTimeout = options.sendTimeout ?? DEFAULT_TIMEOUTS.send;
  // Learns when the whole body has been handed to the connection: a failure after that point means
  // the server may have the message (see deliveryError). A process function sees the final stream.
  transporter.use('stream', (mail, done) => {
    const tracker = (mail.data as { [TRACKER]?: DataTracker })[TRACKER];
    if (tracker) {
      mail.message.processFunc((input) => {
        input.once('end', () => {
          tracker.bodySent = true;
        });
        return input;
      });
    }
    done();
  });
  /** Sends in flight, so close() can wait for them; `closing` once close() was called. */
  const inFlight = new Set<Promise<unknown>>();
  let closing = false;

  // EHLO keywords, probed once when a message needs one (see checkSmtpUtf8); forgotten after a failed probe.
  let extensions: Promise<string[]> | undefined;
  const serverExtensions = (): Promise<string[]> => {
    extensions ??= probeExtensions({
      host: config.host,
      port: config.port,
      secure: config.secure,
      requireTLS: config.requireTLS,
      tls: options.tls,
      name: options.name,
      connectionTimeout: options.connectionTimeout,
      greetingTimeout: options.greetingTimeout,
      socketTimeout: options.socketTimeout,
    }).catch((error: unknown) => {
      extensions = undefined;
      throw error;
    });
    return extensions;
  };

  /**
   * A non-ASCII mailbox name (用户@例子.中国) needs the server's SMTPUTF8; without it nodemailer would
   * send it anyway and the server may mangle or bounce it. Refused before any transaction.
   */
  async function checkSmtpUtf8(message: ComposedMessage): Promise<void> {
    const address = [message.envelope.from, ...message.envelope.to].find(needsSmtpUtf8);
    if (address === undefined) return;
    let offered: string[];
    try {
      offered = await serverExtensions();
    } catch (error) {
      throw classifySmtpError(error, context);
    }
    if (offered.includes('SMTPUTF8')) return;
    throw new InvalidAddressError(
      fieldOf(message, address),
      address,
      `a non-ASCII mailbox name needs SMTPUTF8, which ${url} does not offer; nothing was sent`,
      'send through a server that offers SMTPUTF8 (QQ Mail, Gmail and Postfix with smtputf8_enable do), or use an ASCII address for this recipient',
    );
  }

  return {
    name: config.provider ?? 'smtp',
    config: Object.freeze(config),
    defaultRateLimit: options.defaultRateLimit,
    defaultFrom: user && /^[^\s@]+@[^\s@]+$/.test(user) ? user : undefined,
    async send(message: ComposedMessage): Promise<SendResult> {
      if (closing) {
        throw new TransportError('CLOSED', `Cannot send: the transport ${url} was closed`, {
          transport: url,
          retryable: false,
          hint: 'send before calling close(), or create a new transport (mailer) for later sends',
        });
      }
      if (config.senderMustMatchUser && user && message.from.address.toLowerCase() !== user.toLowerCase()) {
        const from = message.from.address;
        throw new SenderMismatchError(
          `From address ${from} is not the logged-in account ${user}; ${providerLabel(config.provider)} rejects such mail`,
          {
            from,
            login: user,
            transport: url,
            hint: `send from ${user} (set "from" to "Your Name <${user}>"), or log in as ${from}`,
          },
        );
      }
      await checkSmtpUtf8(message);
      const tracker: DataTracker = { bodySent: false };
      const signal = AbortSignal.timeout(sendTimeout);
      let tracked: Promise<unknown> | undefined;
      try {
        // The MIME is built by toMime (the one builder); nodemailer only carries the bytes.
        const sending = toMime(message).then((raw) =>
          transporter.sendMail({
            raw,
            // With the size, nodemailer refuses a message over the server's advertised SIZE before MAIL FROM.
            envelope: { from: message.envelope.from, to: [...message.envelope.to], size: raw.length },
            messageId: message.messageId,
            signal,
            [TRACKER]: tracker,
          } as Mail.Options),
        );
        tracked = sending;
        inFlight.add(sending);
        const info = await sending;
        return {
          messageId: message.messageId,
          accepted: info.accepted.map(addressText),
          rejected: info.rejected.map(addressText),
          response: info.response,
          envelope: { from: info.envelope.from || '', to: info.envelope.to },
        };
      } catch (error) {
        throw deliveryError(error, { tracker, signal, sendTimeout, messageId: message.messageId, context });
      } finally {
        if (tracked) inFlight.delete(tracked);
      }
    },
    async verify(): Promise<void> {
      try {
        await transporter.verify();
      } catch (error) {
        throw classifySmtpError(error, context);
      }
    },
    async close(options: CloseOptions = {}): Promise<void> {
      closing = true;
      const timeoutMs = options.timeoutMs ?? 30_000;
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      const drained = Promise.allSettled([...inFlight]).then(() => 'drained' as const);
      await Promise.race([drained, deadline]);
      clearTimeout(timer);
      transporter.close();
    },
    toString: () => url,
  };
};

/** Timeouts: a hung server gives TIMEOUT, never a promise that waits forever. */
export const DEFAULT_TIMEOUTS = {
  connection: 10_000,
  greeting: 15_000,
  socket: 60_000,
  send: 120_000,
} as const;

const TRACKER = 'mailsmithTracker';
interface DataTracker {
  bodySent: boolean;
}

/**
 * Classifies a failed send by how far it got. Once the body (and its final ".") went out, a lost
 * connection or a timeout says nothing about delivery: the server may have queued the message, so it
 * is DELIVERY_UNKNOWN and not retried by default. A reply code (e.g. 451 after DATA) is an answer.
 */
function deliveryError(
  error: unknown,
  state: {
    tracker: DataTracker;
    signal: AbortSignal;
    sendTimeout: number;
    messageId: string;
    context: ClassifyContext;
  },
): TransportError {
  const { tracker, signal, sendTimeout, messageId, context } = state;
  const replied = typeof (error as { responseCode?: unknown })?.responseCode === 'number';
  const classified = signal.aborted ? undefined : classifySmtpError(error, context);
  if (tracker.bodySent && !replied) {
    const what = signal.aborted
      ? `no reply within ${sendTimeout} ms`
      : (classified?.message ?? 'connection lost');
    return new TransportError(
      'DELIVERY_UNKNOWN',
      `The message ${messageId} was sent but not confirmed (${what}): the server may have accepted it`,
      {
        transport: context.transport,
        command: 'DATA',
        retryable: false,
        hint:
          'not retried, to avoid a duplicate: check the recipient mailbox or the server log for the Message-ID; ' +
          'to retry anyway use retry: { retryDeliveryUnknown: true } with an idempotencyKey',
        cause: classified ?? error,
      },
    );
  }
  if (signal.aborted) {
    return new TransportError(
      'TIMEOUT',
      `Send not finished within ${sendTimeout} ms (via ${context.transport})`,
      {
        transport: context.transport,
        retryable: true,
        hint: 'the server or the network is slow or hung; raise sendTimeout if large messages need longer',
      },
    );
  }
  return classified as TransportError;
}

function resolveConfig(options: SmtpOptions, user?: string, pass?: string): SmtpConfig {
  if (!options.host)
    throw new ConfigError('smtp() needs a host', { hint: "e.g. smtp({ host: 'smtp.qq.com' })" });
  if (Boolean(user) !== Boolean(pass)) {
    throw new ConfigError(`smtp() got ${user ? 'a user but no password' : 'a password but no user'}`, {
      hint: 'pass both user and pass (for QQ Mail: the full address and its 16-character 授权码), or neither',
    });
  }
  const port = Number(options.port ?? (options.secure ? 465 : 587));
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ConfigError(
      `smtp() port must be a number between 1 and 65535, got ${JSON.stringify(options.port)}`,
    );
  }
  if (port === 465 && options.secure === false) {
    throw new ConfigError('Port 465 uses implicit TLS, but secure is false', {
      hint: 'remove "secure: false" (or set true); a plain connection to 465 fails with "Greeting never received"',
    });
  }
  if (port === 587 && options.secure === true) {
    throw new ConfigError('Port 587 uses STARTTLS, but secure is true', {
      hint: 'remove "secure: true" (or use port 465); TLS straight away on 587 fails with "wrong version number"',
    });
  }
  const secure = options.secure ?? port === 465;
  return {
    host: options.host,
    port,
    secure,
    // Credentials on a connection that did not start encrypted: require STARTTLS rather than AUTH in clear.
    requireTLS: !secure && (port === 587 || Boolean(user)),
    user,
    pool: options.pool ?? true,
    maxConnections: options.maxConnections,
    maxMessages: options.maxMessages,
    provider: options.provider,
    senderMustMatchUser: options.senderMustMatchUser ?? false,
  };
}

function fieldOf(message: ComposedMessage, address: string): string {
  if (message.from.address === address) return 'from';
  const fields = [
    ['to', message.to],
    ['cc', message.cc],
    ['bcc', message.bcc],
  ] as const;
  return fields.find(([, list]) => list.some((a) => a.address === address))?.[0] ?? 'to';
}

/** nodemailer lists recipients as strings or `{ address }` objects; results carry strings. */
function addressText(a: string | Address | { address: string }): string {
  return typeof a === 'string' ? a : a.address;
}

/** The provider's name from its preset ("QQ Mail"), for messages. */
function providerLabel(provider: string | undefined): string {
  return (provider && PRESETS[provider as PresetName]?.description) || 'the SMTP server';
}

/** Query options a URL may carry, e.g. `smtps://u:p@host:465?pool=false&maxConnections=1`. */
const NUMBER_OPTIONS = [
  'maxConnections',
  'maxMessages',
  'rateLimit',
  'rateDelta',
  'connectionTimeout',
  'greetingTimeout',
  'socketTimeout',
  'sendTimeout',
] as const;
const URL_OPTIONS = ['pool', 'name', ...NUMBER_OPTIONS] as const;

/** The SMTP options a URL's query gives, checked by name and type. */
export function smtpUrlOptions(dsn: Dsn): Partial<SmtpOptions> {
  const out: Record<string, DsnOption> = {};
  for (const [key, value] of Object.entries(dsn.options)) {
    if (!(URL_OPTIONS as readonly string[]).includes(key)) {
      throw new ConfigError(`Unknown option "${key}" in ${dsn}`, {
        hint: `valid options: ${URL_OPTIONS.join(', ')}`,
      });
    }
    const wanted = key === 'pool' ? 'boolean' : key === 'name' ? 'string' : 'number';
    if (typeof value !== wanted) {
      throw new ConfigError(`Option "${key}" in ${dsn} must be a ${wanted}`);
    }
    out[key] = value;
  }
  return out as Partial<SmtpOptions>;
}

/** `smtps://user:pass@host:465` (implicit TLS) and `smtp://user:pass@host:587` (STARTTLS required). */
export const smtpDefinition = defineTransport({
  schemes: ['smtp', 'smtps'],
  dsn: {
    host: 'required',
    example: 'smtps://user:pass@smtp.example.com:465 or smtp://user:pass@smtp.example.com:587',
  },
  create: (dsn) => {
    // In a URL the scheme is the TLS mode: say which scheme to write, not which option to remove.
    if (dsn.port === 587 && dsn.scheme === 'smtps') {
      throw new ConfigError(
        'smtps:// (implicit TLS) on port 587, which expects STARTTLS: TLS would fail with "wrong version number"',
        {
          hint: 'use smtps:// for 465, smtp:// for 587',
        },
      );
    }
    if (dsn.port === 465 && dsn.scheme === 'smtp') {
      throw new ConfigError(
        'smtp:// (STARTTLS) on port 465, which expects implicit TLS: it would fail with "Greeting never received"',
        {
          hint: 'use smtps:// for 465, smtp:// for 587',
        },
      );
    }
    return smtp({
      ...smtpUrlOptions(dsn),
      host: dsn.host,
      port: dsn.port,
      secure: dsn.scheme === 'smtps',
      user: dsn.user,
      pass: dsn.password,
    });
  },
});
