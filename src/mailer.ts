import { resolve } from 'node:path';
import type { HelperDelegate } from 'handlebars';
import { createDelivery } from './delivery/deliver.js';
import {
  createEmitter,
  type MailerEventName,
  type MailerListener,
  type MailerLogger,
} from './delivery/events.js';
import type { BeforeSend } from './delivery/hooks.js';
import type { IdempotencyOptions } from './delivery/idempotency.js';
import type { RetryOptions } from './delivery/retry.js';
import {
  type SendManyItem,
  type SendManyOptions,
  type SendManyResult,
  sendMany,
} from './delivery/send-many.js';
import type { SuppressionList, SuppressionPolicy } from './delivery/suppression.js';
import { ConfigError } from './errors/ConfigError.js';
import { parseAddresses } from './message/address.js';
import { buildMessage, checkComposed, type PreparedEnvelope, prepareEnvelope } from './message/compose.js';
import { createSigner, type DkimOptions } from './message/dkim.js';
import { type CompiledTemplates, createPrebuiltRenderer } from './render/prebuilt.js';
import { createRenderer } from './render/renderer.js';
import type { Renderer } from './render/types.js';
import { leafTransports } from './transports/group.js';
import { qq } from './transports/qq.js';
import { resolveTransport } from './transports/resolve.js';
import type {
  ComposedMessage,
  LocaleName,
  RateLimit,
  Rendered,
  SendOptions,
  SendResult,
  TemplateRegistry,
  Transport,
} from './types.js';
import { type UnsubscribeTarget, unsubscribeHeaders } from './unsubscribe/headers.js';
import {
  createValidator,
  type RegistryWith,
  type TemplateDataOf,
  type TemplateNameOf,
  type TemplateSchemas,
} from './validate/index.js';

export type { RegistryWith, TemplateDataOf, TemplateNameOf };

/** A `sendMany` item typed from the registry: `{ template, data, to, …send options }`. */
export type SendManyItemOf<R> = {
  [N in TemplateNameOf<R>]: SendManyItem<N, TemplateDataOf<R, N>>;
}[TemplateNameOf<R>];

