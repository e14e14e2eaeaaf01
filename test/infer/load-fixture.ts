import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InferSource } from '../../src/infer/index.js';

export const fixturesDir = fileURLToPath(new URL('../fixtures/infer/', import.meta.url));

const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '');

/** A fixture template as the renderer would hand it over: raw Handlebars sources, .hbs partials, preview. */
export function loadFixture(name: string): InferSource {
  const dir = join(fixturesDir, name);
  const partialsDir = join(fixturesDir, '_partials');
  const partials = Object.fromEntries(
    readdirSync(partialsDir)
      .filter((f) => f.endsWith('.hbs'))
      .map((f) => [f.slice(0, -'.hbs'.length), read(join(partialsDir, f))]),
  );
  const previewFile = join(dir, 'preview.json');
  return {
    name,
    sources: {
      html: read(join(dir, 'html.hbs')),
      text: read(join(dir, 'text.hbs')),
      subject: read(join(dir, 'subject.hbs')),
      partials,
    },
    preview: existsSync(previewFile) ? JSON.parse(read(previewFile)) : undefined,
  };
}
