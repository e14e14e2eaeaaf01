import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTemplates } from '../../src/build/index.js';
import { inPackage, loadedModules } from '../helpers/modules/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const send = join(root, 'test/fixtures/footprint/send.ts');
const templates = join(root, 'templates');
const receiptData = join(templates, 'receipt/preview.json');

/** What a production process that sends must never load (the compile and dev tools). */
const TOOLS = [
  'mjml',
  'mjml-core',
  'juice',
  'html-to-text',
  'cheerio',
  'smtp-server',
  'mailparser',
  'chokidar',
  'commander',
  '@jsx-email/doiuse-email',
  'jiti',
];
const handlebarsCompiler = (files: string[]) =>
  files.map(inPackage).filter((f) => f?.startsWith('handlebars/') && f.includes('/compiler/'));

let dir: string;
let compiledModule: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mailsmith-footprint-'));
  compiledModule = join(dir, 'mail.compiled.js');
  const { code } = await buildTemplates(templates, { version: '0.0.0-test' });
  await writeFile(join(dir, 'package.json'), '{ "type": "module" }');
  await writeFile(compiledModule, code);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the slim runtime', () => {
  it('sends a prebuilt template loading only nodemailer, the Handlebars runtime and the ICU library', async () => {
    const run = await loadedModules(send, [compiledModule, 'receipt', receiptData]);
    expect(JSON.parse(run.stdout).subject).toMatch(/^Receipt for order \S+$/);
    expect(TOOLS.filter((name) => run.packages.has(name))).toEqual([]);
    expect(handlebarsCompiler(run.files)).toEqual([]);
    // The shipped templates have catalogs: their ICU library (intl-messageformat, its @formatjs parts).
    const icu = (name: string) =>
      name === 'intl-messageformat' || name.startsWith('@formatjs/') || name === 'tslib';
    expect([...run.packages].filter((name) => !icu(name)).sort()).toEqual(['handlebars', 'nodemailer']);
    expect(run.packages).toContain('intl-messageformat');
  });

  it('imports the compiler on the first compile from source, and sends the same email', async () => {
    const [fromSource, prebuilt] = await Promise.all([
      loadedModules(send, [templates, 'receipt', receiptData]),
      loadedModules(send, [compiledModule, 'receipt', receiptData]),
    ]);
    // Proves the probe sees what is loaded, so the test above can fail.
    for (const name of ['mjml', 'juice', 'html-to-text']) expect(fromSource.packages).toContain(name);
    expect(handlebarsCompiler(fromSource.files).length).toBeGreaterThan(0);
    expect(JSON.parse(prebuilt.stdout)).toEqual(JSON.parse(fromSource.stdout));
  });

  it('the CLI loads a command’s tools only when that command runs', async () => {
    const help = await loadedModules(join(root, 'src/cli/bin.ts'), ['--help']);
    expect(help.stdout).toContain('build');
    expect(TOOLS.filter((name) => name !== 'commander' && help.packages.has(name))).toEqual([]);
  });
});
