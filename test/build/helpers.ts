import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildTemplates } from '../../src/build/index.js';
import type { Shape } from '../../src/infer/model.js';
import type { CompiledTemplates } from '../../src/render/prebuilt.js';

/** Builds `dir` into a module in a temp folder and imports it, as an app would. */
export async function buildAndImport(
  dir: string,
  helpers: string[] = [],
): Promise<{ compiled: CompiledTemplates; code: string; declaration: string; remove(): Promise<void> }> {
  const out = await mkdtemp(join(tmpdir(), 'mailsmith-build-'));
  const { code, declaration } = await buildTemplates(dir, { helpers, version: '0.0.0-test' });
  await writeFile(join(out, 'package.json'), '{ "type": "module" }');
  await writeFile(join(out, 'mail.compiled.js'), code);
  const compiled = (await import(pathToFileURL(join(out, 'mail.compiled.js')).href))
    .default as CompiledTemplates;
  return { compiled, code, declaration, remove: () => rm(out, { recursive: true, force: true }) };
}

/**
 * Sample data that walks every branch a template reads: printed values are distinct strings, guards
 * are true, lists have two elements — so a difference anywhere in the output shows.
 */
export function sampleOf(shape: Shape, path = 'v'): unknown {
  if (shape.kind === 'leaf') return shape.use === 'guard' ? true : `${path}<&>"`;
  if (shape.kind === 'array')
    return [sampleOf(shape.element, `${path}0`), sampleOf(shape.element, `${path}1`)];
  return Object.fromEntries(
    [...shape.props].map(([key, field]) => [key, sampleOf(field.shape, `${path}.${key}`)]),
  );
}
