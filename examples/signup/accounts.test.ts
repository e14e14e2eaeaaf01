// In an app, `import 'mailsmith/vitest'` goes in a setup file (vitest.config.ts → test.setupFiles).
import 'mailsmith/vitest';
import { isMailerError } from 'mailsmith';
import { createTestMailer, type FailOption, normalizeHtml } from 'mailsmith/testing';
import { describe, expect, it } from 'vitest';
import { createAccounts, MailConfigError } from './accounts.js';
import { TEMPLATES } from './mail.js';

// Dependency injection: the accounts service takes a mailer, the tests hand it a test mailer.
function setup(fail?: FailOption) {
  const mailer = createTestMailer({ templates: TEMPLATES, fail });
  const retries: Array<() => Promise<unknown>> = [];
  const accounts = createAccounts({ mailer, retryLater: (job) => retries.push(job) });
  return { mailer, accounts, retries };
}

const QQ_535 =
  '535 Login Fail. Please enter your authorization code to login. More information in ' +
  'http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=28&&no=1001256';

describe('signup', () => {
  it('sends a verification email whose link verifies the account and triggers the welcome email', async () => {
    const { mailer, accounts } = setup();
    await accounts.signup('ada@163.com', 'Ada');

    expect(mailer).toHaveSent('verify-email', {
      to: 'ada@163.com',
      data: expect.objectContaining({ name: 'Ada', email: 'ada@163.com' }),
    });
    expect(mailer).not.toHaveSent('welcome');
    const message = mailer.outbox.last();
    expect(message).toHaveSubject(/Verify your email/);
    expect(message).toContainText('Ada');
    expect(message).toLinkTo(/^https:\/\/acme\.example\/verify\?token=[0-9a-f]{32}&email=ada%40163\.com$/);

    // Follow the link, as the user would after opening the email.
    const link = mailer.outbox.last()!.link('/verify?');
    expect(mailer.outbox.last()!.text).toContain(link); // text-only clients show it too
    const user = await accounts.verify(link);

    expect(user.verified).toBe(true);
    expect(mailer).toHaveSentTimes('welcome', 1, { to: 'ada@163.com' });
    expect(mailer.outbox.last()).toContainHtml('Ada');
    expect(mailer.outbox.for('ada@163.com').map((m) => m.template)).toEqual(['verify-email', 'welcome']);
  });

  it('rejects a tampered link and sends nothing more', async () => {
    const { mailer, accounts } = setup();
    await accounts.signup('ada@163.com', 'Ada');
    const link = mailer.outbox
      .last()!
      .link('/verify?')
      .replace(/token=\w+/, 'token=forged');
    await expect(accounts.verify(link)).rejects.toThrowError('Invalid verification link');
    expect(mailer).toHaveSentTimes('verify-email', 1);
    expect(mailer).not.toHaveSent('welcome');
  });

  it('renders a stable verification email (snapshot, token masked)', async () => {
    const { mailer, accounts } = setup();
    await accounts.signup('ada@163.com', 'Ada');
    const message = mailer.outbox.last()!;
    // The token is random; in the HTML its `=` is an entity (`token&#x3D;…`), so mask the hex alone.
    const mask: Array<[RegExp, string]> = [[/\b[0-9a-f]{32}\b/g, '[token]']];
    expect(normalizeHtml(message.text, { replace: mask })).toMatchSnapshot();
    // Two renders differ only in the token: the masked, normalized HTML is identical.
    const again = setup();
    await again.accounts.signup('ada@163.com', 'Ada');
    const html = (m: typeof message) => normalizeHtml(m.html, { replace: mask });
    expect(html(again.mailer.outbox.last()!)).toBe(html(message));
    expect(again.mailer.outbox.last()!.html).not.toBe(message.html);
  });

  it("undoes the signup and reports a config problem on QQ's 535 (wrong 授权码)", async () => {
    const { mailer, accounts } = setup({ responseCode: 535, response: QQ_535 });
    const error = await accounts.signup('ada@163.com', 'Ada').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailConfigError);
    expect((error as Error).cause).toMatchObject({
      code: 'AUTH_FAILED',
      retryable: false,
      responseCode: 535,
    });
    expect(accounts.users.has('ada@163.com')).toBe(false);
    expect(mailer).not.toHaveSent();
  });

  it('keeps the account and retries the email after a temporary 451', async () => {
    const { mailer, accounts, retries } = setup({
      responseCode: 451,
      response: '451 4.7.1 Try again later',
      times: 1,
    });
    const result = await accounts.signup('ada@163.com', 'Ada');
    expect(result.mail).toBe('retrying');
    expect(accounts.users.has('ada@163.com')).toBe(true);
    expect(mailer).not.toHaveSent();

    expect(retries).toHaveLength(1);
    await retries[0]?.();
    expect(mailer).toHaveSent('verify-email', { to: 'ada@163.com' });
  });

  it('undoes the signup when the server rejects the recipient', async () => {
    const { mailer, accounts } = setup({ to: /@blocked\.example$/ });
    const error = await accounts.signup('eve@blocked.example', 'Eve').catch((e: unknown) => e);
    expect(isMailerError(error) && error.code).toBe('RECIPIENT_REJECTED');
    expect(accounts.users.size).toBe(0);
    await accounts.signup('ada@163.com', 'Ada');
    expect(mailer).toHaveSentTo('ada@163.com');
    expect(mailer).not.toHaveSentTo('eve@blocked.example');
  });
});
