import assert from 'node:assert/strict';
import { isMailerError } from '../errors/MailerError.js';
import { buildMessage, prepareEnvelope } from '../message/compose.js';
import { createSigner, generateDkimKeys, withSigner } from '../message/dkim.js';
import type { Attachment, ComposedMessage, SendResult, Transport, TransportCapabilities } from '../types.js';

/** A delivered message read back from wherever the transport put it (a server, a folder, memory). */
export interface ReceivedMessage {
  /** Bare sender address. */
  from: string;
  /** Bare `To` addresses as the recipient sees them. */
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  html: string;
  attachments: Array<{ filename?: string; content: Buffer }>;
}

type Suite = (name: string, body: () => void) => unknown;
type Test = (name: string, body: () => Promise<void>) => unknown;

export interface TestTransportOptions<T extends Transport> {
  /** Title of the suite. @default `transport conformance: <name>` */
  title?: string;
  /** Sender of the test messages (e.g. the SMTP login for servers that insist). @default 'sender@example.com' */
  from?: string;
  /**
   * Reads back what was delivered for a send. Without it only the transport's own report is checked;
   * with it the suite also checks the content survived (subject, both parts, attachments, addresses).
   */
  received?: (result: SendResult, transport: T) => ReceivedMessage | Promise<ReceivedMessage>;
  /** Strings `toString()` must never contain (passwords, 授权码). */
  secrets?: string[];
  /**
   * How many messages the backend has received so far (requests to a fake API, messages on a server).
   * With it, the suite checks that a refused message sent nothing.
   */
  delivered?: (transport: T) => number | Promise<number>;
  /** The template name the sample messages carry (a template-only API maps it to its own). @default 'conformance' */
  template?: string;
  /** The runner's `describe`/`it` (vitest, node:test…). @default the global `describe`/`it` */
  describe?: Suite;
  it?: Test;
}

const TEXT = [
  'Hello Ada — 你好 ✉',
  'Verify: https://example.com/verify?token=abc123&next=%2Fhome',
  `A long line, so that transports which wrap or quote-print lines must restore it: ${'0123456789 '.repeat(9)}end`,
].join('\n');
const HTML =
  '<!doctype html><html><body><p>Hello <b>Ada</b> — 你好 ✉</p>' +
  '<a href="https://example.com/verify?token=abc123&amp;next=%2Fhome">Verify</a></body></html>';
const BINARY = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const NOTES = 'héllo 世界\nsecond line\n';

type Feature = 'attachments' | 'cc' | 'bcc' | 'headers' | 'dkim';
const FEATURES: readonly Feature[] = ['attachments', 'cc', 'bcc', 'headers', 'dkim'];

/** What a transport declares it carries; no declaration means everything. */
function declares(capabilities: TransportCapabilities | undefined, feature: Feature): boolean {
  if (!capabilities) return true;
  if (feature === 'dkim') return capabilities.dkim && capabilities.rawMime;
  return capabilities[feature] !== false;
}

let dkimSigner: ReturnType<typeof createSigner> | undefined;
function signer() {
  if (!dkimSigner) {
    const keys = generateDkimKeys({ domainName: 'example.com', keySelector: 'conformance', bits: 1024 });
    dkimSigner = createSigner({
      domainName: 'example.com',
      keySelector: 'conformance',
      privateKey: keys.privateKey,
    });
  }
  return dkimSigner;
}

