import { assertCapabilities } from '../delivery/capabilities.js';
import { ConfigError } from '../errors/ConfigError.js';
import type { Address, ComposedMessage, SendResult, Transport, TransportCapabilities } from '../types.js';
import { byStatus, httpRequest, type ProviderFailure, providerError } from './http.js';
import { defineTransport } from './registry.js';

export interface ResendOptions {
  /** API key (`re_…`). @default process.env.RESEND_API_KEY */
  apiKey?: string;
  /** API base URL; tests point it at a local server. @default 'https://api.resend.com' */
  endpoint?: string;
  /** Deadline of one request, in ms. @default 30000 */
  timeoutMs?: number;
}

export interface ResendTransport extends Transport {
  readonly capabilities: TransportCapabilities;
  verify(): Promise<void>;
}

const DEFAULT_ENDPOINT = 'https://api.resend.com';

/** Resend builds the MIME and signs with the domain's DKIM itself; everything else a message has, it takes. */
const CAPABILITIES: TransportCapabilities = {
  attachments: true,
  cc: true,
  bcc: true,
  headers: true,
  rawMime: false,
  dkim: false,
  alternative: 'smtps://resend:API_KEY@smtp.resend.com:465 (Resend over SMTP)',
};

/** Maps Resend's documented error names (https://resend.com/docs/api-reference/errors). */
function classify(status: number, name: string, message: string): ProviderFailure {
  switch (name) {
    case 'missing_api_key':
    case 'invalid_api_key':
    case 'restricted_api_key':
      return {
        code: 'AUTH_FAILED',
        retryable: false,
        hint: 'check RESEND_API_KEY: create a key with sending access at resend.com/api-keys',
      };
    case 'rate_limit_exceeded':
      return {
        code: 'RATE_LIMITED',
        retryable: true,
        hint: 'Resend allows a few requests per second per team: set the mailer rateLimit and retry',
      };
    case 'daily_quota_exceeded':
    case 'monthly_quota_exceeded':
      return {
        code: 'RATE_LIMITED',
        retryable: true,
        hint: 'the Resend sending quota is used up: wait for it to reset or upgrade the plan',
      };
    case 'invalid_from_address':
      return {
        code: 'SENDER_MISMATCH',
        retryable: false,
        hint: 'use a From address at a domain verified in Resend (resend.com/domains)',
      };
    case 'invalid_attachment':
      return { code: 'CONTENT_REJECTED', retryable: false, hint: 'check the attachment names and types' };
  }
  if (status === 403 && /domain|verif|own email address/i.test(message)) {
    return {
      code: 'SENDER_MISMATCH',
      retryable: false,
      hint: 'verify the sender domain at resend.com/domains (without one, Resend sends only to your own address)',
    };
  }
  if (name === 'validation_error' && /`?(to|cc|bcc)`?\b/i.test(message)) {
    return { code: 'RECIPIENT_REJECTED', retryable: false, hint: 'check the recipient addresses' };
  }
  return byStatus(status);
}

const mailbox = (a: Address) => (a.name ? `${JSON.stringify(a.name)} <${a.address}>` : a.address);

/** The JSON body of `POST /emails` for a composed message. */
export function resendBody(message: ComposedMessage): Record<string, unknown> {
  return {
    from: mailbox(message.from),
    to: message.to.map(mailbox),
    ...(message.cc.length ? { cc: message.cc.map(mailbox) } : {}),
    ...(message.bcc.length ? { bcc: message.bcc.map(mailbox) } : {}),
    ...(message.replyTo.length ? { reply_to: message.replyTo.map(mailbox) } : {}),
    subject: message.subject,
    html: message.html,
    text: message.text,
    // Resend sets its own Message-ID; its webhooks name the message by `email_id` (providerMessageId).
    ...(Object.keys(message.headers).length ? { headers: message.headers } : {}),
    ...(message.attachments.length
      ? {
          attachments: message.attachments.map((a) => ({
            filename: a.filename,
            content: a.content,
            ...(a.contentType ? { content_type: a.contentType } : {}),
            ...(a.cid ? { content_id: a.cid } : {}),
          })),
        }
      : {}),
  };
}

