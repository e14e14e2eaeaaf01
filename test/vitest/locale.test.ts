import 'mailsmith/vitest';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestMailer } from '../../src/testing/index.js';
import { fixtureMailer } from '../testing/fixtures.js';

const LOCALES = fileURLToPath(new URL('../fixtures/templates/locales', import.meta.url));

const order = {
  customer: { name: 'Ada' },
  items: [{ sku: 'a' }, { sku: 'b' }],
  state: 'paid',
  total: 1280,
  at: '2026-11-30T10:00:00Z',
};

/** The message a failing assertion throws. */
function failure(assertion: () => void): string {
  try {
    assertion();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the assertion to fail, but it passed');
}

describe('test mailer: the locale of each sent message', () => {
  let mailer: ReturnType<typeof createTestMailer>;
  beforeAll(async () => {
    mailer = createTestMailer({ templates: LOCALES });
    await mailer.send('order', order, { to: 'ada@163.com', locale: 'zh-CN' });
    await mailer.send('order', order, { to: 'bob@qq.com' });
  });

  it('records the locale it rendered in, the default when the send named none', () => {
    const [zh, en] = mailer.outbox;
    expect(zh?.locale).toBe('zh-CN');
    expect(zh?.subject).toBe('Ada，你的 2 件商品已发货');
    expect(en?.locale).toBe('en');
    expect(mailer.fake.messages.map((m) => m.locale)).toEqual(['zh-CN', 'en']);
  });

  it('toHaveSent matches the locale exactly, with the other criteria', () => {
    expect(mailer).toHaveSent('order', { locale: 'zh-CN' });
    expect(mailer).toHaveSent('order', { to: 'ada@163.com', locale: 'zh-CN' });
    expect(mailer).toHaveSent('order', { to: 'bob@qq.com', locale: 'en' });
    expect(mailer).toHaveSent('order', { locale: expect.stringMatching(/^zh/) });
    expect(mailer).not.toHaveSent('order', { to: 'bob@qq.com', locale: 'zh-CN' });
    expect(mailer).not.toHaveSent('order', { locale: 'zh' });
    expect(mailer).toHaveSentTimes('order', 1, { locale: 'en' });
    expect(mailer.outbox.filter((m) => m.locale === 'zh-CN').length).toBe(1);
  });

  it('fails saying which locales the matching message was sent in instead', () => {
    expect(failure(() => expect(mailer).toHaveSent('order', { to: 'ada@163.com', locale: 'en' }))).toBe(
      'expected "order" to be sent to ada@163.com in locale en, but sent:\n' +
        '  - order [zh-CN] → ada@163.com: Ada，你的 2 件商品已发货\n' +
        '  - order [en] → bob@qq.com: Hi Ada, your 2 items have shipped\n\n' +
        '"order" to ada@163.com was sent in zh-CN, not in en',
    );
    expect(failure(() => expect(mailer).toHaveSent('order', { locale: 'fr' }))).toMatch(
      /\n\n"order" was sent in zh-CN, en, not in fr$/,
    );
    expect(failure(() => expect(mailer).toHaveSentTimes('order', 2, { locale: 'en' }))).toMatch(
      /^expected "order" to be sent in locale en 2 times, but it was sent 1 time; sent:\n[\s\S]*\n\n"order" was also sent in zh-CN, not in en$/,
    );
  });

  it('says nothing about locales when no message matched the rest', () => {
    const message = failure(() => expect(mailer).toHaveSent('order', { to: 'eve@126.com', locale: 'en' }));
    expect(message).not.toContain('was sent in');
  });

  it('.not names the message that was sent in that locale', () => {
    expect(failure(() => expect(mailer).not.toHaveSent('order', { locale: 'zh-CN' }))).toBe(
      'expected "order" not to be sent in locale zh-CN, but sent: order [zh-CN] → ada@163.com: Ada，你的 2 件商品已发货',
    );
  });
});

describe('test mailer without catalogs', () => {
  it('records no locale, and a locale criterion says the templates have none', async () => {
    const mailer = fixtureMailer();
    await mailer.send('invoice', { number: 'A-1', amount: '¥99' }, { to: 'bob@qq.com' });
    const record = mailer.outbox.last()!;
    expect(record.locale).toBeUndefined();
    expect(Object.keys(record)).not.toContain('locale');
    expect(failure(() => expect(mailer).toHaveSent('invoice', { locale: 'en' }))).toBe(
      'expected "invoice" to be sent in locale en, but sent: invoice → bob@qq.com: Invoice A-1\n\n' +
        '"invoice" was sent in (no locale: the templates have no catalogs), not in en',
    );
  });
});