/** The sample message, with exactly the optional features in `features`. */
async function sample(
  from: string,
  subject: string,
  features: ReadonlySet<Feature> = new Set(FEATURES),
  template = 'conformance',
): Promise<ComposedMessage> {
  const attachments: Attachment[] = [
    { filename: 'data.bin', content: BINARY, contentType: 'application/octet-stream' },
    { filename: '报告 ü.txt', content: NOTES, contentType: 'text/plain; charset=utf-8' },
  ];
  const envelope = await prepareEnvelope(from, {
    to: ['"Ada Lovelace 李" <ada@example.com>', 'grace@example.org'],
    ...(features.has('cc') ? { cc: '"Zoë 张三" <zhang@example.net>' } : {}),
    ...(features.has('bcc') ? { bcc: 'hidden@example.com' } : {}),
    ...(features.has('attachments') ? { attachments } : {}),
    ...(features.has('headers') ? { headers: { 'X-Conformance': 'yes' } } : {}),
  });
  const message = buildMessage(envelope, { subject, html: HTML, text: TEXT }, { template, data: {} });
  return features.has('dkim') ? withSigner(message, signer()) : message;
}

/** The features a transport declares, for its sample messages. */
function supported(t: Transport): Set<Feature> {
  return new Set(FEATURES.filter((f) => declares(t.capabilities, f)));
}

const lines = (s: string) => s.replace(/\r\n?/g, '\n').trimEnd();
const sorted = (list: string[]) => list.map((a) => a.toLowerCase()).sort();

function checkResult(result: SendResult, message: ComposedMessage): void {
  assert.ok(result && typeof result === 'object', 'send() must resolve to a SendResult object');
  assert.equal(typeof result.messageId, 'string', 'result.messageId must be a string');
  assert.ok(result.messageId.length > 0, 'result.messageId must not be empty');
  assert.ok(
    Array.isArray(result.accepted) && Array.isArray(result.rejected),
    'accepted/rejected must be arrays',
  );
  assert.deepEqual(sorted(result.accepted), sorted(message.envelope.to), 'every recipient must be accepted');
  assert.deepEqual(result.rejected, [], 'no recipient may be rejected');
  assert.equal(typeof result.response, 'string', 'result.response must be a string');
  assert.ok(result.response.length > 0, 'result.response must describe what happened');
  assert.equal(result.envelope.from.toLowerCase(), message.envelope.from.toLowerCase(), 'envelope.from');
  assert.deepEqual(sorted(result.envelope.to), sorted(message.envelope.to), 'envelope.to (bcc included)');
}

function checkReceived(got: ReceivedMessage, message: ComposedMessage): void {
  const expected = message.attachments.length > 0 ? ['data.bin', '报告 ü.txt'].sort() : [];
  assert.equal(got.subject, message.subject, 'subject must arrive intact');
  assert.equal(lines(got.text), lines(message.text), 'text part must arrive intact');
  assert.equal(lines(got.html), lines(message.html), 'HTML part must arrive intact');
  assert.equal(got.from.toLowerCase(), message.from.address.toLowerCase(), 'sender');
  assert.deepEqual(sorted(got.to), sorted(message.to.map((a) => a.address)), 'To addresses');
  assert.deepEqual(sorted(got.cc), sorted(message.cc.map((a) => a.address)), 'Cc addresses');
  const names = got.attachments.map((a) => a.filename).sort();
  assert.deepEqual(names, expected, 'attachment filenames');
  if (expected.length === 0) return;
  const bin = got.attachments.find((a) => a.filename === 'data.bin');
  assert.ok(
    bin && Buffer.compare(Buffer.from(bin.content), BINARY) === 0,
    'binary attachment bytes must match',
  );
  const notes = got.attachments.find((a) => a.filename === '报告 ü.txt');
  assert.equal(notes && Buffer.from(notes.content).toString('utf8'), NOTES, 'text attachment must match');
}

async function using<T extends Transport>(factory: () => T | Promise<T>, body: (t: T) => Promise<void>) {
  const transport = await factory();
  try {
    await body(transport);
  } finally {
    await transport.close?.();
  }
}

/**
 * The conformance suite every mailsmith transport passes; run it for your own transport too. Each
 * test builds a fresh transport with `factory` and closes it afterwards.
 *
 * @example
 * import { describe, it } from 'vitest';
 * import { testTransport } from 'mailsmith/testing';
 * testTransport(() => myTransport({ apiKey: 'test' }), {
 *   describe, it,
 *   received: async (result) => parse(await myFakeApi.lastRequest()),
 * });
 */
