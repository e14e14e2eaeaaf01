import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createMailer, defineConfig, memory } from '../src/index.js';

const HELPERS = fileURLToPath(new URL('./fixtures/templates/helpers', import.meta.url));

describe('defineConfig() → createMailer()', () => {
  it('takes the config object as is: templates, from and helpers declared once, CLI-only keys ignored', async () => {
    const config = defineConfig({
      templates: HELPERS,
      from: '"Shop" <shop@example.com>',
      helpers: { money: (n: number) => `¥${n.toFixed(2)}` },
      check: { maxSizeKb: 90 },
      preview: { port: 3999 },
    });
    const transport = memory();
    const mailer = createMailer({ ...config, transport }) as unknown as {
      send(name: string, data: unknown, o: { to: string }): Promise<unknown>;
    };
    await mailer.send('throws', { name: 'Ann', total: 12 }, { to: 'ann@example.com' });
    expect(transport.messages[0]?.html).toContain('Total: ¥12.00');
    expect(transport.messages[0]?.from).toMatchObject({ address: 'shop@example.com' });
    // And without spreading: the very object.
    expect(() => createMailer(config)).not.toThrow();
  });
});
