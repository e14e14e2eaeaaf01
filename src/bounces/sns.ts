import { createPublicKey, verify } from 'node:crypto';
import { InvalidEventError } from '../errors/InvalidEventError.js';

/** An Amazon SNS HTTP(S) delivery: the envelope around an SES notification. */
export interface SnsMessage {
  Type: 'Notification' | 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';
  MessageId: string;
  TopicArn: string;
  Subject?: string;
  Message: string;
  Timestamp: string;
  SignatureVersion: '1' | '2';
  Signature: string;
  SigningCertURL: string;
  SubscribeURL?: string;
  Token?: string;
}

/** Where SNS signing certificates live: `https://sns.<region>.amazonaws.com[.cn]/…`. */
const CERT_HOST = /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

/** Loads the PEM (certificate or public key) at a signing-cert URL; injectable for tests and caches. */
export type CertificateLoader = (url: string) => string | Promise<string>;

const cache = new Map<string, Promise<string>>();

/** Fetches a signing certificate once per URL (SNS rotates them rarely). */
const fetchCertificate: CertificateLoader = (url) => {
  let pending = cache.get(url);
  if (!pending) {
    pending = fetch(url, { signal: AbortSignal.timeout(10_000) }).then(async (r) => {
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      return r.text();
    });
    pending.catch(() => cache.delete(url));
    cache.set(url, pending);
  }
  return pending;
};

/** The string SNS signs: `Key\nValue\n` for each signed key present, in the documented order. */
function stringToSign(m: SnsMessage): string {
  const keys =
    m.Type === 'Notification'
      ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  return keys
    .filter((k) => (m as unknown as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${k}\n${(m as unknown as Record<string, string>)[k]}\n`)
    .join('');
}

/**
 * Verifies an SNS message's signature (SignatureVersion 1: SHA1withRSA, 2: SHA256withRSA) against the
 * certificate at `SigningCertURL`, which must be an https URL on an `sns.<region>.amazonaws.com` host:
 * anyone can sign a message with a certificate of their own.
 *
 * @throws InvalidEventError when the message is malformed, the URL is foreign or the signature fails
 */
export async function verifySns(
  m: SnsMessage,
  options: { certificate?: CertificateLoader; topicArns?: readonly string[] } = {},
): Promise<void> {
  const fail = (message: string, hint?: string) => new InvalidEventError('ses', message, { hint });
  for (const key of [
    'Type',
    'MessageId',
    'TopicArn',
    'Message',
    'Timestamp',
    'Signature',
    'SigningCertURL',
  ] as const) {
    if (typeof m[key] !== 'string')
      throw fail(`SNS message has no ${key}`, 'pass the raw request body SNS posted');
  }
  let url: URL;
  try {
    url = new URL(m.SigningCertURL);
  } catch {
    throw fail('SNS SigningCertURL is not a URL');
  }
  if (url.protocol !== 'https:' || !CERT_HOST.test(url.hostname) || !url.pathname.endsWith('.pem')) {
    throw fail(
      `SNS SigningCertURL ${url.origin} is not an Amazon SNS certificate`,
      'only sns.<region>.amazonaws.com certificates are trusted; the message is forged',
    );
  }
  if (options.topicArns && !options.topicArns.includes(m.TopicArn)) {
    throw fail(
      `SNS topic ${m.TopicArn} is not one this endpoint accepts`,
      'add it to topicArns, or check the subscription',
    );
  }
  const algorithm = m.SignatureVersion === '2' ? 'sha256' : m.SignatureVersion === '1' ? 'sha1' : undefined;
  if (!algorithm) throw fail(`SNS SignatureVersion ${JSON.stringify(m.SignatureVersion)} is unknown`);
  let pem: string;
  try {
    pem = await (options.certificate ?? fetchCertificate)(url.href);
  } catch (error) {
    throw new InvalidEventError('ses', `Could not load the SNS signing certificate ${url.href}`, {
      cause: error,
      retryable: true,
      hint: 'answer 5xx so SNS retries later',
    });
  }
  const ok = verify(
    algorithm,
    Buffer.from(stringToSign(m)),
    createPublicKey(pem),
    Buffer.from(m.Signature, 'base64'),
  );
  if (!ok)
    throw fail('SNS message signature does not verify', 'the message was altered or forged; answer 400');
}
