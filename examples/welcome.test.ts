import { createMailer, memory } from 'mailsmith';
import { describe, expect, it } from 'vitest';
import { sendWelcome, templatesDir } from './welcome.js';

describe('sendWelcome (example app code, memory transport swapped in)', () => {
  it('renders the real welcome template and keeps the message instead of sending it', async () => {
    const transport = memory();
    const mailer = createMailer({ templates: templatesDir, transport, from: '"Acme" <10001@qq.com>' });

    const result = await sendWelcome(mailer, {
      name: 'Tom & Jerry',
      email: 'tom@163.com',
      verifyToken: 'a b',
    });

    expect(result.accepted).toEqual(['tom@163.com']);
    const [sent] = transport.messages;
    expect(sent?.template).toBe('welcome');
    expect(sent?.to).toEqual([{ name: 'Tom & Jerry', address: 'tom@163.com' }]);
    expect(sent?.subject).toContain('Tom & Jerry');
    expect(sent?.html).toContain('Tom &amp; Jerry');
    expect(sent?.text).toContain('Tom & Jerry');
    expect(sent?.text).toContain('https://acme.example.com/verify?token=a%20b');
    expect(sent?.text).not.toMatch(/\{\{|&amp;/);
  });

  it('sends nothing when the address is bad', async () => {
    const transport = memory();
    const mailer = createMailer({ templates: templatesDir, transport, from: '10001@qq.com' });
    await expect(
      sendWelcome(mailer, { name: 'Ada', email: 'not-an-address', verifyToken: 'x' }),
    ).rejects.toMatchObject({
      code: 'INVALID_ADDRESS',
    });
    expect(transport.messages).toHaveLength(0);
  });
});
