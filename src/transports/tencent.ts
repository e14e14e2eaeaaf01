import { assertCapabilities } from '../delivery/capabilities.js';
import { ConfigError } from '../errors/ConfigError.js';
import type { Address, ComposedMessage, SendResult, Transport, TransportCapabilities } from '../types.js';
import { byStatus, httpRequest, type ProviderFailure, providerError } from './http.js';
import { defineTransport } from './registry.js';
import { tc3 } from './signing.js';

export interface TencentOptions {
  /** @default process.env.TENCENTCLOUD_SECRET_ID */
  secretId?: string;
  /** @default process.env.TENCENTCLOUD_SECRET_KEY */
  secretKey?: string;
  /** `ap-guangzhou` or `ap-hongkong` (the regions SendEmail serves). @default 'ap-guangzhou' */
  region?: string;
  /**
   * mailsmith template name → TemplateID approved in the SES console (模板). The API sends approved
   * templates only; a template without a mapping is a `CONFIG` error.
   */
  templates: Record<string, number>;
  /** Attachments are enabled per account by Tencent; set true once yours is. @default false */
  attachments?: boolean;
  /** API base URL; tests point it at a local server. @default 'https://ses.tencentcloudapi.com' */
  endpoint?: string;
  /** Deadline of one request, in ms. @default 30000 */
  timeoutMs?: number;
}

export interface TencentTransport extends Transport {
  readonly capabilities: TransportCapabilities;
  verify(): Promise<void>;
}

const VERSION = '2020-10-02';
const CONTENT_TYPE = 'application/json; charset=utf-8';

/** Tencent Cloud's error codes (common AuthFailure.* and SES's FailedOperation.*), by family. */
function classify(code: string): ProviderFailure {
  if (code === 'AuthFailure.SignatureExpire') {
    return {
      code: 'AUTH_FAILED',
      retryable: false,
      hint: "check this machine's clock (NTP): the request time is off by over 5 minutes",
    };
  }
  if (code.startsWith('AuthFailure') || code === 'UnauthorizedOperation') {
    return {
      code: 'AUTH_FAILED',
      retryable: false,
      hint: 'check the SecretId/SecretKey (CAM console → API密钥) and that the key may call SES (QcloudSESFullAccess)',
    };
  }
  if (
    /RequestLimitExceeded|LimitExceeded|FrequencyLimit|ExceedSendLimit|Quota|HighRejectionRate/i.test(code)
  ) {
    return {
      code: 'RATE_LIMITED',
      retryable: true,
      hint: 'Tencent SES throttled the account (20 requests/s by default) or the daily quota is used up: slow down and retry',
    };
  }
  if (/Sender|Domain|FromEmail|NotAuthenticated/i.test(code)) {
    return {
      code: 'SENDER_MISMATCH',
      retryable: false,
      hint: 'create and verify the sender domain and address in the SES console (发信域名, 发信地址), and send from that address',
    };
  }
  if (/Template/i.test(code)) {
    return {
      code: 'CONTENT_REJECTED',
      retryable: false,
      hint: 'check the TemplateID is approved (SES console → 模板) and the data has every variable it uses',
    };
  }
  if (/Receiver|Destination|EmailAddr|IncorrectEmail|Unsubscribed|Blacklist|Recipient/i.test(code)) {
    return {
      code: 'RECIPIENT_REJECTED',
      retryable: false,
      hint: 'check the recipient address (or its blocklist entry in the SES console)',
    };
  }
  if (/Spam|Content|Attachment|Subject/i.test(code)) {
    return { code: 'CONTENT_REJECTED', retryable: false, hint: 'Tencent SES refused the content' };
  }
  if (/^InternalError|ServiceUnavailable/.test(code)) {
    return { code: 'TRANSPORT', retryable: true, hint: 'Tencent SES failed; retry later' };
  }
  return byStatus(400);
}

const mailbox = (a: Address) => (a.name ? `${a.name.replace(/[:<>"]/g, '')} <${a.address}>` : a.address);

