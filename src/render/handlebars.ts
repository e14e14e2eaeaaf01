import Handlebars, { type HelperDelegate } from 'handlebars';
import { TemplateRenderError } from '../errors/TemplateRenderError.js';
import { TemplateSyntaxError } from '../errors/TemplateSyntaxError.js';
import { ESCAPE_HELPER, registerEscaper } from './escape.js';
import { explainParseError } from './hbs-errors.js';
import { guarded } from './helper-guard.js';

export { HelperFailure } from './helper-guard.js';

export type HandlebarsEnv = typeof Handlebars;
export type TemplateFn = Handlebars.TemplateDelegate;

/** Helpers, decorators and partials a source may refer to. */
export interface Known {
  helpers: ReadonlySet<string>;
  decorators: ReadonlySet<string>;
  partials: ReadonlySet<string>;
  /** MJML partials, allowed only in MJML sources; named in the error elsewhere. */
  mjmlPartials: ReadonlySet<string>;
}

/**
 * A fresh Handlebars environment with the user's helpers, isolated from the global instance and
 * from other renderers, so registering a partial for one template never leaks into another.
 */
export function createEnv(helpers: Record<string, HelperDelegate> = {}): HandlebarsEnv {
  const env = Handlebars.create();
  for (const [name, helper] of Object.entries(helpers)) env.registerHelper(name, guarded(name, helper));
  registerEscaper(env);
  return env;
}

/** What a source may call, given the environment's helpers and the partials that exist. */
export function knownOf(
  env: HandlebarsEnv,
  partials: Iterable<string>,
  mjmlPartials: Iterable<string>,
): Known {
  const decorators = (env as unknown as { decorators: Record<string, unknown> }).decorators;
  return {
    helpers: new Set(Object.keys(env.helpers).filter((h) => h !== ESCAPE_HELPER)),
    decorators: new Set(Object.keys(decorators)),
    partials: new Set(partials),
    mjmlPartials: new Set(mjmlPartials),
  };
}

/**
 * Parses a source file and checks that every helper and partial it uses exists, so mistakes surface
 * at compile time with the file and line instead of at send time.
 */
export function assertKnownReferences(
  source: string,
  file: string,
  known: Known,
  options: { mjml?: boolean } = {},
): void {
  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parse(source);
  } catch (error) {
    const explained = explainParseError(source);
    if (!explained) throw syntaxError(error, file);
    throw new TemplateSyntaxError(
      { kind: 'handlebars', file, line: explained.line, detail: explained.detail },
      { cause: error, hint: explained.hint },
    );
  }
  const inlinePartials = new Set<string>();
  const problems: { line: number; message: string; helper?: string }[] = [];
  visit(ast, (node) => {
    if (node.type === 'DecoratorBlock' || node.type === 'Decorator') {
      const d = node as hbs.AST.DecoratorBlock;
      const name = simpleName(d.path);
      if (name === 'inline' && d.params[0]?.type === 'StringLiteral') {
        inlinePartials.add((d.params[0] as hbs.AST.StringLiteral).value);
      }
      if (name && !known.decorators.has(name)) problems.push(at(d, `unknown decorator "*${name}"`));
      return;
    }
    if (
      node.type === 'MustacheStatement' ||
      node.type === 'BlockStatement' ||
      node.type === 'SubExpression'
    ) {
      const call = node as hbs.AST.MustacheStatement;
      const name = simpleName(call.path);
      const isCall =
        node.type === 'SubExpression' || call.params.length > 0 || (call.hash?.pairs.length ?? 0) > 0;
      if (name && isCall && !known.helpers.has(name)) {
        problems.push({ ...at(call, `helper "${name}" is not registered`), helper: name });
      }
    }
  });
  visit(ast, (node) => {
    if (node.type !== 'PartialStatement') return;
    const p = node as hbs.AST.PartialStatement;
    const name = p.name.type === 'PathExpression' ? (p.name as hbs.AST.PathExpression).original : undefined;
    if (!name || name.startsWith('@') || known.partials.has(name) || inlinePartials.has(name)) return;
    if (known.mjmlPartials.has(name)) {
      if (options.mjml) return;
      problems.push(
        at(
          p,
          `partial "${name}" is an MJML partial (_partials/${name}.mjml), usable only in .mjml files; add _partials/${name}.hbs`,
        ),
      );
      return;
    }
    const list = [...known.partials, ...(options.mjml ? known.mjmlPartials : [])];
    problems.push(at(p, `partial "${name}" not found (available partials: ${list.join(', ') || 'none'})`));
  });
  const first = problems.sort((a, b) => a.line - b.line)[0];
  if (first?.helper) {
    // Not a mistake in the file: the helper exists in the app but was not handed to this renderer.
    const list = [...known.helpers].filter((h) => !BUILTIN.has(h));
    throw new TemplateRenderError(
      { helper: first.helper, file, line: first.line, detail: first.message },
      {
        hint: `register it: createMailer({ helpers: { ${first.helper} } }), and the same helpers in mailsmith.config.ts (defineConfig({ helpers })) for check, preview and types; registered helpers: ${list.join(', ') || 'none'}`,
      },
    );
  }
  if (first) {
    throw new TemplateSyntaxError({ kind: 'handlebars', file, line: first.line, detail: first.message });
  }
}

const BUILTIN = new Set([
  'blockHelperMissing',
  'each',
  'helperMissing',
  'if',
  'unless',
  'log',
  'lookup',
  'with',
]);

