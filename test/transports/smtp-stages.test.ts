import { afterEach, describe, expect, it } from 'vitest';
import { buildMessage, prepareEnvelope } from '../../src/message/compose.js';
import { type SmtpOptions, smtp } from '../../src/transports/smtp.js';
import { type Fault, startFaultySmtpServer } from '../helpers/faulty-smtp.js';
import { TEST_CA } from '../helpers/smtp-server.js';

const auth = { user: 'stage@acme.test', pass: 'stage-pass-1' };

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

async function sendThrough(fault: Fault, options: Partial<SmtpOptions> = {}) {
  const server = await startFaultySmtpServer(fault);
  const state = { received: () => server.raws.length };
  const transport = smtp({
    host: server.host,
    port: server.port,
    secure: true,
    ...auth,
    tls: { ca: TEST_CA },
    ...options,
  });
  cleanup.push(server.close, () => transport.close());
  const message = buildMessage(await prepareEnvelope(auth.user, { to: 'ada@163.com' }), {
    subject: 'Stage',
    html: '<p>x</p>',
    text: 'x',
  });
  const error = await transport.send(message).catch((e: unknown) => e);
  return { error: error as Record<string, unknown>, state, message };
}

describe('where a send failed decides what it means', () => {
  it('connection lost after the final "." → DELIVERY_UNKNOWN, not retryable, naming the Message-ID', async () => {
    const { error, state, message } = await sendThrough('drop-after-data');
    expect(state.received()).toBe(1); // the server had the whole message
    expect(error).toMatchObject({ code: 'DELIVERY_UNKNOWN', retryable: false, command: 'DATA' });
    expect(error.message).toContain(message.messageId);
    expect(error.message).toMatch(/may have accepted it/);
    expect(error.hint).toMatch(/retryDeliveryUnknown/);
  });

  it('no reply after the final "." until the socket times out → DELIVERY_UNKNOWN', async () => {
    const { error, state } = await sendThrough('hang-after-data', { socketTimeout: 300 });
    expect(state.received()).toBe(1);
    expect(error).toMatchObject({ code: 'DELIVERY_UNKNOWN', retryable: false });
  });

  it('a reply after DATA is an answer, not an unknown: 451 → retryable', async () => {
    const { error } = await sendThrough('451-after-data');
    expect(error).toMatchObject({ responseCode: 451, retryable: true });
    expect(error.code).not.toBe('DELIVERY_UNKNOWN');
  });

  it('connection lost before DATA → CONNECTION, retryable (nothing was sent)', async () => {
    const { error, state } = await sendThrough('drop-at-rcpt');
    expect(state.received()).toBe(0);
    expect(error).toMatchObject({ code: 'CONNECTION', retryable: true });
  });

  it('a server that stops answering mid-transaction → TIMEOUT at sendTimeout, never a hang', async () => {
    const { error, state } = await sendThrough('hang-at-mail', { sendTimeout: 400, socketTimeout: 60_000 });
    expect(state.received()).toBe(0);
    expect(error).toMatchObject({ code: 'TIMEOUT', retryable: true });
    expect(error.message).toMatch(/within 400 ms/);
  });
});
