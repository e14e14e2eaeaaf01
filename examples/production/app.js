// A production process: sends with templates precompiled by `mailsmith build` (mail.compiled.js),
// installed with `npm ci --omit=dev --omit=optional` — nodemailer and the Handlebars runtime only.
// Transport and sender come from the environment: MAILSMITH_TRANSPORT, MAILSMITH_FROM.
import { createMailer } from 'mailsmith';
import compiled from './mail.compiled.js';

const mailer = createMailer({ templates: compiled });

const result = await mailer.send(
  'order-shipped',
  {
    name: 'Ada',
    orderId: 'A-1042',
    trackingUrl: 'https://example.com/track/A-1042',
    items: [{ title: 'Tea', qty: 2 }],
  },
  { to: process.env.MAIL_TO ?? 'ada@example.com' },
);
console.log(`sent ${result.messageId}`);
await mailer.close();
