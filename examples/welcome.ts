/**
 * Application code that sends the welcome email. The mailer is passed in, so tests hand it one with
 * the memory transport (see welcome.test.ts) while production builds it from the environment.
 */
import { fileURLToPath } from 'node:url';
import { createMailer, type Mailer, type SendResult } from 'mailsmith';

export const templatesDir = fileURLToPath(new URL('../templates', import.meta.url));

/** The production mailer: QQ Mail, credentials from MAILSMITH_SMTP_USER / MAILSMITH_SMTP_PASS. */
export function productionMailer(): Mailer {
  return createMailer({ templates: templatesDir });
}

export interface NewUser {
  name: string;
  email: string;
  verifyToken: string;
}

export async function sendWelcome(mailer: Mailer, user: NewUser): Promise<SendResult> {
  return mailer.send(
    'welcome',
    {
      name: user.name,
      verifyUrl: `https://acme.example.com/verify?token=${encodeURIComponent(user.verifyToken)}`,
      items: [
        {
          title: '完善个人资料',
          detail: 'Complete your profile',
          url: 'https://acme.example.com/settings/profile',
        },
        { title: '邀请团队成员', detail: 'Invite your teammates' },
      ],
    },
    { to: `${user.name} <${user.email}>` },
  );
}
