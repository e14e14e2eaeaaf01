import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, type Mailer, smtp } from '../src/index.js';
import { startSmtpServer, TEST_CA, type TestServer } from './helpers/smtp-server.js';

let server: TestServer;
let attempts = 0;
let mailer: Mailer<Record<never, never>>;

beforeAll(async () => {
  server = await startSmtpServer({
    secure: true,
    fail: {
      rcptTo: () => {
        attempts++;
        return '451 4.3.0 Try again later';
      },
    },
  });
  mailer = createMailer({
    templates: 'test/fixtures/templates/ok',
    transport: smtp({ host: server.host, port: server.port, secure: true, tls: { ca: TEST_CA } }),
    from: 'noreply@acme.test',
    retry: { attempts: 3, minDelayMs: 1, maxDelayMs: 5 },
  }) as unknown as Mailer<Record<never, never>>;
});
afterAll(async () => {
  await mailer.close();
  await server.close();
});

describe('deliver(message, { retry: false })', () => {
  it('makes one attempt where the mailer would retry (for callers that retry themselves)', async () => {
    const message = await mailer.compose(
      'plain-html',
      { name: 'Ada', url: 'https://example.com', items: [] },
      { to: 'ada@163.com' },
    );
    attempts = 0;
    await expect(mailer.deliver(message)).rejects.toMatchObject({ retryable: true });
    expect(attempts).toBe(3);
    attempts = 0;
    await expect(mailer.deliver(message, { retry: false, rateLimit: false })).rejects.toMatchObject({
      retryable: true,
    });
    expect(attempts).toBe(1);
  });
});
