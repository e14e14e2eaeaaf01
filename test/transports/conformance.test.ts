import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AddressObject, simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertCapabilities } from '../../src/delivery/capabilities.js';
import { fakeTransport, type ReceivedMessage } from '../../src/testing/index.js';
import { type MemoryMessage, memory } from '../../src/transports/memory.js';
import { type OutboxResult, outbox } from '../../src/transports/outbox.js';
import { smtp } from '../../src/transports/smtp.js';
import type { Transport } from '../../src/types.js';
import { testTransport } from '../../src/vitest/index.js';
import { startSmtpServer, TEST_CA, type TestServer } from '../helpers/smtp-server.js';

// Every transport in the repo passes the same suite third-party transports can run. The SMTP server is
// in-process smtp-server over implicit TLS with AUTH, so it always runs (no external service involved).

const addresses = (field: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) => a.value.map((v) => v.address ?? ''));

async function parse(raw: Buffer | string): Promise<ReceivedMessage & { messageId?: string }> {
  const mail = await simpleParser(raw);
  return {
    messageId: mail.messageId,
    from: mail.from?.value[0]?.address ?? '',
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    subject: mail.subject ?? '',
    text: mail.text ?? '',
    html: typeof mail.html === 'string' ? mail.html : '',
    attachments: mail.attachments.map((a) => ({ filename: a.filename, content: a.content })),
  };
}

/** What memory-backed transports kept, in the shape the suite compares. */
function fromMemory(messages: MemoryMessage[], messageId: string): ReceivedMessage {
  const m = messages.find((x) => x.messageId === messageId);
  if (!m) throw new Error(`no message ${messageId} kept`);
  return {
    from: m.from.address,
    to: m.to.map((a) => a.address),
    cc: m.cc.map((a) => a.address),
    subject: m.subject,
    text: m.text,
    html: m.html,
    attachments: m.attachments.map((a) => ({
      filename: a.filename,
      content: a.content,
    })),
  };
}

testTransport(() => memory(), {
  title: 'memory transport conformance',
  received: (result, t) => fromMemory(t.messages, result.messageId),
});

testTransport(() => fakeTransport(), {
  title: 'fakeTransport conformance',
  received: (result, t) => fromMemory(t.messages, result.messageId),
});

const outboxDir = mkdtempSync(join(tmpdir(), 'mailsmith-conformance-'));
testTransport(() => outbox({ dir: outboxDir }), {
  title: 'outbox transport conformance',
  received: (result) => parse(readFileSync((result as OutboxResult).files.eml)),
});

const USER = 'sender@example.com';
const PASS = 'conformance-授权码-secret';
let server: TestServer;
beforeAll(async () => {
  server = await startSmtpServer({ secure: true, auth: { user: USER, pass: PASS } });
});
afterAll(() => server?.close());

testTransport(
  () =>
    smtp({
      host: server.host,
      port: server.port,
      secure: true,
      user: USER,
      pass: PASS,
      tls: { ca: TEST_CA },
    }),
  {
    title: 'smtp transport conformance (smtp-server over TLS with AUTH)',
    from: USER,
    secrets: [PASS, encodeURIComponent(PASS)],
    received: async (result) => {
      for (const message of server.messages) {
        const parsed = await parse(message.raw);
        if (parsed.messageId === result.messageId) return parsed;
      }
      throw new Error(`the server received no message ${result.messageId}`);
    },
  },
);

/** A field-based provider (no attachments, cc, bcc, headers or DKIM) that refuses what it cannot carry. */
function fieldsOnly(opts: { check: boolean } = { check: true }) {
  const inner = memory();
  const t: Transport & { messages: MemoryMessage[] } = {
    name: 'fields',
    capabilities: { attachments: false, cc: false, bcc: false, headers: false, rawMime: false, dkim: false },
    messages: inner.messages,
    async send(message) {
      if (opts.check) assertCapabilities(t, message);
      return inner.send(message);
    },
    toString: () => 'fields://',
  };
  return t;
}

testTransport(() => fieldsOnly(), {
  title: 'field-based transport conformance (declares no attachments/cc/bcc/headers/dkim)',
  received: (result, t) => fromMemory(t.messages, result.messageId),
  delivered: (t) => t.messages.length,
});

describe('testTransport catches a transport that drops what it does not declare', () => {
  it('fails the refusal test for a transport that sends without the attachments', async () => {
    const tests = new Map<string, () => Promise<void>>();
    testTransport(() => fieldsOnly({ check: false }), {
      describe: (_name, body) => body(),
      it: (name, body) => tests.set(name, body),
      delivered: (t) => t.messages.length,
    });
    const refusal = [...tests].find(([name]) => name.startsWith('refuses each feature'))?.[1];
    await expect(refusal?.()).rejects.toThrow(/must be refused, not sent without it/);
    // The features it does carry still pass.
    await expect(
      tests.get('verifies when it can, sends after verify, and closes cleanly (twice)')?.(),
    ).resolves.toBeUndefined();
  });
});