/**
 * Tencent Cloud SES (腾讯云邮件推送) over its API, `SendEmail` (TC3-HMAC-SHA256 signed by hand with
 * node:crypto). The API sends **console-approved templates only**: this transport maps the mailsmith
 * template name to a TemplateID (`templates: { welcome: 12345 }`) and passes the send's data as
 * `TemplateData`; Tencent renders the mail, so mailsmith's own HTML is not sent. To send your own HTML,
 * use the SMTP preset `tencent-ses://`. cc and bcc are carried; attachments only with `attachments: true`.
 *
 * @example
 * tencent({ secretId, secretKey, region: 'ap-guangzhou', templates: { welcome: 12345 } });
 */
export function tencent(options: TencentOptions): TencentTransport {
  const secretId = options.secretId ?? (process.env.TENCENTCLOUD_SECRET_ID || undefined);
  const secretKey = options.secretKey ?? (process.env.TENCENTCLOUD_SECRET_KEY || undefined);
  const missing = [!secretId && 'TENCENTCLOUD_SECRET_ID', !secretKey && 'TENCENTCLOUD_SECRET_KEY'].filter(
    Boolean,
  );
  if (missing.length) {
    throw new ConfigError(
      `Tencent Cloud SES needs an API key: set ${missing.join(' and ')}, or pass tencent({ secretId, secretKey })`,
      { hint: 'create one in the CAM console → 访问密钥 → API密钥管理, for a user allowed to use SES' },
    );
  }
  const templates = options.templates ?? {};
  for (const [name, id] of Object.entries(templates)) {
    if (!Number.isInteger(id) || id <= 0) {
      throw new ConfigError(
        `tencent templates.${name} must be a TemplateID (a positive integer), got ${JSON.stringify(id)}`,
        {
          hint: 'copy the ID of the approved template from the SES console → 模板',
        },
      );
    }
  }
  const region = options.region ?? 'ap-guangzhou';
  const endpoint = (options.endpoint ?? 'https://ses.tencentcloudapi.com').replace(/\/+$/, '');
  const host = new URL(endpoint).host;
  const label =
    `tencent://${secretId}:****@${region}` +
    (options.endpoint ? `?endpoint=${encodeURIComponent(endpoint)}` : '');
  const secrets = [secretKey];

  async function call(action: string, payload: Record<string, unknown>, idempotent: boolean) {
    const body = JSON.stringify(payload);
    const timestamp = Math.floor(Date.now() / 1000);
    const authorization = tc3(
      { host, contentType: CONTENT_TYPE, body, timestamp },
      { service: 'ses', secretId: secretId as string, secretKey: secretKey as string },
    );
    const answer = await httpRequest({
      url: `${endpoint}/`,
      headers: {
        authorization,
        'content-type': CONTENT_TYPE,
        'x-tc-action': action,
        'x-tc-version': VERSION,
        'x-tc-timestamp': String(timestamp),
        'x-tc-region': region,
      },
      body,
      timeoutMs: options.timeoutMs,
      transport: label,
      secrets,
      idempotent,
    });
    // Tencent answers 200 with Response.Error for API errors.
    const response = ((answer.json ?? {}) as { Response?: Record<string, unknown> }).Response ?? {};
    const error = response.Error as { Code?: string; Message?: string } | undefined;
    const requestId = typeof response.RequestId === 'string' ? response.RequestId : undefined;
    if (error || answer.status < 200 || answer.status >= 300) {
      const code = error?.Code ?? `HTTP${answer.status}`;
      const failure = error ? classify(code) : byStatus(answer.status);
      throw providerError(
        failure,
        `Tencent Cloud SES refused ${action} (${code}): ${error?.Message ?? answer.text.slice(0, 200)}`,
        { status: answer.status, providerCode: code, requestId, transport: label },
      );
    }
    return { status: answer.status, response, requestId };
  }

  const transport: TencentTransport = {
    name: 'tencent',
    capabilities: {
      attachments: options.attachments ?? false,
      cc: true,
      bcc: true,
      headers: false,
      rawMime: false,
      dkim: false,
      alternative: 'the SMTP preset tencent-ses://sender:SMTPPASS@',
    },
    async send(message: ComposedMessage): Promise<SendResult> {
      assertCapabilities(transport, message);
      const name = message.template;
      const id = name === undefined ? undefined : templates[name];
      if (id === undefined) {
        throw new ConfigError(
          name === undefined
            ? `tencent transport (${label}) sends templates only, and this message has none`
            : `tencent transport (${label}) has no TemplateID for template "${name}"`,
          {
            hint:
              `map it: tencent({ templates: { ${JSON.stringify(name ?? 'welcome')}: 12345 } }) with the ID approved in the ` +
              'SES console → 模板, or send your own HTML through the SMTP preset tencent-ses://sender:SMTPPASS@',
          },
        );
      }
      if (message.replyTo.length > 1) {
        throw new ConfigError(
          `tencent transport (${label}) cannot send replyTo (${message.replyTo.length} addresses; ReplyToAddresses takes one)`,
          {
            hint: 'give one reply-to address, or use the SMTP preset tencent-ses://',
          },
        );
      }
      // SendEmail's documented limits: Destination ≤ 50, Cc ≤ 20, Bcc ≤ 20 (more is an API error).
      for (const [field, list, max] of [
        ['to', message.to, 50],
        ['cc', message.cc, 20],
        ['bcc', message.bcc, 20],
      ] as const) {
        if (list.length > max) {
          throw new ConfigError(
            `tencent transport (${label}) cannot send ${field} (${list.length} addresses; SendEmail takes ${max})`,
            { hint: 'split the recipients over several sends (sendMany), one message each' },
          );
        }
      }
      const { status, response, requestId } = await call(
        'SendEmail',
        {
          FromEmailAddress: mailbox(message.from),
          Destination: message.to.map((a) => a.address),
          ...(message.cc.length ? { Cc: message.cc.map((a) => a.address) } : {}),
          ...(message.bcc.length ? { Bcc: message.bcc.map((a) => a.address) } : {}),
          Subject: message.subject,
          ...(message.replyTo[0] ? { ReplyToAddresses: message.replyTo[0].address } : {}),
          Template: { TemplateID: id, TemplateData: JSON.stringify(message.data ?? {}) },
          ...(message.attachments.length
            ? {
                Attachments: message.attachments.map((a) => ({
                  FileName: a.filename ?? 'attachment',
                  Content: a.content,
                })),
              }
            : {}),
          TriggerType: 1,
        },
        false,
      );
      const providerId = typeof response.MessageId === 'string' ? response.MessageId : undefined;
      return {
        messageId: message.messageId,
        providerMessageId: providerId,
        accepted: [...message.envelope.to],
        rejected: [],
        response: `${status} Tencent Cloud SES accepted the message (MessageId ${providerId ?? '?'}, RequestId ${requestId ?? '?'})`,
        envelope: message.envelope,
      };
    },
    async verify() {
      // Lists the sender domains: checks the key and its SES permission, sends nothing.
      await call('ListEmailIdentities', {}, true);
    },
    toString: () => label,
  };
  return transport;
}

/** `tencent://SECRETID:SECRETKEY@ap-guangzhou?template.welcome=12345` (`&endpoint=`, `&timeoutMs=` too). */
export const tencentDefinition = defineTransport({
  schemes: ['tencent'],
  dsn: { host: 'required', example: 'tencent://SECRETID:SECRETKEY@ap-guangzhou?template.welcome=12345' },
  create: (dsn) =>
    tencent({
      secretId: dsn.user,
      secretKey: dsn.password,
      region: dsn.host,
      templates: Object.fromEntries(
        Object.entries(dsn.options)
          .filter(([k]) => k.startsWith('template.'))
          .map(([k, v]) => [k.slice('template.'.length), Number(v)]),
      ),
      endpoint: typeof dsn.options.endpoint === 'string' ? dsn.options.endpoint : undefined,
      timeoutMs: typeof dsn.options.timeoutMs === 'number' ? dsn.options.timeoutMs : undefined,
    }),
});
