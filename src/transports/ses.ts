import { ConfigError } from '../errors/ConfigError.js';
import { toMime } from '../message/mime.js';
import type { ComposedMessage, SendResult, Transport, TransportCapabilities } from '../types.js';
import { byStatus, httpRequest, type ProviderFailure, providerError } from './http.js';
import { defineTransport } from './registry.js';
import { amzDate, sigV4 } from './signing.js';

export interface SesCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** For temporary credentials (STS, an assumed role). */
  sessionToken?: string;
}

export interface SesOptions {
  /** @default process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION */
  region?: string;
  /** @default AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN from the environment */
  credentials?: SesCredentials;
  /** A configuration set (event publishing to SNS, dedicated IPs). */
  configurationSet?: string;
  /** API base URL; tests point it at a local server. @default `https://email.<region>.amazonaws.com` */
  endpoint?: string;
  /** Deadline of one request, in ms. @default 30000 */
  timeoutMs?: number;
}

export interface SesTransport extends Transport {
  readonly capabilities: TransportCapabilities;
  verify(): Promise<void>;
}

/** SES sends mailsmith's MIME as is, so everything carries over, DKIM included. */
const CAPABILITIES: TransportCapabilities = {
  attachments: true,
  cc: true,
  bcc: true,
  headers: true,
  rawMime: true,
  dkim: true,
};

/** SES v2 error types (x-amzn-ErrorType / `__type`), from its API reference. */
function classify(status: number, type: string, message: string): ProviderFailure {
  if (
    /^(UnrecognizedClient|InvalidSignature|SignatureDoesNotMatch|IncompleteSignature|InvalidClientTokenId|ExpiredToken|AccessDenied|MissingAuthenticationToken)/i.test(
      type,
    )
  ) {
    return {
      code: 'AUTH_FAILED',
      retryable: false,
      hint: 'check the AWS credentials, the region, and that the IAM policy allows ses:SendEmail',
    };
  }
  if (/TooManyRequests|Throttling|LimitExceeded/i.test(type)) {
    return {
      code: 'RATE_LIMITED',
      retryable: true,
      hint: 'SES throttled the account (sending rate or daily quota): slow down (mailer rateLimit) and retry later',
    };
  }
  if (
    /MailFromDomainNotVerified/i.test(type) ||
    (/MessageRejected/i.test(type) && /not verified|identit/i.test(message))
  ) {
    return {
      code: 'SENDER_MISMATCH',
      retryable: false,
      hint:
        'verify the sender address or domain in the SES console (Identities) for this region; in the sandbox, ' +
        'recipients must be verified too',
    };
  }
  if (/MessageRejected/i.test(type)) {
    return {
      code: 'CONTENT_REJECTED',
      retryable: false,
      hint: 'SES rejected the message: see the message for why',
    };
  }
  if (/AccountSuspended|SendingPaused/i.test(type)) {
    return {
      code: 'TRANSPORT',
      retryable: false,
      hint: 'sending is paused for this account or configuration set: see the SES console',
    };
  }
  return byStatus(status);
}

/**
 * Amazon SES over the v2 API, `SendEmail` with `Content.Raw.Data` = mailsmith's own MIME (`toMime()`),
 * so attachments, cc, bcc, headers and DKIM all carry over. Requests are SigV4-signed by hand with
 * node:crypto: one call does not justify the AWS SDK's megabytes (see README "Providers").
 *
 * @example
 * ses({ region: 'eu-west-1' }); // credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
 * 'ses+api://AKIA…:SECRET@eu-west-1'
 */
