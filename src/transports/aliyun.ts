import { randomUUID } from 'node:crypto';
import { assertCapabilities } from '../delivery/capabilities.js';
import { ConfigError } from '../errors/ConfigError.js';
import { SenderMismatchError } from '../errors/SenderMismatchError.js';
import type { ComposedMessage, SendResult, Transport, TransportCapabilities } from '../types.js';
import { byStatus, httpRequest, type ProviderFailure, providerError } from './http.js';
import { defineTransport } from './registry.js';
import { aliyunRpcSignature } from './signing.js';

export interface AliyunOptions {
  /** @default process.env.ALIBABA_CLOUD_ACCESS_KEY_ID */
  accessKeyId?: string;
  /** @default process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET */
  accessKeySecret?: string;
  /** DirectMail region: `cn-hangzhou`, `ap-southeast-1`, `ap-southeast-2`, `us-east-1`, `eu-central-1`. @default 'cn-hangzhou' */
  region?: string;
  /** The sender address (发信地址) created in the DirectMail console; From must be it. */
  accountName: string;
  /** API base URL; tests point it at a local server. @default the region's `https://dm….aliyuncs.com` */
  endpoint?: string;
  /** Deadline of one request, in ms. @default 30000 */
  timeoutMs?: number;
}

export interface AliyunTransport extends Transport {
  readonly capabilities: TransportCapabilities;
  readonly defaultFrom: string;
  /**
   * DirectMail sends as `accountName` only; this is what `createMailer` (a `from` no failover member
   * may refuse) and `mailsmith verify` read, as for the SMTP presets.
   */
  readonly config: { readonly user: string; readonly senderMustMatchUser: true; readonly region: string };
  verify(): Promise<void>;
}

const VERSION = '2015-11-23';
/** SingleSendMail's documented limits. */
export const ALIYUN_LIMITS = { subjectChars: 100, bodyBytes: 80 * 1024, fromAliasChars: 15, recipients: 100 };

function capabilities(): TransportCapabilities {
  return {
    attachments: false,
    cc: false,
    bcc: false,
    headers: false,
    rawMime: false,
    dkim: false,
    alternative: 'the SMTP preset aliyun-dm://sender:SMTPPASS@',
  };
}

/** DirectMail's error codes (help.aliyun.com, "DirectMail error codes"), by family. */
function classify(status: number, code: string): ProviderFailure {
  if (
    /^(InvalidAccessKeyId|SignatureDoesNotMatch|IncompleteSignature|InvalidSecurityToken|Forbidden|Signature|NoPermission)/i.test(
      code,
    )
  ) {
    return {
      code: 'AUTH_FAILED',
      retryable: false,
      hint: 'check the AccessKey pair (RAM console → AccessKey) and that its RAM user has AliyunDirectMailFullAccess',
    };
  }
  if (/^(InvalidTimeStamp|SignatureNonceUsed)/i.test(code)) {
    return {
      code: 'AUTH_FAILED',
      retryable: false,
      hint: "check this machine's clock (NTP): the request time is off",
    };
  }
  if (/Throttling|Quota|OutOfLimit|Exceed|Frequency/i.test(code)) {
    return {
      code: 'RATE_LIMITED',
      retryable: true,
      hint: 'DirectMail throttled the account or the daily quota is used up: slow down (mailer rateLimit) and retry later',
    };
  }
  if (/MailAddress|Sender|AccountName|Domain|FromAlias|ReplyAddress/i.test(code)) {
    return {
      code: 'SENDER_MISMATCH',
      retryable: false,
      hint:
        'create and verify the sender address and its domain in the DirectMail console (发信域名 and 发信地址), ' +
        'and send from exactly that address',
    };
  }
  if (/ToAddress|Receiver|Recipient|Rcpt/i.test(code)) {
    return { code: 'RECIPIENT_REJECTED', retryable: false, hint: 'check the recipient addresses' };
  }
  if (/Spam|Content|Body|Subject|Tag/i.test(code)) {
    return {
      code: 'CONTENT_REJECTED',
      retryable: false,
      hint: 'DirectMail refused the content: check subject and body',
    };
  }
  return byStatus(status);
}

function endpointFor(region: string): string {
  return region === 'cn-hangzhou' ? 'https://dm.aliyuncs.com' : `https://dm.${region}.aliyuncs.com`;
}

