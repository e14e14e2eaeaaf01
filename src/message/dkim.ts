import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import DKIM from 'nodemailer/lib/dkim';
import { ConfigError } from '../errors/ConfigError.js';
import type { ComposedMessage } from '../types.js';

/** DKIM signing settings: the key whose public half is published at `<keySelector>._domainkey.<domainName>`. */
export interface DkimOptions {
  /** The signing domain (`d=`), e.g. `acme.cn`. It should be the From address's domain (DMARC alignment). */
  domainName: string;
  /** The selector (`s=`), e.g. `s1`: the DNS record is `s1._domainkey.acme.cn`. */
  keySelector: string;
  /** PEM private key (RSA or Ed25519). Never printed, logged or kept on the message. */
  privateKey: string;
}

// The key travels beside a message, never inside it: a ComposedMessage is JSON for queues and logs,
// and JSON.stringify skips symbol keys. The mailer attaches it at deliver time, so a worker's own
// mailer signs what it delivers, and every transport that calls toMime() signs without knowing DKIM.
const SIGNER = Symbol.for('mailsmith.dkim');

type Signable = ComposedMessage & { [SIGNER]?: DKIM };

/** A message that toMime() signs with `signer`. Returns a shallow copy; the input stays unsigned. */
export function withSigner(message: ComposedMessage, signer: DKIM | undefined): ComposedMessage {
  if (!signer) return message;
  return { ...message, [SIGNER]: signer } as Signable;
}

/** The signer attached to a message by the mailer, if any. */
export function signerOf(message: ComposedMessage): DKIM | undefined {
  return (message as Signable)[SIGNER];
}

/**
 * Checks DKIM settings once, at createMailer(), and returns the signer. Bad settings are a CONFIG error
 * that names the field and never echoes the key.
 */
export function createSigner(options: DkimOptions): DKIM {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError('dkim must be an object', {
      hint: "pass dkim: { domainName: 'acme.cn', keySelector: 's1', privateKey }",
    });
  }
  const { domainName, keySelector, privateKey } = options;
  if (typeof domainName !== 'string' || !/^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(domainName)) {
    throw new ConfigError(`dkim.domainName ${JSON.stringify(domainName)} is not a domain`, {
      hint: "use your From address's domain, e.g. 'acme.cn' (punycode for an IDN)",
    });
  }
  if (typeof keySelector !== 'string' || !/^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/i.test(keySelector)) {
    throw new ConfigError(`dkim.keySelector ${JSON.stringify(keySelector)} is not a DNS label`, {
      hint: "use the selector you published, e.g. 's1' for s1._domainkey.acme.cn",
    });
  }
  try {
    if (typeof privateKey !== 'string') throw new Error('not a string');
    createPrivateKey(privateKey);
  } catch {
    throw new ConfigError('dkim.privateKey is not a PEM private key', {
      hint: 'pass the PEM text (-----BEGIN PRIVATE KEY----- …), not a path; `mailsmith dkim keygen` makes one',
    });
  }
  return new DKIM({ domainName, keySelector, privateKey });
}

/** Signs RFC 5322 bytes: the DKIM-Signature header is prepended. */
export async function signMime(source: Buffer, signer: DKIM): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of signer.sign(source)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A new RSA key pair and the DNS TXT record that publishes its public half. */
export function generateDkimKeys(options: { domainName: string; keySelector: string; bits?: number }): {
  privateKey: string;
  publicKey: string;
  dnsName: string;
  dnsValue: string;
} {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: options.bits ?? 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const p = publicKey.replace(/-----[^-]+-----|\s+/g, '');
  return {
    privateKey,
    publicKey,
    dnsName: `${options.keySelector}._domainkey.${options.domainName}`,
    dnsValue: `v=DKIM1; k=rsa; p=${p}`,
  };
}
