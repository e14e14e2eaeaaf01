import { randomBytes } from 'node:crypto';
import { isMailerError, type Mailer } from 'mailsmith';
import { mailer as appMailer } from './mail.js';

export interface User {
  email: string;
  name: string;
  verified: boolean;
  token: string;
}

/** Mail is misconfigured (e.g. a wrong QQ 授权码): an operator must act; retrying will not help. */
export class MailConfigError extends Error {
  override name = 'MailConfigError';
}

export interface AccountsOptions {
  /** @default the app's mailer from ./mail.js */
  mailer?: Mailer;
  /** @default 'https://acme.example' */
  baseUrl?: string;
  /** Runs a job again later (a queue in a real app). @default retry after a minute */
  retryLater?: (job: () => Promise<unknown>) => void;
}

/**
 * A tiny signup flow: sign up → verification email → follow the link → welcome email.
 * A temporary mail failure (451, rate limit) keeps the account and retries the email later;
 * a permanent one (wrong credentials, rejected recipient) undoes the signup.
 */
export function createAccounts(options: AccountsOptions = {}) {
  const mailer = options.mailer ?? appMailer;
  const baseUrl = options.baseUrl ?? 'https://acme.example';
  const retryLater = options.retryLater ?? ((job) => setTimeout(job, 60_000));
  const users = new Map<string, User>();

  async function sendVerification(user: User): Promise<void> {
    const verifyUrl = `${baseUrl}/verify?token=${user.token}&email=${encodeURIComponent(user.email)}`;
    await mailer.send(
      'verify-email',
      { name: user.name, email: user.email, verifyUrl, expiresInMinutes: 30 },
      {
        to: user.email,
      },
    );
  }

  return {
    users,

    async signup(email: string, name: string): Promise<{ user: User; mail: 'sent' | 'retrying' }> {
      if (users.has(email)) throw new Error(`${email} is already registered`);
      const user: User = { email, name, verified: false, token: randomBytes(16).toString('hex') };
      users.set(email, user);
      try {
        await sendVerification(user);
        return { user, mail: 'sent' };
      } catch (error) {
        if (isMailerError(error) && error.retryable) {
          retryLater(() => sendVerification(user));
          return { user, mail: 'retrying' };
        }
        users.delete(email);
        if (isMailerError(error) && error.code === 'AUTH_FAILED') {
          throw new MailConfigError('Cannot send email: the mail server refused our credentials', {
            cause: error,
          });
        }
        throw error;
      }
    },

    /** Handles a click on the verification link; sends the welcome email. */
    async verify(link: string): Promise<User> {
      const url = new URL(link);
      const user = users.get(url.searchParams.get('email') ?? '');
      if (!user || user.token !== url.searchParams.get('token')) throw new Error('Invalid verification link');
      user.verified = true;
      await mailer.send(
        'welcome',
        {
          name: user.name,
          items: [{ title: 'Complete your profile', url: `${baseUrl}/settings/profile` }],
        },
        { to: user.email },
      );
      return user;
    },
  };
}
