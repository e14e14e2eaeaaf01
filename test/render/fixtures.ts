import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const OK = fileURLToPath(new URL('../fixtures/templates/ok', import.meta.url));
export const BROKEN = fileURLToPath(new URL('../fixtures/templates/broken', import.meta.url));
export const SHIPPED = fileURLToPath(new URL('../../templates', import.meta.url));

/** Helpers the `quoted` fixture calls with quoted string arguments. */
export const helpers = {
  formatPrice: (n: number, currency: string) => `${currency === 'CNY' ? '¥' : '$'}${Number(n).toFixed(2)}`,
  link: (base: string, id: string) => `${base}/${id}?a=1&b=2`,
};

/** A private, writable copy of a fixture folder (for tests that edit templates). */
export async function copyOf(dir: string): Promise<{ dir: string; remove(): Promise<void> }> {
  const target = await mkdtemp(join(tmpdir(), 'mailsmith-render-'));
  await cp(dir, target, { recursive: true });
  return { dir: target, remove: () => rm(target, { recursive: true, force: true }) };
}