type CompilerClass = new () => {
  compile(env: unknown, o: unknown, c: unknown, asObject: boolean): unknown;
};

const escapingCompilers = new WeakMap<object, CompilerClass>();

/**
 * Handlebars' JavaScript compiler, with escaped output going through {@link escapeHtml} (reached as
 * a helper, the one thing every compiled program gets) instead of Handlebars' own escaper.
 */
function escapingCompiler(base: CompilerClass): CompilerClass {
  let found = escapingCompilers.get(base);
  if (!found) {
    const Base = base as unknown as new () => {
      pushSource(s: unknown): void;
      appendToBuffer(parts: unknown[]): unknown;
      aliasable(name: string): unknown;
      popStack(): unknown;
    };
    class Escaping extends Base {
      appendEscaped(): void {
        this.pushSource(
          this.appendToBuffer([
            this.aliasable(`helpers[${JSON.stringify(ESCAPE_HELPER)}].escape`),
            '(',
            this.popStack(),
            ')',
          ]),
        );
      }
    }
    // Child programs ({{#each}} bodies) are compiled by `new this.compiler()`: keep them escaping too.
    (Escaping.prototype as unknown as { compiler: unknown }).compiler = Escaping;
    found = Escaping as unknown as CompilerClass;
    escapingCompilers.set(base, found);
  }
  return found;
}

/**
 * Compiles now rather than on first call (Handlebars' `compile` is lazy), so errors surface at
 * compile time and the first send pays nothing extra.
 */
export function compileNow(env: HandlebarsEnv, source: string, file: string, noEscape: boolean): TemplateFn {
  const options = compileOptions(env, noEscape);
  const internals = env as unknown as {
    Compiler: new () => { compile(ast: unknown, options: unknown): unknown };
    JavaScriptCompiler: new () => { compile(env: unknown, o: unknown, c: unknown, asObject: true): unknown };
    template(spec: unknown): TemplateFn;
  };
  try {
    const environment = new internals.Compiler().compile(env.parse(source), options);
    const JavaScript = noEscape
      ? internals.JavaScriptCompiler
      : escapingCompiler(internals.JavaScriptCompiler);
    return internals.template(new JavaScript().compile(environment, options, undefined, true));
  } catch (error) {
    throw syntaxError(error, file);
  }
}

/**
 * The compiler options of every template: `compileNow` and `precompileNow` share them, so a template
 * precompiled by `mailsmith build` renders the same bytes as one compiled from source.
 */
function compileOptions(env: HandlebarsEnv, noEscape: boolean) {
  // Helpers were checked against the environment already; telling the compiler lets `{{name}}` be a
  // plain property lookup instead of a helper-or-property probe on every render.
  const knownHelpers = Object.fromEntries(Object.keys(env.helpers).map((h) => [h, true]));
  return { data: true, noEscape, knownHelpers, knownHelpersOnly: true };
}

/**
 * Precompiles a source to JavaScript (a template spec object literal) for `mailsmith build`; the
 * runtime turns it back into a function with `handlebars/runtime`'s `template()`.
 */
export function precompileNow(env: HandlebarsEnv, source: string, file: string, noEscape: boolean): string {
  const options = compileOptions(env, noEscape);
  const internals = env as unknown as {
    Compiler: new () => { compile(ast: unknown, options: unknown): unknown };
    JavaScriptCompiler: CompilerClass;
  };
  try {
    // What env.precompile does, with the same escaping compiler as compileNow: same bytes out.
    const environment = new internals.Compiler().compile(env.parse(source), options);
    const JavaScript = noEscape
      ? internals.JavaScriptCompiler
      : escapingCompiler(internals.JavaScriptCompiler);
    return String(new JavaScript().compile(environment, options, undefined, false));
  } catch (error) {
    throw syntaxError(error, file);
  }
}

/** A Handlebars exception as a TemplateSyntaxError with the line Handlebars reported. */
export function syntaxError(error: unknown, file: string, lineOffset = 0): TemplateSyntaxError {
  const e = error as { message?: string; lineNumber?: number };
  const message = String(e.message ?? error);
  const parsed = /Parse error on line (\d+)/.exec(message)?.[1];
  const line = e.lineNumber ?? (parsed ? Number(parsed) : undefined);
  const detail = message.replace(/^Parse error on line \d+:\n?/, '').replace(/ - \d+:\d+$/, '');
  return new TemplateSyntaxError(
    { kind: 'handlebars', file, line: line === undefined ? undefined : line + lineOffset, detail },
    { cause: error },
  );
}

function simpleName(path: hbs.AST.Expression): string | undefined {
  if (path.type !== 'PathExpression') return undefined;
  const p = path as hbs.AST.PathExpression;
  return p.parts.length === 1 && !p.data && p.depth === 0 && p.original !== 'this' ? p.parts[0] : undefined;
}

function at(node: hbs.AST.Node, message: string): { line: number; message: string } {
  return { line: node.loc?.start.line ?? 1, message };
}

/** Walks every node of a Handlebars AST. */
function visit(node: unknown, fn: (node: hbs.AST.Node) => void): void {
  if (Array.isArray(node)) {
    for (const n of node) visit(n, fn);
    return;
  }
  if (!node || typeof node !== 'object' || typeof (node as { type?: unknown }).type !== 'string') return;
  fn(node as hbs.AST.Node);
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'loc' && value && typeof value === 'object') visit(value, fn);
  }
}