/**
 * Aliyun DirectMail (阿里云邮件推送) over its API, `SingleSendMail` (RPC style, HMAC-SHA1 signed by hand
 * with node:crypto): html, text, one reply-to address (`ReplyAddress`) and the sender's display name
 * (`FromAlias`). It has no attachments, cc, bcc or custom headers, and limits the subject to 100
 * characters and each body to 80 KB: a message needing more is a `CONFIG` error before any request,
 * pointing to the SMTP preset `aliyun-dm://`, which carries everything.
 *
 * @example
 * aliyun({ accessKeyId, accessKeySecret, region: 'cn-hangzhou', accountName: 'noreply@mail.acme.cn' });
 * 'aliyun://KEY:SECRET@cn-hangzhou?accountName=noreply@mail.acme.cn'
 */
export function aliyun(options: AliyunOptions): AliyunTransport {
  const accessKeyId = options.accessKeyId ?? (process.env.ALIBABA_CLOUD_ACCESS_KEY_ID || undefined);
  const accessKeySecret =
    options.accessKeySecret ?? (process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET || undefined);
  const missing = [
    !accessKeyId && 'ALIBABA_CLOUD_ACCESS_KEY_ID',
    !accessKeySecret && 'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  ].filter(Boolean);
  if (missing.length) {
    throw new ConfigError(
      `Aliyun DirectMail needs an AccessKey: set ${missing.join(' and ')}, or pass aliyun({ accessKeyId, accessKeySecret })`,
      {
        hint: 'create an AccessKey for a RAM user with AliyunDirectMailFullAccess (RAM console → Users → AccessKey)',
      },
    );
  }
  const accountName = options.accountName;
  if (typeof accountName !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(accountName)) {
    throw new ConfigError('Aliyun DirectMail needs accountName: the sender address created in its console', {
      hint: "pass aliyun({ …, accountName: 'noreply@mail.acme.cn' }) or ?accountName=… in the URL",
    });
  }
  const region = options.region ?? 'cn-hangzhou';
  if (!/^[a-z]{2}-[a-z]+(-\d+)?$/.test(region)) {
    throw new ConfigError(`"${region}" is not a DirectMail region`, {
      hint: 'use cn-hangzhou, ap-southeast-1, ap-southeast-2, us-east-1 or eu-central-1',
    });
  }
  const endpoint = (options.endpoint ?? endpointFor(region)).replace(/\/+$/, '');
  const label =
    `aliyun://${accessKeyId}:****@${region}?accountName=${encodeURIComponent(accountName)}` +
    (options.endpoint ? `&endpoint=${encodeURIComponent(endpoint)}` : '');
  const secrets = [accessKeySecret];

  async function call(action: string, params: Record<string, string>, idempotent: boolean) {
    const all: Record<string, string> = {
      Action: action,
      Version: VERSION,
      Format: 'JSON',
      AccessKeyId: accessKeyId as string,
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: randomUUID(),
      Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      RegionId: region,
      ...params,
    };
    all.Signature = aliyunRpcSignature('POST', all, accessKeySecret as string);
    const answer = await httpRequest({
      url: `${endpoint}/`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(all).toString(),
      timeoutMs: options.timeoutMs,
      transport: label,
      secrets,
      idempotent,
    });
    const json = (answer.json ?? {}) as {
      Code?: string;
      Message?: string;
      RequestId?: string;
      EnvId?: string;
    };
    if (answer.status < 200 || answer.status >= 300 || json.Code) {
      const code = json.Code ?? `HTTP${answer.status}`;
      throw providerError(
        classify(answer.status, code),
        `DirectMail refused ${action} (${answer.status} ${code}): ${json.Message ?? answer.text.slice(0, 200)}`,
        { status: answer.status, providerCode: code, requestId: json.RequestId, transport: label },
      );
    }
    return { status: answer.status, json };
  }

  /** The checks SingleSendMail would fail (or silently truncate), before any request. */
  function check(message: ComposedMessage): void {
    assertCapabilities(transport, message);
    const refuse = (what: string) =>
      new ConfigError(`aliyun transport (${label}) cannot send ${what}`, {
        hint: 'send through the SMTP preset aliyun-dm://sender:SMTPPASS@, which has none of these limits',
      });
    if ([...message.subject].length > ALIYUN_LIMITS.subjectChars) {
      throw refuse(
        `subject of ${[...message.subject].length} characters (SingleSendMail allows ${ALIYUN_LIMITS.subjectChars})`,
      );
    }
    for (const field of ['html', 'text'] as const) {
      const bytes = Buffer.byteLength(message[field]);
      if (bytes > ALIYUN_LIMITS.bodyBytes) {
        throw refuse(`${field} body of ${Math.ceil(bytes / 1024)} KB (SingleSendMail allows 80 KB)`);
      }
    }
    if ([...message.from.name].length > ALIYUN_LIMITS.fromAliasChars) {
      throw refuse(
        `from name "${message.from.name}" of ${[...message.from.name].length} characters (FromAlias allows ${ALIYUN_LIMITS.fromAliasChars})`,
      );
    }
    if (message.replyTo.length > 1)
      throw refuse(`replyTo (${message.replyTo.length} addresses; ReplyAddress takes one)`);
    if (message.envelope.to.length > ALIYUN_LIMITS.recipients) {
      throw refuse(
        `to (${message.envelope.to.length} addresses; ToAddress takes ${ALIYUN_LIMITS.recipients})`,
      );
    }
    if (message.from.address.toLowerCase() !== accountName.toLowerCase()) {
      throw new SenderMismatchError(
        `From address ${message.from.address} is not the DirectMail sender address ${accountName}`,
        {
          from: message.from.address,
          login: accountName,
          transport: label,
          hint: `send from ${accountName} (leave "from" unset), or create ${message.from.address} as a sender address in the DirectMail console`,
        },
      );
    }
  }

  const transport: AliyunTransport = {
    name: 'aliyun',
    capabilities: capabilities(),
    defaultFrom: accountName,
    config: { user: accountName, senderMustMatchUser: true, region },
    async send(message: ComposedMessage): Promise<SendResult> {
      check(message);
      const reply = message.replyTo[0];
      const { status, json } = await call(
        'SingleSendMail',
        {
          AccountName: accountName,
          AddressType: '1',
          ReplyToAddress: reply ? 'true' : 'false',
          ...(reply
            ? { ReplyAddress: reply.address, ...(reply.name ? { ReplyAddressAlias: reply.name } : {}) }
            : {}),
          ToAddress: message.envelope.to.join(','),
          ...(message.from.name ? { FromAlias: message.from.name } : {}),
          Subject: message.subject,
          HtmlBody: message.html,
          TextBody: message.text,
          ...(message.template ? { TagName: tagName(message.template) } : {}),
        },
        false,
      );
      return {
        messageId: message.messageId,
        providerMessageId: json.EnvId,
        accepted: [...message.envelope.to],
        rejected: [],
        response: `${status} DirectMail accepted the message (EnvId ${json.EnvId ?? '?'}, RequestId ${json.RequestId ?? '?'})`,
        envelope: message.envelope,
      };
    },
    async verify() {
      // Reads the account summary: checks the AccessKey and its DirectMail permission, sends nothing.
      await call('DescAccountSummary', {}, true);
    },
    toString: () => label,
  };
  return transport;
}

/** DirectMail tags are letters, digits, `-` and `_`, at most 128: the template name, tidied. */
function tagName(template: string): string {
  return template.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 128);
}

/** `aliyun://KEY:SECRET@cn-hangzhou?accountName=noreply@mail.acme.cn` (`&endpoint=`, `&timeoutMs=` too). */
export const aliyunDefinition = defineTransport({
  schemes: ['aliyun'],
  dsn: {
    host: 'required',
    addressesInQuery: true,
    example: 'aliyun://KEY:SECRET@cn-hangzhou?accountName=noreply@mail.acme.cn',
  },
  create: (dsn) =>
    aliyun({
      accessKeyId: dsn.user,
      accessKeySecret: dsn.password,
      region: dsn.host,
      accountName: String(dsn.options.accountName ?? ''),
      endpoint: typeof dsn.options.endpoint === 'string' ? dsn.options.endpoint : undefined,
      timeoutMs: typeof dsn.options.timeoutMs === 'number' ? dsn.options.timeoutMs : undefined,
    }),
});
