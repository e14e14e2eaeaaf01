import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, memory, TemplateDataError } from '../../src/index.js';
import { generateTypes } from '../../src/infer/project.js';

// One template whose preview.json narrows `total` to number, `code` to string, `vip` to boolean and
// `ref` (string in one scenario, number in the other) to both.
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mailsmith-typed-'));
  await mkdir(join(dir, 'order'));
  await writeFile(join(dir, 'order', 'subject.hbs'), 'Order {{code}}');
  await writeFile(
    join(dir, 'order', 'html.hbs'),
    '<p>Total {{total}} · ref {{ref}}{{#if vip}} · VIP{{/if}}</p>{{#each items}}<p>{{qty}}</p>{{/each}}',
  );
  await writeFile(
    join(dir, 'order', 'preview.json'),
    JSON.stringify({
      default: { code: 'A1', total: 12.5, ref: 'r-1', vip: true, items: [{ qty: 2 }] },
      two: { code: 'A2', total: 3, ref: 7, vip: false, items: [] },
    }),
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

type Untyped = { render(name: string, data: unknown): Promise<{ html: string }> };
const ok = { code: 'A1', total: 12.5, ref: 'r-1', vip: true, items: [{ qty: 2 }] };

describe('runtime validation checks what the generated type declares', () => {
  it('the declaration narrows the fields from preview.json', async () => {
    const { declaration } = await generateTypes(dir);
    expect(declaration).toContain('code: string;');
    expect(declaration).toContain('total: number;');
    expect(declaration).toContain('ref: number | string;');
    expect(declaration).toContain('vip?: boolean;');
    expect(declaration).toContain('qty: number;');
  });

  it("a number field given 'abc' fails validation, with the same types, and nothing renders", async () => {
    const mailer = createMailer({ templates: dir, transport: memory() }) as unknown as Untyped;
    await expect(mailer.render('order', ok)).resolves.toMatchObject({
      html: expect.stringContaining('Total 12.5'),
    });
    const error = (await mailer
      .render('order', { ...ok, total: 'abc', ref: true, vip: 'yes', items: [{ qty: '2' }] })
      .catch((e: unknown) => e)) as TemplateDataError;
    expect(error).toBeInstanceOf(TemplateDataError);
    expect(error.issues).toEqual([
      { path: 'items[0].qty', message: 'expected number, got string' },
      { path: 'ref', message: 'expected number or string, got boolean' },
      { path: 'total', message: 'expected number, got string' },
      { path: 'vip', message: 'expected boolean, got string' },
    ]);
  });
});