export function testTransport<T extends Transport>(
  factory: () => T | Promise<T>,
  options: TestTransportOptions<T> = {},
): void {
  const globals = globalThis as { describe?: Suite; it?: Test };
  const describe = options.describe ?? globals.describe;
  const it = options.it ?? globals.it;
  if (!describe || !it) {
    throw new TypeError(
      "testTransport() needs the runner's describe and it: pass { describe, it } from 'vitest' or " +
        "'node:test', or use testTransport from 'mailsmith/vitest'",
    );
  }
  const from = options.from ?? 'sender@example.com';
  const template = options.template ?? 'conformance';
  let name = 'transport';

  describe(options.title ?? 'transport conformance', () => {
    it('has a name and a toString() without secrets', async () => {
      await using(factory, async (t) => {
        name = t.name;
        assert.equal(typeof t.name, 'string', 'transport.name must be a string');
        assert.ok(t.name.length > 0, 'transport.name must not be empty');
        const printed = String(t);
        assert.ok(
          printed.length > 0 && printed !== '[object Object]',
          'toString() must describe the transport',
        );
        for (const secret of options.secrets ?? []) {
          assert.ok(!printed.includes(secret), `toString() of ${name} must not contain a secret`);
        }
      });
    });

    it('sends text, HTML, attachments, a unicode subject and unicode names, and reports the result', async () => {
      await using(factory, async (t) => {
        const message = await sample(
          from,
          '欢迎 Ada — Ünïcödé ✉ subject that is long enough to be folded 🎉',
          supported(t),
          template,
        );
        const result = await t.send(message);
        checkResult(result, message);
        if (options.received) checkReceived(await options.received(result, t), message);
      });
    });

    it('delivers concurrent sends independently', async () => {
      await using(factory, async (t) => {
        const features = supported(t);
        const messages = await Promise.all(
          [1, 2, 3].map((i) => sample(from, `Concurrent ${i} 並行`, features, template)),
        );
        const results = await Promise.all(messages.map((m) => t.send(m)));
        for (const [i, result] of results.entries()) checkResult(result, messages[i] as ComposedMessage);
        assert.equal(new Set(results.map((r) => r.messageId)).size, 3, 'each send needs its own messageId');
        if (!options.received) return;
        for (const [i, result] of results.entries()) {
          const got = await options.received(result, t);
          assert.equal(got.subject, messages[i]?.subject, 'each result must belong to its own message');
        }
      });
    });

    it('verifies when it can, sends after verify, and closes cleanly (twice)', async () => {
      const t = await factory();
      await t.verify?.();
      const message = await sample(from, 'After verify', supported(t), template);
      checkResult(await t.send(message), message);
      await t.close?.();
      await t.close?.();
    });

    it('refuses each feature it does not declare with CONFIG, sending nothing', async () => {
      await using(factory, async (t) => {
        const missing = FEATURES.filter((f) => !declares(t.capabilities, f));
        for (const feature of missing) {
          const message = await sample(from, `Needs ${feature}`, new Set([feature]), template);
          const before = await options.delivered?.(t);
          const error = await t.send(message).then(
            () => undefined,
            (e: unknown) => e,
          );
          assert.ok(error, `a message with ${feature} must be refused, not sent without it`);
          assert.ok(
            isMailerError(error) && error.code === 'CONFIG',
            `refusing ${feature} must be a CONFIG error`,
          );
          assert.match(error.message, new RegExp(`\\b${feature}\\b`), `the error must name ${feature}`);
          assert.ok(error.hint, `refusing ${feature} must say what to do`);
          if (options.delivered) {
            assert.equal(await options.delivered(t), before, `nothing may be sent for a refused ${feature}`);
          }
        }
      });
    });
  });
}
