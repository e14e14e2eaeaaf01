import 'mailsmith/vitest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMailer, type Mailer } from '../../src/mailer.js';
import { memory } from '../../src/transports/memory.js';
import { outbox } from '../../src/transports/outbox.js';
import { FIXTURE_TEMPLATES, type Fixtures, fixtureMailer } from '../testing/fixtures.js';

/** The message a failing assertion throws. */
function failure(assertion: () => void): string {
  try {
    assertion();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the assertion to fail, but it passed');
}

const verifyUrl = 'https://acme.example/verify?token=t1';
const PDF = Buffer.from('%PDF-1.4 fake');

async function sampleOutbox() {
  const mailer = fixtureMailer({ from: 'noreply@acme.example' });
  await mailer.send('welcome', { name: 'Ada', verifyUrl }, { to: 'ada@163.com', cc: 'boss@126.com' });
  await mailer.send(
    'invoice',
    { number: 'A-1', amount: '¥99' },
    {
      to: 'bob@qq.com',
      attachments: [{ filename: 'invoice.pdf', content: PDF, contentType: 'application/pdf' }],
    },
  );
  return mailer;
}

describe('toHaveSent', () => {
  let mailer: Awaited<ReturnType<typeof sampleOutbox>>;
  beforeAll(async () => {
    mailer = await sampleOutbox();
  });

  it('passes on a matching message: template, recipients, subject, data (asymmetric too)', () => {
    expect(mailer).toHaveSent();
    expect(mailer).toHaveSent('welcome');
    expect(mailer).toHaveSent('welcome', { to: '"Ada" <ADA@163.com>', cc: 'boss@126.com' });
    expect(mailer).toHaveSent('welcome', {
      subject: /Welcome/,
      data: expect.objectContaining({ name: 'Ada' }),
    });
    expect(mailer).toHaveSent('welcome', { subject: 'Welcome, Ada!', data: { name: 'Ada', verifyUrl } });
    expect(mailer).toHaveSent('invoice', (m) => m.attachments.length === 1);
    expect(mailer).toHaveSent(undefined, { to: 'bob@qq.com' });
  });

  it('fails naming what was expected and listing what was sent', () => {
    expect(failure(() => expect(mailer).toHaveSent('password-reset', { to: 'ada@163.com' }))).toBe(
      'expected "password-reset" to be sent to ada@163.com, but sent:\n' +
        '  - welcome → ada@163.com, cc boss@126.com: Welcome, Ada!\n' +
        '  - invoice → bob@qq.com: Invoice A-1',
    );
    expect(failure(() => expect(mailer).toHaveSent('welcome', { to: 'bob@qq.com', subject: /Hi/ }))).toMatch(
      /^expected "welcome" to be sent to bob@qq.com with subject matching \/Hi\/, but sent:\n/,
    );
  });

  it('matches the example in the docs for a single wrong message', async () => {
    const one = fixtureMailer();
    await one.send(
      'password-reset',
      { email: 'ada@163.com', resetUrl: 'https://acme.example/r' },
      { to: 'ada@163.com' },
    );
    expect(failure(() => expect(one).toHaveSent('welcome', { to: 'ada@163.com' }))).toBe(
      'expected "welcome" to be sent to ada@163.com, but sent: password-reset → ada@163.com: Reset your password',
    );
  });

  it('shows a data diff against the last message of the template', () => {
    const message = failure(() =>
      expect(mailer).toHaveSent('welcome', { data: expect.objectContaining({ name: 'Bob' }) }),
    );
    expect(message).toMatch(
      /^expected "welcome" to be sent with data ObjectContaining \{\s*"name": "Bob",?\s*\}, but sent:/,
    );
    expect(message).toContain('Data of the last "welcome" sent, against the expected:');
    expect(message).toMatch(/-\s+"name": "Bob"/);
    expect(message).toMatch(/\+\s+"name": "Ada"/);
  });

  it('.not: passes when nothing (matching) was sent, fails listing what was', async () => {
    const empty = fixtureMailer();
    expect(empty).not.toHaveSent();
    expect(mailer).not.toHaveSent('password-reset');
    expect(mailer).not.toHaveSent('welcome', { to: 'bob@qq.com' });
    expect(failure(() => expect(mailer).not.toHaveSent())).toBe(
      'expected nothing to be sent, but sent:\n' +
        '  - welcome → ada@163.com, cc boss@126.com: Welcome, Ada!\n' +
        '  - invoice → bob@qq.com: Invoice A-1',
    );
    expect(failure(() => expect(mailer).not.toHaveSent('invoice'))).toBe(
      'expected "invoice" not to be sent, but sent: invoice → bob@qq.com: Invoice A-1',
    );
    expect(failure(() => expect(empty).toHaveSent('welcome'))).toBe(
      'expected "welcome" to be sent, but nothing was sent',
    );
  });

  it('works on a memory transport, a plain array of records, and an app mailer using a recording transport', async () => {
    const transport = memory();
    const app = createMailer({
      templates: FIXTURE_TEMPLATES,
      transport: outbox({ dir: 'outbox-never-written' }),
      from: 'noreply@acme.example',
    }) as unknown as Mailer<Fixtures>; // the fixtures, not the shipped templates' registry
    const restore = app.useTransport(transport);
    await app.send('welcome', { name: 'Ada', verifyUrl }, { to: 'ada@163.com' });
    expect(transport).toHaveSent('welcome', { to: 'ada@163.com' });
    expect(transport.messages).toHaveSent('welcome');
    expect([...mailer.outbox]).toHaveSent('invoice');
    expect(app).toHaveSent('welcome');
    // A test mailer swapped onto another recording transport reports that transport's mail.
    const swapped = fixtureMailer();
    swapped.useTransport(transport);
    expect(swapped).toHaveSent('welcome');
    restore();
    expect(() => expect(app).toHaveSent()).toThrowError(
      'toHaveSent() can only see what a recording transport kept, but this mailer uses "outbox"',
    );
    expect(failure(() => expect(transport).toHaveSent('invoice'))).toBe(
      'expected "invoice" to be sent, but sent: welcome → ada@163.com: Welcome, Ada!',
    );
  });

  it('says what it needs when given something else', () => {
    expect(() => expect({ nope: 1 }).toHaveSent()).toThrowError(
      'toHaveSent() needs a test mailer, a fake or memory transport, or an array of sent messages; got an object (nope)',
    );
    expect(() => expect([1]).toHaveSent()).toThrowError(
      'toHaveSent() got an array holding number, not sent messages',
    );
  });
});

describe('toHaveSentTimes and toHaveSentTo', () => {
  it('counts messages of a template', async () => {
    const mailer = await sampleOutbox();
    await mailer.send('welcome', { name: 'Bo', verifyUrl }, { to: 'bo@qq.com' });
    expect(mailer).toHaveSentTimes('welcome', 2);
    expect(mailer).toHaveSentTimes('welcome', 1, { to: 'bo@qq.com' });
    expect(mailer).toHaveSentTimes('password-reset', 0);
    expect(mailer).not.toHaveSentTimes('welcome', 3);
    expect(failure(() => expect(mailer).toHaveSentTimes('invoice', 2))).toBe(
      'expected "invoice" to be sent 2 times, but it was sent 1 time; sent:\n' +
        '  - welcome → ada@163.com, cc boss@126.com: Welcome, Ada!\n' +
        '  - invoice → bob@qq.com: Invoice A-1\n' +
        '  - welcome → bo@qq.com: Welcome, Bo!',
    );
    expect(failure(() => expect(mailer).not.toHaveSentTimes('invoice', 1))).toMatch(
      /^expected "invoice" not to be sent 1 time, but it was sent 1 time; sent:/,
    );
  });

  it('finds a recipient in to, cc or bcc', async () => {
    const mailer = await sampleOutbox();
    expect(mailer).toHaveSentTo('boss@126.com');
    expect(mailer).toHaveSentTo('Bob <BOB@qq.com>');
    expect(mailer).not.toHaveSentTo('eve@qq.com');
    expect(failure(() => expect(mailer).toHaveSentTo('eve@qq.com'))).toBe(
      'expected a message to be sent to eve@qq.com, but sent:\n' +
        '  - welcome → ada@163.com, cc boss@126.com: Welcome, Ada!\n' +
        '  - invoice → bob@qq.com: Invoice A-1',
    );
    expect(failure(() => expect(mailer).not.toHaveSentTo('bob@qq.com'))).toBe(
      'expected nothing to be sent to bob@qq.com, but sent: invoice → bob@qq.com: Invoice A-1',
    );
  });
});

describe('message matchers', () => {
  let mailer: Awaited<ReturnType<typeof sampleOutbox>>;
  beforeAll(async () => {
    mailer = await sampleOutbox();
  });
  const welcome = () => mailer.outbox.of('welcome').last();
  const invoice = () => mailer.outbox.of('invoice').last();

  it('toHaveSubject: exact string or RegExp', () => {
    expect(welcome()).toHaveSubject('Welcome, Ada!');
    expect(welcome()).toHaveSubject(/^Welcome/);
    expect(welcome()).not.toHaveSubject(/Reset/);
    expect(failure(() => expect(welcome()).toHaveSubject(/Reset/))).toBe(
      'expected the subject of "welcome" → ada@163.com, boss@126.com to match /Reset/, but it is "Welcome, Ada!"',
    );
    expect(failure(() => expect(welcome()).not.toHaveSubject('Welcome, Ada!'))).toBe(
      'expected the subject of "welcome" → ada@163.com, boss@126.com not to be "Welcome, Ada!", but it is "Welcome, Ada!"',
    );
  });

  it('toContainHtml / toContainText', () => {
    expect(welcome()).toContainHtml('<b>Ada</b>');
    expect(welcome()).toContainText('Verify my email');
    expect(welcome()).toContainText(/token=t1/);
    expect(welcome()).not.toContainText('<b>');
    expect(failure(() => expect(invoice()).toContainHtml('Invoice A-2'))).toBe(
      'expected the HTML of "invoice" → bob@qq.com to contain "Invoice A-2"; its text reads:\n' +
        '  Invoice A-1 for ¥99, attached.',
    );
    expect(failure(() => expect(invoice()).toContainText('A-2'))).toBe(
      'expected the text of "invoice" → bob@qq.com to contain "A-2"; its text reads:\n  Invoice A-1 for ¥99, attached.',
    );
    expect(failure(() => expect(welcome()).toContainHtml('Verify my email [https'))).toMatch(
      /^expected the HTML of "welcome" → ada@163.com, boss@126.com to contain "Verify my email \[https" \(the text part does\)/,
    );
  });

  it('toHaveAttachment: by filename, optionally content type and content', () => {
    expect(invoice()).toHaveAttachment('invoice.pdf');
    expect(invoice()).toHaveAttachment('invoice.pdf', { contentType: 'application/pdf', content: PDF });
    expect(invoice()).toHaveAttachment('invoice.pdf', { content: '%PDF-1.4 fake' });
    expect(invoice()).not.toHaveAttachment('invoice.pdf', { contentType: 'text/plain' });
    expect(failure(() => expect(invoice()).toHaveAttachment('receipt.pdf'))).toBe(
      'expected "invoice" → bob@qq.com to have attachment "receipt.pdf", but its attachments are: invoice.pdf',
    );
    expect(failure(() => expect(welcome()).toHaveAttachment('invoice.pdf'))).toBe(
      'expected "welcome" → ada@163.com, boss@126.com to have attachment "invoice.pdf", but it has no attachments',
    );
  });

  it('toLinkTo: exact URL, RegExp or asymmetric matcher', () => {
    expect(welcome()).toLinkTo(verifyUrl);
    expect(welcome()).toLinkTo(/\/verify\?token=\w+/);
    expect(welcome()).toLinkTo(expect.stringContaining('help?from=welcome'));
    expect(welcome()).not.toLinkTo('https://acme.example/verify');
    expect(failure(() => expect(welcome()).toLinkTo(/\/reset/))).toBe(
      'expected "welcome" → ada@163.com, boss@126.com to link to a URL matching /\\/reset/, but its links are:\n' +
        `  - ${verifyUrl}\n  - https://example.com/help?from=welcome&lang=zh`,
    );
    expect(failure(() => expect(invoice()).toLinkTo(verifyUrl))).toBe(
      `expected "invoice" → bob@qq.com to link to "${verifyUrl}", but it has no links`,
    );
  });

  it('say what they need when the lookup found no message', () => {
    expect(() => expect(mailer.outbox.for('nobody@qq.com').last()).toHaveSubject('x')).toThrowError(
      'toHaveSubject() needs a sent message, but got undefined: nothing was sent, or the lookup (last(), for(), of()) found none',
    );
    expect(() => expect(mailer).toLinkTo('x')).toThrowError('toLinkTo() needs a sent message, got an object');
  });

  it('normalized HTML and text are snapshot-friendly', () => {
    expect(welcome()?.normalizedHtml).toMatchSnapshot();
    expect(welcome()?.text).toMatchSnapshot();
  });
});
