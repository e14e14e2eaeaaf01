import { describe, expect, it } from 'vitest';
import { TemplateSyntaxError } from '../../src/errors/TemplateSyntaxError.js';
import { checkPartialCycles } from '../../src/render/partial-cycles.js';

const file = (path: string, source: string) => ({ path, source });
const partials = (entries: Record<string, string>) =>
  new Map(Object.entries(entries).map(([name, source]) => [name, file(`_partials/${name}.hbs`, source)]));

function cycleError(run: () => void): TemplateSyntaxError {
  try {
    run();
  } catch (error) {
    if (error instanceof TemplateSyntaxError) return error;
    throw error;
  }
  throw new Error('expected a TemplateSyntaxError');
}

describe('checkPartialCycles', () => {
  it('rejects a partial that includes itself, naming the chain, file and line', () => {
    const error = cycleError(() =>
      checkPartialCycles([file('t/html.hbs', '{{> loop}}')], partials({ loop: 'a\n{{> loop}}' })),
    );
    expect(error.code).toBe('TEMPLATE_SYNTAX');
    expect(error.message).toContain('partial cycle: loop → loop');
    expect(error.file).toBe('_partials/loop.hbs');
    expect(error.line).toBe(2);
  });

  it('rejects a cycle through several partials', () => {
    const error = cycleError(() =>
      checkPartialCycles([], partials({ a: '{{> b}}', b: 'x {{#> c}}fallback{{/c}}', c: '{{> a}}' })),
    );
    expect(error.message).toContain('partial cycle: a → b → c → a');
  });

  it('rejects recursive inline partials', () => {
    const source =
      '{{#*inline "row"}}<tr>{{> cell}}</tr>{{/inline}}\n{{#*inline "cell"}}{{> row}}{{/inline}}{{> row}}';
    const error = cycleError(() => checkPartialCycles([file('t/html.hbs', source)], new Map()));
    expect(error.message).toContain('partial cycle: inline "row" → inline "cell" → inline "row"');
    expect(error.file).toBe('t/html.hbs');
  });

  it('allows recursion that can stop (inside a block) and partials used twice', () => {
    expect(() =>
      checkPartialCycles(
        [file('t/html.hbs', '{{> node}} {{> leaf}} {{> leaf}}')],
        partials({ node: '{{name}}{{#each children}}{{> node}}{{/each}}', leaf: '{{> tail}}', tail: 'x' }),
      ),
    ).not.toThrow();
  });
});