export interface MailerOptions<S extends TemplateSchemas = TemplateSchemas> {
  /**
   * Folder of templates, one sub-folder per template, compiled on first use; or the module written by
   * `mailsmith build` (`import compiled from './mail.compiled.js'`), which needs no compiler at runtime.
   * @default './templates'
   */
  templates?: string | CompiledTemplates;
  /**
   * Where mail goes: a transport (`qq()`, `smtp()`, `memory()`, `outbox()`, your own) or a URL
   * (`smtps://user:pass@host:465`, `qq://user:code@`, `memory://`, `outbox://./outbox`).
   * @default `MAILSMITH_TRANSPORT` when set, else `qq()` with MAILSMITH_SMTP_USER / MAILSMITH_SMTP_PASS
   */
  transport?: Transport | string;
  /** Default sender, e.g. `"Acme" <10001@qq.com>`. @default `MAILSMITH_FROM`, else the SMTP login */
  from?: string;
  /** Handlebars helpers available to every template. */
  helpers?: Record<string, HelperDelegate>;
  /**
   * Default locale of sends that name none; needs catalogs in `templates/_locales/<locale>.json`.
   * @default `fallbackLocale`
   */
  locale?: LocaleName;
  /**
   * Last step of every message lookup: `zh-CN` → `zh` → `fallbackLocale`.
   * @default 'en' when `_locales/en.json` exists, else the first catalog
   */
  fallbackLocale?: LocaleName;
  /** Standard Schemas (zod, valibot, arktype…) per template; they type the data and validate it. */
  schemas?: S;
  /** Check data against the schema or the template's inferred requirements before rendering. @default true */
  validate?: boolean;
  /**
   * How often (ms) cached templates check their files for changes; `false` never.
   * @default 1000, or `false` when `NODE_ENV` is `production`
   */
  checkInterval?: number | false;
  /**
   * Cap on the attachments' total size per message. Attachments are read into the composed message
   * (base64), so a queue carries them; above the cap a `CONFIG` error suggests linking the file.
   * @default 10485760 (10 MB)
   */
  maxAttachmentBytes?: number;
  /**
   * Retries of failed sends: exponential backoff with jitter, only for retryable errors (connection
   * failures, timeouts, 4xx; `RATE_LIMITED` waits longer). `DELIVERY_UNKNOWN` is not retried unless
   * `retryDeliveryUnknown` is set. `false` turns retries off.
   * @default { attempts: 3, minDelayMs: 1000, maxDelayMs: 30000 }
   */
  retry?: RetryOptions | false;
  /**
   * At most `messages` sends per `perMs` ms for this mailer, across all pooled connections (nodemailer's
   * own limit is per connection). `false` turns off a preset's default.
   * @default none; QQ/Exmail/163/126 presets: { messages: 1, perMs: 2000 }
   */
  rateLimit?: RateLimit | false;
  /**
   * Where `idempotencyKey`s are kept and for how long. Sends with one key happen once: a repeat returns
   * the first result. The default store is in memory (one process); share a store (e.g. Redis) across
   * processes. @default { store: memoryIdempotencyStore(), ttlMs: 86400000 }
   */
  idempotency?: IdempotencyOptions;
  /**
   * Runs before each delivery: return a changed message, `false` to cancel, or nothing. Several run in
   * order. `redirectAll('qa@163.com')` is one.
   * @example
   * createMailer({ beforeSend: [redirectAll('qa@163.com'), (m) => ({ ...m, subject: `[staging] ${m.subject}` })] });
   */
  beforeSend?: BeforeSend | BeforeSend[];
  /**
   * Addresses not to mail; every recipient is checked before anything connects and a suppressed one
   * fails the send with `RECIPIENT_SUPPRESSED`. `mailsmith/bounces` provides stores.
   */
  suppressions?: SuppressionList;
  /** Which templates bypass unsubscribes, and whether other recipients still get the mail. */
  suppressionPolicy?: SuppressionPolicy;
  /**
   * A pino-style logger (`info(fields, msg)`, `warn`, `error`, optional `debug`): one line per event
   * (`rendered` debug, `sent` info, `retrying` warn, `failed` error) with template, Message-ID,
   * recipients, timings and the error code. Never a body or a secret.
   */
  logger?: MailerLogger;
  /** Also log the subject, text and HTML of sent and failed messages (debugging only: bodies hold personal data). @default false */
  logBodies?: boolean;
  /**
   * Signs every message with DKIM where its MIME is built, so SMTP, the outbox and raw-MIME providers
   * all send it signed. `mailsmith dkim keygen` makes a key and prints the DNS record.
   * @example
   * createMailer({ dkim: { domainName: 'acme.cn', keySelector: 's1', privateKey: process.env.DKIM_KEY! } });
   */
  dkim?: DkimOptions;
  /**
   * One-click unsubscribe for every send: return the URL (or `{ url, mailto }`) for a recipient and
   * template, or `false` for templates that must not carry it (password reset, verification).
   * @example
   * unsubscribe: ({ to, template }) =>
   *   template === 'password-reset' ? false : unsubscribeUrl(to, { secret, base: 'https://acme.cn/unsubscribe', template }),
   */
  unsubscribe?: UnsubscribeOption;
}

/** The mailer's `unsubscribe` option: a link per recipient and template, or `false` for none. */
export type UnsubscribeOption = (context: {
  to: string;
  template: string;
}) => string | UnsubscribeTarget | false | undefined;

/**
 * Per-call overrides of the mailer's delivery policies, for a caller that owns them itself: the queue
 * worker retries with BullMQ's attempts and paces with BullMQ's queue-wide limiter, so it delivers
 * with `{ retry: false, rateLimit: false }`.
 */
export interface DeliverOptions {
  /** `false`: one attempt, whatever the mailer's `retry` says. */
  retry?: false;
  /** `false`: no mailer-wide pace (nor a preset's default one) for this delivery. */
  rateLimit?: false;
}

/** A mailer bound to one recipient list: `mailer.to('ada@163.com').send('welcome', data)`. */
export interface BoundMailer<R> {
  send<N extends TemplateNameOf<R>>(
    template: N,
    data: TemplateDataOf<R, N>,
    options?: Omit<SendOptions, 'to'>,
  ): Promise<SendResult>;
}

