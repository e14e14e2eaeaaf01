// For apps that build their mailer in a module and import it everywhere: swap its transport.
import 'mailsmith/vitest';
import { fakeTransport } from 'mailsmith/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createAccounts } from './accounts.js';
import { mailer } from './mail.js';

const transport = fakeTransport();
let restore: () => void;
beforeEach(() => {
  restore = mailer.useTransport(transport);
});
afterEach(() => {
  restore();
  transport.clear();
});

it('records what the module mailer sends', async () => {
  await createAccounts().signup('ada@163.com', 'Ada');
  expect(mailer).toHaveSent('verify-email', { to: 'ada@163.com' });
  expect(transport.outbox.last()).toHaveSubject(/Verify your email/);
});

it('starts every test with an empty outbox', () => {
  expect(mailer).not.toHaveSent();
});
