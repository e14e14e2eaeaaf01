import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const IMPORT =
  /^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;

/** Bare packages an entry loads, following its relative imports (type-only imports excluded). */
function packagesOf(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    // Comments go first: a JSDoc @example's `import x from './y.js'` is not an import.
    const source = readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '')
      .replace(/^\s*(import|export) type [^;]+;/gm, '');
    for (const match of source.matchAll(IMPORT)) {
      const spec = match[1] ?? match[2] ?? match[3] ?? '';
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else
        packages.add(
          spec
            .split('/')
            .slice(0, spec.startsWith('@') ? 2 : 1)
            .join('/'),
        );
    }
  };
  visit(resolve(root, entry));
  return packages;
}

describe('vitest stays out of the runtime entries', () => {
  it.each(['src/index.ts', 'src/testing/index.ts'])('%s never loads vitest', (entry) => {
    const packages = packagesOf(entry);
    expect(packages.size).toBeGreaterThan(0);
    expect([...packages].filter((p) => p.includes('vitest'))).toEqual([]);
  });

  it('mailsmith/vitest does (the guard above would notice an import)', () => {
    expect(packagesOf('src/vitest/index.ts')).toContain('vitest');
  });
});
