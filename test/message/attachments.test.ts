import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readAttachments } from '../../src/message/attachments.js';

describe('readAttachments', () => {
  it('reads a path, a Buffer, a string and a stream into base64, keeping names, types and cids', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mailsmith-att-'));
    await writeFile(join(dir, 'invoice.pdf'), Buffer.from([0, 1, 2, 255]));
    const read = await readAttachments([
      { path: join(dir, 'invoice.pdf') },
      {
        filename: 'logo.png',
        content: Buffer.from([137, 80, 78, 71]),
        cid: 'logo',
        contentType: 'image/png',
      },
      { filename: '说明.txt', content: '你好' },
      { filename: 'stream.txt', content: Readable.from([Buffer.from('ab'), Buffer.from('cd')]) },
    ]);
    expect(read).toEqual([
      { filename: 'invoice.pdf', content: Buffer.from([0, 1, 2, 255]).toString('base64') },
      { filename: 'logo.png', cid: 'logo', contentType: 'image/png', content: 'iVBORw==' },
      { filename: '说明.txt', content: Buffer.from('你好').toString('base64') },
      { filename: 'stream.txt', content: Buffer.from('abcd').toString('base64') },
    ]);
    // Plain JSON: survives a round trip through a queue.
    expect(JSON.parse(JSON.stringify(read))).toEqual(read);
  });

  it('refuses more than the cap in total with CONFIG, suggesting a link instead', async () => {
    const error = await readAttachments(
      [
        { filename: 'a.bin', content: Buffer.alloc(600) },
        { filename: 'b.bin', content: Buffer.alloc(600) },
      ],
      1000,
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'CONFIG',
      message: expect.stringMatching(/exceed .* in total \(at b\.bin\)/),
    });
    expect((error as { hint: string }).hint).toMatch(/link large files/);
  });

  it('stops reading a stream as soon as it passes the cap', async () => {
    let pulled = 0;
    const endless = new Readable({
      read() {
        pulled += 1;
        this.push(Buffer.alloc(1024));
      },
    });
    await expect(
      readAttachments([{ filename: 'big.bin', content: endless }], 10 * 1024),
    ).rejects.toMatchObject({
      code: 'CONFIG',
    });
    expect(pulled).toBeLessThan(20);
    expect(endless.destroyed).toBe(true);
  });

  it('refuses a big file by its size, without reading it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mailsmith-att-'));
    await writeFile(join(dir, 'big.bin'), Buffer.alloc(4096));
    await expect(readAttachments([{ path: join(dir, 'big.bin') }], 4095)).rejects.toMatchObject({
      code: 'CONFIG',
      message: expect.stringContaining('big.bin'),
    });
  });
});
