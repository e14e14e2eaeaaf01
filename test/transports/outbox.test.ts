import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { buildMessage, prepareEnvelope } from '../../src/message/compose.js';
import { outbox } from '../../src/transports/outbox.js';

describe('outbox transport', () => {
  it('writes .eml, .html and .txt and returns their paths', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mailsmith-outbox-'));
    const transport = outbox({ dir });
    const env = await prepareEnvelope('"Acme 商城" <10001@qq.com>', {
      to: 'Ada <ada@163.com>',
      bcc: 'audit@qq.com',
      attachments: [{ filename: 'note.txt', content: 'hello' }],
    });
    const msg = buildMessage(
      env,
      { subject: '欢迎 Ada', html: '<p style="color:red">Hi</p>', text: 'Hi' },
      {
        template: 'welcome',
        data: {},
      },
    );
    const result = await transport.send(msg);
    expect(result.files.eml).toMatch(/welcome-[0-9a-f]{6}\.eml$/);
    expect(await readFile(result.files.html, 'utf8')).toBe('<p style="color:red">Hi</p>');
    expect(await readFile(result.files.text, 'utf8')).toBe('Hi');
    const parsed = await simpleParser(await readFile(result.files.eml));
    expect(parsed.subject).toBe('欢迎 Ada');
    expect(parsed.from?.value[0]).toEqual({ name: 'Acme 商城', address: '10001@qq.com' });
    expect(parsed.text?.trim()).toBe('Hi');
    expect(parsed.html).toContain('style="color:red"');
    expect(parsed.attachments[0]?.filename).toBe('note.txt');
    expect(parsed.messageId).toBe(msg.messageId);
    expect(String(transport)).toBe(`outbox://${dir}`);
  });
});
