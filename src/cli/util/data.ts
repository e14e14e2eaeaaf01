import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { previewScenarios } from '../../render/index.js';
import type { CompiledTemplate } from '../../render/types.js';
import { UsageError } from './UsageError.js';

/** Reads a `--data` JSON file. Missing or malformed files are usage errors (exit 2). */
export async function readDataFile(path: string, cwd: string = process.cwd()): Promise<unknown> {
  const file = resolve(cwd, path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
    throw new UsageError(`Cannot read --data ${path}: ${reason}`, 'pass a JSON file with the template data');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `--data ${path} is not valid JSON: ${(error as Error).message}`,
      'fix the JSON syntax',
    );
  }
}

/**
 * The preview data to render with: the named scenario, else `default` (or the first), else `{}` without
 * preview.json. A preview.json that failed to parse is thrown, not taken for "no sample data".
 */
export function previewData(
  template: string,
  compiled: Pick<CompiledTemplate, 'preview' | 'previewError'>,
  scenario?: string,
): unknown {
  if (compiled.previewError) throw compiled.previewError;
  const scenarios = previewScenarios(compiled.preview);
  if (scenario === undefined) return scenarios.default ?? Object.values(scenarios)[0] ?? {};
  // Own keys only: `constructor` or `toString` must not resolve to Object.prototype's functions.
  if (!Object.hasOwn(scenarios, scenario)) {
    const names = Object.keys(scenarios);
    throw new UsageError(
      `Template "${template}" has no preview scenario "${scenario}"`,
      names.length ? `use one of: ${names.join(', ')}` : `add ${template}/preview.json with named scenarios`,
    );
  }
  return scenarios[scenario];
}