/**
 * Resend over its HTTP API (`POST /emails`, plain `fetch`): html, text, cc, bcc, reply-to, headers and
 * base64 attachments. Each send carries an `Idempotency-Key` (the message's idempotency key, else its
 * Message-ID), so a retry after a lost answer cannot send twice. DKIM is Resend's: a mailer `dkim`
 * option is refused.
 *
 * @example
 * createMailer({ transport: resend({ apiKey: process.env.RESEND_API_KEY }) });
 * createMailer({ transport: 'resend://re_123@default' });
 */
export function resend(options: ResendOptions = {}): ResendTransport {
  const apiKey = options.apiKey ?? (process.env.RESEND_API_KEY || undefined);
  if (!apiKey) {
    throw new ConfigError('Resend needs an API key: set RESEND_API_KEY, or pass resend({ apiKey })', {
      hint: 'create one at resend.com/api-keys (sending access is enough)',
    });
  }
  const endpoint = (options.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, '');
  const label = `resend://****@default${options.endpoint ? `?endpoint=${encodeURIComponent(endpoint)}` : ''}`;
  const secrets = [apiKey];
  const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };

  const fail = (status: number, json: unknown, requestId: string | undefined, from?: string) => {
    const body = (json ?? {}) as { name?: string; message?: string };
    const name = body.name ?? `http_${status}`;
    const text = body.message ?? `HTTP ${status}`;
    return providerError(
      classify(status, name, text),
      `Resend refused the request (${status} ${name}): ${text}`,
      {
        status,
        providerCode: name,
        requestId,
        transport: label,
        from,
      },
    );
  };

  const transport: ResendTransport = {
    name: 'resend',
    capabilities: CAPABILITIES,
    async send(message: ComposedMessage): Promise<SendResult> {
      assertCapabilities(transport, message);
      if (message.to.length > 50) {
        // Resend's documented maximum; past it the API answers a validation_error about `to`.
        throw new ConfigError(
          `resend transport (${label}) cannot send to (${message.to.length} addresses; Resend takes 50)`,
          {
            hint: 'split the recipients over several sends (sendMany), one message each',
          },
        );
      }
      const answer = await httpRequest({
        url: `${endpoint}/emails`,
        headers: {
          ...headers,
          'idempotency-key': (message.idempotencyKey ?? message.messageId).slice(0, 256),
        },
        body: JSON.stringify(resendBody(message)),
        timeoutMs: options.timeoutMs,
        transport: label,
        secrets,
        idempotent: true,
      });
      const requestId = answer.headers.get('x-request-id') ?? undefined;
      if (answer.status < 200 || answer.status >= 300) {
        throw fail(answer.status, answer.json, requestId, message.from.address);
      }
      const id = (answer.json as { id?: string } | undefined)?.id ?? '';
      return {
        messageId: message.messageId,
        providerMessageId: id || undefined,
        accepted: [...message.envelope.to],
        rejected: [],
        response: `${answer.status} Resend accepted the message${id ? ` (id ${id})` : ''}`,
        envelope: message.envelope,
      };
    },
    async verify() {
      // Listing domains needs full access; a sending-only key answers restricted_api_key, which still
      // proves the key is valid. Nothing is sent either way.
      const answer = await httpRequest({
        url: `${endpoint}/domains`,
        method: 'GET',
        headers,
        timeoutMs: options.timeoutMs,
        transport: label,
        secrets,
        idempotent: true,
      });
      const name = (answer.json as { name?: string } | undefined)?.name;
      if (answer.status === 200 || name === 'restricted_api_key') return;
      throw fail(answer.status, answer.json, answer.headers.get('x-request-id') ?? undefined);
    },
    toString: () => label,
  };
  return transport;
}

/** `resend://KEY@default` (or `resend://:KEY@`); `?endpoint=` and `?timeoutMs=` as options. */
export const resendDefinition = defineTransport({
  schemes: ['resend'],
  dsn: { example: 'resend://re_123@default' },
  create: (dsn) =>
    resend({
      apiKey: dsn.password || dsn.user,
      endpoint: typeof dsn.options.endpoint === 'string' ? dsn.options.endpoint : undefined,
      timeoutMs: typeof dsn.options.timeoutMs === 'number' ? dsn.options.timeoutMs : undefined,
    }),
});
