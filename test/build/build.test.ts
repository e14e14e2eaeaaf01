import { fileURLToPath } from 'node:url';
import type { HelperDelegate } from 'handlebars';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrebuiltRenderer } from '../../src/render/prebuilt.js';
import { previewScenarios } from '../../src/render/preview.js';
import { createRenderer } from '../../src/render/renderer.js';
import type { CompiledTemplate, Renderer } from '../../src/render/types.js';
import { validationRequirements } from '../../src/validate/index.js';
import { helpers as quotedHelpers } from '../render/fixtures.js';
import { buildAndImport, sampleOf } from './helpers.js';

const at = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

/** Every shipped template folder and every fixture folder that compiles, with the helpers it calls. */
const FOLDERS: { dir: string; helpers?: Record<string, HelperDelegate> }[] = [
  { dir: 'templates' },
  { dir: 'test/fixtures/templates/ok', helpers: quotedHelpers },
  { dir: 'test/fixtures/cli/good' },
  { dir: 'test/fixtures/cli/lint' },
  {
    dir: 'test/fixtures/infer',
    helpers: { currency: (n: number) => `¥${n}`, formatDate: (d: string) => `on ${d}` },
  },
  { dir: 'test/fixtures/testing/templates' },
  { dir: 'test/fixtures/preview/templates' },
];

/** Preview scenarios, a sample that reaches every branch, and empty data. */
function dataFor(template: CompiledTemplate, helpers: string[]): [string, unknown][] {
  const scenarios = Object.entries(previewScenarios(template.preview));
  const sample = sampleOf(validationRequirements(template, helpers).root);
  return [...scenarios, ['sample', sample], ['empty', {}]];
}

async function outcome(render: () => unknown): Promise<Record<string, unknown>> {
  try {
    return { ...((await render()) as object) };
  } catch (error) {
    return { error: String(error) };
  }
}

describe.each(FOLDERS)('mailsmith build of $dir', ({ dir, helpers = {} }) => {
  const names = Object.keys(helpers);
  let fromSource: Renderer;
  let prebuilt: Renderer;
  let remove: () => Promise<void>;

  beforeAll(async () => {
    const built = await buildAndImport(at(dir), names);
    remove = built.remove;
    fromSource = createRenderer({ dir: at(dir), helpers, checkInterval: false });
    prebuilt = createPrebuiltRenderer(built.compiled, { helpers });
  });
  afterAll(() => remove?.());

  it('holds every template of the folder', async () => {
    expect(await prebuilt.list()).toEqual(await fromSource.list());
    expect((await prebuilt.list()).length).toBeGreaterThan(0);
  });

  it('renders byte-identical subject, HTML and text for every template and data set', async () => {
    let compared = 0;
    for (const name of await fromSource.list()) {
      const source = await fromSource.get(name);
      for (const [label, data] of dataFor(source, names)) {
        // A render that throws (e.g. a recursive partial given looping sample data) must throw alike.
        const expected = outcome(() => source.render(data));
        const actual = outcome(() => prebuilt.render(name, data));
        expect({ name, label, ...(await actual) }).toEqual({ name, label, ...(await expected) });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(0);
  });

  it('carries the validator inferred from source, and the sources', async () => {
    for (const name of await fromSource.list()) {
      const source = await fromSource.get(name);
      const built = await prebuilt.get(name);
      expect(built.requirements).toEqual(validationRequirements(source, names));
      expect(built.sources).toEqual(source.sources);
      expect(built.textSource).toBe(source.textSource);
    }
  });
});
