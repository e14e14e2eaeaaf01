/**
 * `npm run demo`: renders the shipped `welcome` template and "sends" it.
 * - With no credentials it goes to a local outbox folder (./outbox) and prints the files and text part.
 * - With MAILSMITH_SMTP_USER / MAILSMITH_SMTP_PASS set and `-- --to you@163.com`, it sends through QQ Mail.
 * - `-- --locale en` sends it in English (the shipped catalogs are en and zh-CN).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  createMailer,
  isMailerError,
  type LocaleName,
  type OutboxResult,
  outbox,
  qq,
  type TemplateRegistry,
} from 'mailsmith';

const { values } = parseArgs({
  options: {
    to: { type: 'string' },
    templates: { type: 'string', default: 'templates' },
    locale: { type: 'string', default: 'zh-CN' },
  },
});

const live = Boolean(process.env.MAILSMITH_SMTP_USER && process.env.MAILSMITH_SMTP_PASS && values.to);
const mailer = createMailer({
  templates: values.templates,
  transport: live ? qq() : outbox({ dir: 'outbox' }),
  from: process.env.MAILSMITH_FROM ?? (live ? undefined : '"Mailsmith Demo" <demo@mailsmith.dev>'),
});

try {
  // The sample data of the template's preview.json stands in for your app's data.
  const preview = JSON.parse(await readFile(join(values.templates, 'welcome/preview.json'), 'utf8'));
  const data = (preview.default ?? preview) as TemplateRegistry['welcome'];
  const to = values.to ?? 'ada@163.com';

  // A locale from outside (an argument, a user's profile) is any string: the types know the catalogs'
  // locales only, and the mailer refuses one without a catalog with CONFIG, listing them.
  const locale = values.locale as LocaleName;
  console.log(`Sending "welcome" in ${locale} to ${to} via ${mailer.transport}\n`);
  const result = await mailer.send('welcome', data, { to, locale });

  if ('files' in result) {
    const { files } = result as OutboxResult;
    console.log('Written to the outbox (no credentials set, so nothing left this machine):');
    console.log(`  ${files.eml}   ← open in any mail client`);
    console.log(`  ${files.html}`);
    console.log(`  ${files.text}\n`);
  } else {
    console.log(
      `Sent: ${result.messageId}\n  server: ${result.response}\n  accepted: ${result.accepted.join(', ')}\n`,
    );
  }
  const { subject, text } = await mailer.render('welcome', data, { locale });
  console.log(`Subject: ${subject}\n\n--- text part ---\n${text}\n-----------------`);
  if (!live) {
    console.log(
      '\nIn English: npm run demo -- --locale en' +
        '\nTo send for real: MAILSMITH_SMTP_USER=you@qq.com MAILSMITH_SMTP_PASS=<授权码> npm run demo -- --to you@163.com',
    );
  }
} catch (error) {
  if (!isMailerError(error)) throw error;
  console.error(`\n${error.code}: ${error.message}`);
  process.exitCode = 1;
} finally {
  await mailer.close();
}
