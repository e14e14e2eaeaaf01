import { describe, expect, it } from 'vitest';
import { buildMessage, prepareEnvelope } from '../../src/message/compose.js';
import { extractLinks, normalizeHtml, toSentMessage } from '../../src/testing/sent-message.js';

async function message(html: string, options: Parameters<typeof prepareEnvelope>[1] = { to: 'ada@163.com' }) {
  const envelope = await prepareEnvelope('"Acme" <noreply@acme.example>', options);
  return buildMessage(envelope, { subject: 'Hi', html, text: 'Hi' }, { template: 'welcome', data: { n: 1 } });
}

describe('extractLinks', () => {
  it('lists <a href> URLs in order, once each, with entities decoded', () => {
    const html =
      '<a href="https://a.example/verify?token&#x3D;abc&amp;x=1">Verify</a>' +
      '<A HREF="https://b.example/">B</A><a href="https://a.example/verify?token=abc&x=1">again</a>' +
      '<a href="#top">anchor</a><a>no href</a><link href="https://css.example/style.css">';
    expect(extractLinks(html)).toEqual(['https://a.example/verify?token=abc&x=1', 'https://b.example/']);
  });

  it('returns an empty list for HTML without links', () => {
    expect(extractLinks('<p>nothing here</p>')).toEqual([]);
  });
});

describe('normalizeHtml', () => {
  it('replaces UUIDs and MJML random ids, keeps the rest', () => {
    const html =
      '<div id="mj-carousel-7de63ceec9e4c81b-radio-1" class="mj-carousel-7de63ceec9e4c81b-icons-cell">' +
      'cid:3f2b8c1e-9d4a-4e1b-8c7f-0a1b2c3d4e5f</div>  \r\n<p>Hi</p>';
    expect(normalizeHtml(html)).toBe(
      '<div id="mj-carousel-[id]-radio-1" class="mj-carousel-[id]-icons-cell">cid:[uuid]</div>\n<p>Hi</p>',
    );
  });

  it('applies extra replacements', () => {
    expect(normalizeHtml('?token=8f3a1c9e', { replace: [[/token=\w+/g, 'token=[token]']] })).toBe(
      '?token=[token]',
    );
  });
});

describe('toSentMessage', () => {
  it('exposes bare addresses, the rendered parts and the source message', async () => {
    const m = await message('<a href="https://x.example/v">v</a>', {
      to: '"Ada" <Ada@163.com>',
      cc: 'bob@126.com',
      bcc: ['carol@qq.com'],
      replyTo: 'help@acme.example',
      headers: { 'X-Campaign': 'spring' },
    });
    const record = toSentMessage(m);
    expect(record).toMatchObject({
      template: 'welcome',
      data: { n: 1 },
      from: 'noreply@acme.example',
      to: ['Ada@163.com'],
      cc: ['bob@126.com'],
      bcc: ['carol@qq.com'],
      replyTo: ['help@acme.example'],
      subject: 'Hi',
      headers: { 'X-Campaign': 'spring' },
      messageId: m.messageId,
    });
    expect(record.message).toBe(m);
    expect(Object.keys(record)).not.toContain('message');
    expect(toSentMessage(m)).toBe(record);
  });

  it('link() finds the first matching link, and lists the links when none matches', async () => {
    const record = toSentMessage(
      await message('<a href="https://x.example/help">h</a><a href="https://x.example/verify?t=1">v</a>'),
    );
    expect(record.link('/verify')).toBe('https://x.example/verify?t=1');
    expect(record.link(/help$/)).toBe('https://x.example/help');
    expect(() => record.link('/reset')).toThrowError(
      'No link matching /reset in welcome → ada@163.com: Hi. Its links:\n' +
        '  - https://x.example/help\n  - https://x.example/verify?t=1',
    );
  });
});
