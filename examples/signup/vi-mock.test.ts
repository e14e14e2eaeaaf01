// For apps that build their mailer in a module: replace the module with vi.mock.
import 'mailsmith/vitest';
import { expect, it, vi } from 'vitest';
import { createAccounts } from './accounts.js';
import { mailer } from './mail.js';

vi.mock('./mail.js', async (importOriginal) => {
  const { createTestMailer } = await import('mailsmith/testing');
  const { TEMPLATES } = await importOriginal<typeof import('./mail.js')>();
  return { TEMPLATES, mailer: createTestMailer({ templates: TEMPLATES }) };
});

it('the app sends through the test mailer', async () => {
  await createAccounts().signup('ada@163.com', 'Ada');
  expect(mailer).toHaveSent('verify-email', { to: 'ada@163.com' });
});
