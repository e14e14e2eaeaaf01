import { fileURLToPath } from 'node:url';
import { createMailer } from 'mailsmith';

/** Where the app's templates live (the repo's shipped templates, for this example). */
export const TEMPLATES = fileURLToPath(new URL('../../templates', import.meta.url));

/**
 * The app's mailer, built once in a module as many apps do. The transport comes from the environment
 * (MAILSMITH_TRANSPORT, or QQ Mail with MAILSMITH_SMTP_USER/PASS) and is only created at the first send,
 * so importing this module in tests needs no credentials.
 */
export const mailer = createMailer({
  templates: TEMPLATES,
  from: process.env.MAILSMITH_FROM ?? 'noreply@acme.example',
});