export interface Mailer<R = TemplateRegistry> {
  /**
   * Renders a template and sends it. Addresses, headers, attachments and data are checked first:
   * bad input throws a MailerError and nothing is sent.
   * @example
   * await mailer.send('welcome', { name: 'Ada' }, { to: 'ada@163.com' });
   */
  send<N extends TemplateNameOf<R>>(
    template: N,
    data: TemplateDataOf<R, N>,
    options?: SendOptions,
  ): Promise<SendResult>;
  /**
   * Checks and renders a message without sending it: validated data, addresses, headers, Message-ID,
   * subject/html/text and attachments (read into base64). The result is plain JSON, so a queue or a
   * log can carry it; `deliver()` sends it later.
   * @example
   * const message = await mailer.compose('welcome', { name: 'Ada' }, { to: 'ada@163.com' });
   * await queue.add('mail', message); // … later, in a worker:
   * await mailer.deliver(message);
   */
  compose<N extends TemplateNameOf<R>>(
    template: N,
    data: TemplateDataOf<R, N>,
    options?: SendOptions,
  ): Promise<ComposedMessage>;
  /**
   * Sends one composed message through the transport. `send()` is `deliver(await compose())`.
   * @example
   * await mailer.deliver(await mailer.compose('welcome', data, { to }));
   */
  deliver(message: ComposedMessage, options?: DeliverOptions): Promise<SendResult>;
  /**
   * Sends many messages with bounded concurrency (through the pool and the rate limit). Never throws
   * for one failure: resolves to one outcome per item, in order.
   * @example
   * const outcomes = await mailer.sendMany(
   *   users.map((u) => ({ template: 'digest', data: { name: u.name }, to: u.email })),
   *   { concurrency: 10, onProgress: ({ done, total }) => bar.update(done / total) },
   * );
   * const failed = outcomes.filter((o) => o.status === 'failed');
   */
  sendMany(items: ReadonlyArray<SendManyItemOf<R>>, options?: SendManyOptions): Promise<SendManyResult[]>;
  /**
   * Listens to `rendered`, `sent`, `failed` and `retrying`; returns a function that stops listening.
   * @example
   * mailer.on('failed', ({ template, recipients, error }) => metrics.increment(`mail.failed.${error.code}`));
   */
  on<E extends MailerEventName>(event: E, listener: MailerListener<E>): () => void;
  /**
   * Drops compiled templates from the cache so the next render reads the files again: one template,
   * or all of them. The preview calls it when files change; call it after editing templates at runtime.
   *
   * @example
   * mailer.invalidate('welcome');
   */
  invalidate(name?: string): void;
  /** Binds recipients: `mailer.to('ada@163.com').send('welcome', data)`. */
  to(to: string | string[]): BoundMailer<R>;
  /** Renders without sending: `{ subject, html, text }`. */
  render<N extends TemplateNameOf<R>>(
    template: N,
    data: TemplateDataOf<R, N>,
    options?: { locale?: LocaleName },
  ): Promise<Rendered>;
  /** Connects and authenticates (when the transport can), sends nothing. */
  verify(): Promise<void>;
  /**
   * Waits for sends in flight (at most `timeoutMs`, default 30 s), then closes pooled connections.
   * A send after close fails at once with `CLOSED` (not retryable).
   *
   * @example
   * process.on('SIGTERM', () => mailer.close({ timeoutMs: 10_000 }));
   */
  close(options?: { timeoutMs?: number }): Promise<void>;
  /** The transport in use. */
  readonly transport: Transport;
  /** Swaps the transport (e.g. in tests); returns a function that restores the previous one. */
  useTransport(transport: Transport | string): () => void;
  /** Absolute path of the templates folder (for a prebuilt module: the folder it was built from). */
  readonly templates: string;
}

// The mailer's cache, for the CLI and the preview inside this package; not part of the public API.
const renderers = new WeakMap<object, Renderer>();

/** The compiled-template cache of a mailer made by {@link createMailer} (internal). */
export function rendererOf(mailer: object): Renderer | undefined {
  return renderers.get(mailer);
}

function defaultTransport(): Transport {
  const url = process.env.MAILSMITH_TRANSPORT;
  return url ? resolveTransport(url) : qq();
}

/**
 * Creates a mailer: templates compiled once, rendered per send, delivered through a transport.
 *
 * @example
 * import { createMailer, qq } from 'mailsmith';
 * const mailer = createMailer({
 *   templates: './templates',
 *   transport: qq({ user: '10001@qq.com', pass: process.env.QQ_SMTP_CODE }),
 *   from: '"Acme" <10001@qq.com>',
 * });
 * await mailer.send('welcome', { name: 'Ada' }, { to: 'ada@163.com' });
 */
