import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildMessage, prepareEnvelope } from '../../src/message/compose.js';
import { memory } from '../../src/transports/memory.js';

async function message() {
  const env = await prepareEnvelope('a@qq.com', {
    to: 'b@163.com',
    bcc: 'c@126.com',
    attachments: [{ filename: 's.txt', content: Readable.from([Buffer.from('str'), Buffer.from('eam')]) }],
  });
  return buildMessage(
    env,
    { subject: 'S', html: '<p>H</p>', text: 'H' },
    { template: 'welcome', data: { n: 1 } },
  );
}

describe('memory transport', () => {
  it('keeps each message with template, data and materialized attachments', async () => {
    const transport = memory();
    const result = await transport.send(await message());
    expect(result.accepted).toEqual(['b@163.com', 'c@126.com']);
    expect(result.rejected).toEqual([]);
    const [kept] = transport.messages;
    expect(kept).toMatchObject({ template: 'welcome', data: { n: 1 }, subject: 'S', text: 'H' });
    expect(kept?.attachments[0]?.content.toString()).toBe('stream');
  });

  it('clears and prints itself as its URL', async () => {
    const transport = memory();
    await transport.send(await message());
    transport.clear();
    expect(transport.messages).toHaveLength(0);
    expect(String(transport)).toBe('memory://');
  });
});
