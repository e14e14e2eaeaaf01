/**
 * The public surface, snapshotted: every name each entry point exports, and whether it is a value or
 * only a type. A change here is a change to what users can import, so it must be deliberate: review
 * the diff, then update with `npx vitest run test/api -u` and say so in CHANGELOG.md.
 */
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Subpath → source entry, as package.json `exports` maps them (through dist/). */
const ENTRIES = {
  mailsmith: 'src/index.ts',
  'mailsmith/testing': 'src/testing/index.ts',
  'mailsmith/vitest': 'src/vitest/index.ts',
  'mailsmith/preview': 'src/preview/index.ts',
  'mailsmith/queue': 'src/queue/index.ts',
  'mailsmith/bounces': 'src/bounces/index.ts',
} as const;

/** Export names of each entry from the type checker: `name` for values, `type name` for types only. */
function declaredExports(): Record<string, string[]> {
  const config = ts.readConfigFile(`${root}tsconfig.json`, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const files = Object.values(ENTRIES).map((file) => `${root}${file}`);
  const program = ts.createProgram(files, { ...options, noEmit: true });
  const checker = program.getTypeChecker();
  const out: Record<string, string[]> = {};
  for (const [entry, file] of Object.entries(ENTRIES)) {
    const source = program.getSourceFile(`${root}${file}`);
    const module = source && checker.getSymbolAtLocation(source);
    if (!module) throw new Error(`no module symbol for ${file}`);
    out[entry] = checker
      .getExportsOfModule(module)
      .map((symbol) => (typeOnly(checker, symbol) ? `type ${symbol.name}` : symbol.name))
      .sort((a, b) => a.replace(/^type /, '').localeCompare(b.replace(/^type /, '')));
  }
  return out;
}

/** True when the name is no value at runtime: a type, or a value re-exported with `export { type X }`. */
function typeOnly(checker: ts.TypeChecker, symbol: ts.Symbol): boolean {
  let current: ts.Symbol | undefined = symbol;
  while (current && current.flags & ts.SymbolFlags.Alias) {
    for (const d of current.declarations ?? []) {
      if (ts.isExportSpecifier(d) && (d.isTypeOnly || d.parent.parent.isTypeOnly)) return true;
      if (ts.isImportSpecifier(d) && (d.isTypeOnly || d.parent.parent.isTypeOnly)) return true;
    }
    current = checker.getImmediateAliasedSymbol(current);
  }
  return !current || !(current.flags & ts.SymbolFlags.Value);
}

const runtime: Record<keyof typeof ENTRIES, () => Promise<object>> = {
  mailsmith: () => import('../../src/index.js'),
  'mailsmith/testing': () => import('../../src/testing/index.js'),
  'mailsmith/vitest': () => import('../../src/vitest/index.js'),
  'mailsmith/preview': () => import('../../src/preview/index.js'),
  'mailsmith/queue': () => import('../../src/queue/index.js'),
  'mailsmith/bounces': () => import('../../src/bounces/index.js'),
};

describe('public API', () => {
  const declared = declaredExports();

  it('exports exactly the snapshotted names from each entry point', () => {
    expect(declared).toMatchSnapshot();
  });

  it.each(Object.keys(ENTRIES) as (keyof typeof ENTRIES)[])(
    '%s exports at runtime the values it declares',
    async (entry) => {
      const values = declared[entry]!.filter((name) => !name.startsWith('type '));
      expect(Object.keys(await runtime[entry]()).sort()).toEqual([...values].sort());
    },
  );
});