export function createMailer<S extends TemplateSchemas = Record<never, never>>(
  options: MailerOptions<S> = {},
): Mailer<RegistryWith<NoInfer<S>>> {
  // Anything but a path is taken for a built module; a wrong object fails there with a CONFIG error.
  const renderer =
    typeof options.templates === 'object' && options.templates !== null
      ? createPrebuiltRenderer(options.templates, {
          helpers: options.helpers,
          locale: options.locale,
          fallbackLocale: options.fallbackLocale,
        })
      : createRenderer({
          dir: resolve((options.templates as string | undefined) ?? './templates'),
          helpers: options.helpers,
          checkInterval: options.checkInterval,
          locale: options.locale,
          fallbackLocale: options.fallbackLocale,
        });
  const templates = renderer.dir;
  const validator = createValidator({
    schemas: options.schemas,
    enabled: options.validate ?? true,
    helpers: Object.keys(options.helpers ?? {}),
  });
  // The default transport needs credentials; creating it lazily lets render() work without them.
  let current: Transport | undefined =
    options.transport === undefined ? undefined : resolveTransport(options.transport);
  if (current) checkMemberSenders(current, options.from ?? (process.env.MAILSMITH_FROM || undefined));
  const transport = (): Transport => {
    current ??= defaultTransport();
    return current;
  };

  /**
   * The hot path stays synchronous while the template is cached: validate, render, one resolved
   * promise. Only a cold or stale template (or an async schema) goes through the awaits.
   * Variables mailsmith provides (`unsubscribeUrl`) join the data after validation: they are not fields.
   */
  function render(template: string, data: unknown, provided?: object, locale?: string): Promise<Rendered> {
    const compiled = renderer.peek(template, locale);
    if (!compiled) return renderCold(template, data, provided, locale);
    try {
      const checked = validator.validate(compiled, data);
      if (checked instanceof Promise) return checked.then((d) => compiled.render(withProvided(d, provided)));
      return Promise.resolve(compiled.render(withProvided(checked, provided)));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async function renderCold(
    template: string,
    data: unknown,
    provided?: object,
    locale?: string,
  ): Promise<Rendered> {
    const compiled = await renderer.get(template, locale);
    const checked = await validator.validate(compiled, data);
    return compiled.render(withProvided(checked, provided));
  }

  async function compose(
    template: string,
    data: unknown,
    sendOptions: SendOptions = {},
  ): Promise<ComposedMessage> {
    const via = transport();
    // An empty MAILSMITH_FROM (a blank line in .env) is unset, as the credential variables are.
    const from =
      sendOptions.from ?? options.from ?? (process.env.MAILSMITH_FROM || undefined) ?? via.defaultFrom;
    if (!from) {
      throw new ConfigError(`No sender for ${via}`, {
        hint: 'pass "from" to createMailer() or send(), or set MAILSMITH_FROM',
      });
    }
    const envelope = await prepareEnvelope(from, sendOptions, {
      maxAttachmentBytes: options.maxAttachmentBytes,
    });
    const unsubscribe = unsubscribeFor(template, envelope, sendOptions.unsubscribe);
    if (unsubscribe) Object.assign(envelope.headers, unsubscribeHeaders(unsubscribe, envelope.headers));
    const started = performance.now();
    const rendered = await render(
      template,
      data,
      unsubscribe ? { unsubscribeUrl: unsubscribe.url } : undefined,
      sendOptions.locale,
    );
    const locale = rendered.locale;
    const renderMs = Math.round((performance.now() - started) * 10) / 10;
    const message = buildMessage(envelope, rendered, {
      template,
      data,
      locale,
      idempotencyKey: sendOptions.idempotencyKey,
    });
    // A header the caller set wins over the one the locale implies.
    if (locale) message.headers = { 'Content-Language': locale, ...message.headers };
    renderTimes.set(message, renderMs);
    events.emit('rendered', {
      template,
      messageId: message.messageId,
      recipients: message.envelope.to,
      renderMs,
    });
    return message;
  }

  function unsubscribeFor(
    template: string,
    envelope: PreparedEnvelope,
    given: SendOptions['unsubscribe'],
  ): UnsubscribeTarget | undefined {
    if (given === false) return undefined;
    if (given !== undefined) return given;
    // One link per message: it names the first recipient, so send notifications one recipient at a time.
    const to = [...envelope.to, ...envelope.cc, ...envelope.bcc][0]?.address;
    const made = to === undefined ? undefined : options.unsubscribe?.({ to, template });
    if (!made) return undefined;
    return typeof made === 'string' ? { url: made } : made;
  }

  const events = createEmitter(options.logger, { logBodies: options.logBodies });
  const policies: Parameters<typeof createDelivery>[0] = {
    retry: options.retry,
    rateLimit: options.rateLimit,
    idempotency: options.idempotency,
    beforeSend: options.beforeSend,
    suppressions: options.suppressions,
    signer: options.dkim === undefined ? undefined : createSigner(options.dkim),
    suppressionPolicy: options.suppressionPolicy,
    events,
  };
  const delivery = createDelivery(policies);
  // Render time of the messages this mailer composed, for the `sent`/`failed` events.
  const renderTimes = new WeakMap<ComposedMessage, number>();

  // Deliveries with policies turned off per call, built on first use (one per combination). Everything
  // else (hooks, suppressions, signing, events) stays: only the retry and pace layers are the caller's.
  const overridden = new Map<string, ReturnType<typeof createDelivery>>();
  async function deliver(message: ComposedMessage, overrides: DeliverOptions = {}): Promise<SendResult> {
    const noRetry = overrides.retry === false;
    const noPace = overrides.rateLimit === false;
    checkComposed(message);
    const context = { renderMs: renderTimes.get(message) };
    if (!noRetry && !noPace) return delivery(transport(), message, context);
    const key = `${noRetry}:${noPace}`;
    let custom = overridden.get(key);
    if (custom === undefined) {
      custom = createDelivery({
        ...policies,
        ...(noRetry ? { retry: false } : {}),
        ...(noPace ? { rateLimit: false } : {}),
      });
      overridden.set(key, custom);
    }
    return custom(transport(), message, context);
  }

  async function send(template: string, data: unknown, sendOptions?: SendOptions): Promise<SendResult> {
    return deliver(await compose(template, data, sendOptions));
  }

  const mailer: Mailer<Record<string, Record<string, unknown>>> = {
    compose,
    deliver,
    send,
    sendMany: (items, manyOptions) =>
      sendMany(items, ({ template, data, ...rest }) => send(template, data, rest), manyOptions),
    on: (event, listener) => events.on(event, listener),
    invalidate: (name) => renderer.invalidate(name),
    render: (template, data, renderOptions) => render(template, data, undefined, renderOptions?.locale),
    to: (to) => ({ send: (template, data, rest = {}) => send(template, data, { ...rest, to }) }),
    async verify() {
      await transport().verify?.();
    },
    async close(options) {
      await current?.close?.(options);
    },
    get transport() {
      return transport();
    },
    useTransport(next) {
      const previous = current;
      current = resolveTransport(next);
      return () => {
        current = previous;
      };
    },
    templates,
  };
  renderers.set(mailer, renderer);
  return mailer as unknown as Mailer<RegistryWith<NoInfer<S>>>;
}

/**
 * In a failover/round-robin group, an explicit sender that a member's provider refuses (From ≠ login on
 * QQ, Exmail, NetEase) would only show up as a 501 when that member is first needed, maybe at 3 a.m.
 */
function checkMemberSenders(transport: Transport, from: string | undefined): void {
  const members = leafTransports(transport);
  if (!from || members.length < 2) return;
  const address = parseAddresses('from', from)[0]?.address.toLowerCase();
  for (const member of members) {
    const config = (member as { config?: { senderMustMatchUser?: boolean; user?: string } }).config;
    if (config?.senderMustMatchUser && config.user && config.user.toLowerCase() !== address) {
      throw new ConfigError(
        `${transport} cannot send as ${address}: member ${member} only sends as its login`,
        {
          hint: 'leave "from" unset so each member sends as its own login, or drop that member',
        },
      );
    }
  }
}

function withProvided(data: unknown, provided: object | undefined): unknown {
  return provided ? { ...(data as object), ...provided } : data;
}
