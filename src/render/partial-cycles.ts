import Handlebars from 'handlebars';
import { TemplateSyntaxError } from '../errors/TemplateSyntaxError.js';

/** A Handlebars source as written (its path names it in errors). */
export interface PartialSource {
  source: string;
  path: string;
}

interface Call {
  /** Node the call resolves to: `name` for a `_partials/*.hbs` partial, `file#name` for an inline one. */
  target: string;
  label: string;
  file: string;
  line: number;
}

interface Node {
  label: string;
  calls: Call[];
}

/**
 * Rejects partials that always include themselves, directly (`{{> loop}}` in loop.hbs) or through
 * others, inline partials included: Handlebars compiles them and then throws a bare `RangeError`
 * on every render. Only calls that run unconditionally count; a call inside a block (`{{#if}}`,
 * `{{#each}}`, any block helper) can stop, which is how recursive partials render trees.
 *
 * @example
 * checkPartialCycles([files.html], shared.hbsPartials); // throws TemplateSyntaxError "partial cycle: a → b → a"
 */
export function checkPartialCycles(
  entries: readonly PartialSource[],
  partials: ReadonlyMap<string, PartialSource>,
): void {
  const graph = new Map<string, Node>();
  const roots: string[] = [];
  for (const [name, file] of partials) add(graph, name, name, file, roots);
  for (const file of entries) add(graph, `${file.path}#`, file.path, file, roots);
  const done = new Set<string>();
  for (const root of roots) walk(graph, root, [], done);
}

/** Parses one file into nodes: the file itself and each inline partial it defines. */
function add(
  graph: Map<string, Node>,
  id: string,
  label: string,
  file: PartialSource,
  roots: string[],
): void {
  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parse(file.source);
  } catch {
    return; // syntax errors are reported by the Handlebars check, with their line
  }
  const inline = new Map<string, hbs.AST.Program>();
  collectInline(ast, inline);
  const resolve = (name: string) => (inline.has(name) ? `${file.path}#${name}` : name);
  const labelOf = (name: string) => (inline.has(name) ? `inline "${name}"` : name);
  const node = (program: hbs.AST.Program, nodeLabel: string): Node => ({
    label: nodeLabel,
    calls: unconditionalCalls(program).map(({ name, line }) => ({
      target: resolve(name),
      label: labelOf(name),
      file: file.path,
      line,
    })),
  });
  graph.set(id, node(ast, label));
  roots.push(id);
  for (const [name, program] of inline) graph.set(`${file.path}#${name}`, node(program, `inline "${name}"`));
}

/** Inline partials (`{{#*inline "row"}}…{{/inline}}`) anywhere in the file, by name. */
function collectInline(node: unknown, into: Map<string, hbs.AST.Program>): void {
  if (Array.isArray(node)) {
    for (const n of node) collectInline(n, into);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const n = node as hbs.AST.DecoratorBlock;
  if ((n.type as string) === 'DecoratorBlock' && n.path?.type === 'PathExpression') {
    const name = n.params[0];
    if ((n.path as hbs.AST.PathExpression).original === 'inline' && name?.type === 'StringLiteral') {
      into.set((name as hbs.AST.StringLiteral).value, n.program);
    }
  }
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'loc' && value && typeof value === 'object') collectInline(value, into);
  }
}

/** Partial calls that run whenever the program runs: not inside a block, a partial block or an inline. */
function unconditionalCalls(program: hbs.AST.Program): { name: string; line: number }[] {
  const calls: { name: string; line: number }[] = [];
  for (const statement of program.body) {
    if (statement.type !== 'PartialStatement' && statement.type !== 'PartialBlockStatement') continue;
    const p = statement as hbs.AST.PartialStatement;
    if (p.name.type !== 'PathExpression') continue; // a dynamic name cannot be followed
    const name = (p.name as hbs.AST.PathExpression).original;
    if (name.startsWith('@')) continue;
    calls.push({ name, line: p.loc?.start.line ?? 1 });
  }
  return calls;
}

function walk(graph: Map<string, Node>, id: string, stack: string[], done: Set<string>): void {
  if (done.has(id)) return;
  const node = graph.get(id);
  if (!node) return; // an unknown partial: reported by the Handlebars check
  stack.push(id);
  for (const call of node.calls) {
    const at = stack.indexOf(call.target);
    if (at !== -1) {
      const chain = [...stack.slice(at).map((s) => graph.get(s)!.label), call.label].join(' → ');
      throw new TemplateSyntaxError({
        kind: 'handlebars',
        file: call.file,
        line: call.line,
        detail:
          `partial cycle: ${chain} (a partial that always includes itself never finishes rendering; ` +
          'put the recursive call inside {{#if}} or {{#each}} so it can stop)',
      });
    }
    walk(graph, call.target, stack, done);
  }
  stack.pop();
  done.add(id);
}