export function ses(options: SesOptions = {}): SesTransport {
  const region = options.region ?? (process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || undefined);
  const credentials: Partial<SesCredentials> = options.credentials ?? {
    accessKeyId: process.env.AWS_ACCESS_KEY_ID || undefined,
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY || undefined,
    sessionToken: process.env.AWS_SESSION_TOKEN || undefined,
  };
  const missing = [
    !region && 'AWS_REGION',
    !credentials.accessKeyId && 'AWS_ACCESS_KEY_ID',
    !credentials.secretAccessKey && 'AWS_SECRET_ACCESS_KEY',
  ].filter(Boolean);
  if (missing.length) {
    throw new ConfigError(
      `Amazon SES needs a region and credentials: set ${missing.join(', ')}, or pass ses({ region, credentials })`,
      {
        hint: 'use an IAM user or role allowed ses:SendEmail, in the region where your identities are verified',
      },
    );
  }
  const { accessKeyId, secretAccessKey, sessionToken } = credentials as SesCredentials;
  const endpoint = (options.endpoint ?? `https://email.${region}.amazonaws.com`).replace(/\/+$/, '');
  const host = new URL(endpoint).host;
  const label =
    `ses+api://${accessKeyId}:****@${region}` +
    (options.endpoint ? `?endpoint=${encodeURIComponent(endpoint)}` : '');
  const secrets = [secretAccessKey, sessionToken];

  async function call(method: 'GET' | 'POST', path: string, payload: unknown, idempotent: boolean) {
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const url = `${endpoint}${path}`;
    const headers: Record<string, string> = {
      host,
      'x-amz-date': amzDate(new Date()),
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(sessionToken ? { 'x-amz-security-token': sessionToken } : {}),
    };
    headers.authorization = sigV4(
      { method, url, headers, body },
      { region: region as string, service: 'ses', accessKeyId, secretAccessKey },
    );
    // fetch sets Host itself (to the same value); undici refuses it as a request header.
    const { host: _host, ...sent } = headers;
    const answer = await httpRequest({
      url,
      method,
      headers: sent,
      body: body || undefined,
      timeoutMs: options.timeoutMs,
      transport: label,
      secrets,
      idempotent,
    });
    const requestId = answer.headers.get('x-amzn-requestid') ?? undefined;
    if (answer.status < 200 || answer.status >= 300) {
      const json = (answer.json ?? {}) as { __type?: string; message?: string; Message?: string };
      const type = (answer.headers.get('x-amzn-errortype') ?? json.__type ?? `HTTP${answer.status}`)
        .split(':')[0]
        ?.split('#')
        .at(-1) as string;
      const text = json.message ?? json.Message ?? answer.text.slice(0, 200);
      throw providerError(
        classify(answer.status, type, text),
        `Amazon SES refused the request (${answer.status} ${type}): ${text}`,
        {
          status: answer.status,
          providerCode: type,
          requestId,
          transport: label,
        },
      );
    }
    return { status: answer.status, json: answer.json as Record<string, unknown> | undefined, requestId };
  }

  return {
    name: 'ses',
    capabilities: CAPABILITIES,
    async send(message: ComposedMessage): Promise<SendResult> {
      // Bcc recipients are in Destination (the envelope), never in the MIME headers.
      const raw = await toMime(message);
      const { status, json, requestId } = await call(
        'POST',
        '/v2/email/outbound-emails',
        {
          Content: { Raw: { Data: raw.toString('base64') } },
          Destination: { ToAddresses: [...message.envelope.to] },
          FromEmailAddress: message.envelope.from,
          ...(options.configurationSet ? { ConfigurationSetName: options.configurationSet } : {}),
        },
        false,
      );
      const id = typeof json?.MessageId === 'string' ? json.MessageId : undefined;
      return {
        messageId: message.messageId,
        providerMessageId: id,
        accepted: [...message.envelope.to],
        rejected: [],
        response: `${status} Amazon SES accepted the message (MessageId ${id ?? '?'}, RequestId ${requestId ?? '?'})`,
        envelope: message.envelope,
      };
    },
    async verify() {
      // GetAccount: checks credentials and region, sends nothing.
      await call('GET', '/v2/email/account', undefined, true);
    },
    toString: () => label,
  };
}

/** `ses+api://ACCESS_KEY_ID:SECRET@eu-west-1` (`?endpoint=`, `?configurationSet=`, `?timeoutMs=`). */
export const sesDefinition = defineTransport({
  schemes: ['ses+api'],
  dsn: { host: 'required', example: 'ses+api://AKIA…:SECRET@eu-west-1' },
  create: (dsn) =>
    ses({
      region: dsn.host,
      credentials:
        dsn.user && dsn.password
          ? {
              accessKeyId: dsn.user,
              secretAccessKey: dsn.password,
              ...(typeof dsn.options.sessionToken === 'string'
                ? { sessionToken: dsn.options.sessionToken }
                : {}),
            }
          : undefined,
      configurationSet:
        typeof dsn.options.configurationSet === 'string' ? dsn.options.configurationSet : undefined,
      endpoint: typeof dsn.options.endpoint === 'string' ? dsn.options.endpoint : undefined,
      timeoutMs: typeof dsn.options.timeoutMs === 'number' ? dsn.options.timeoutMs : undefined,
    }),
});
