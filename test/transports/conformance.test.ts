import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AddressObject, simpleParser } from 'mailparser';
import { afterAll, beforeAll } from 'vitest';
import { fakeTransport, type ReceivedMessage } from '../../src/testing/index.js';
import { type MemoryMessage, memory } from '../../src/transports/memory.js';
import { type OutboxResult, outbox } from '../../src/transports/outbox.js';
import { smtp } from '../../src/transports/smtp.js';
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
