import { fullHandlebars } from '../render/full-handlebars.js';
import type { MessageParams } from './message-params.js';
import {
  addTypes,
  ELEMENT,
  type Guards,
  type LeafUse,
  markKeyed,
  type ObjectShape,
  object,
  record,
  requiredPaths,
  type Segment,
} from './model.js';

/**
 * What mailsmith passes to every template besides the data (`{{unsubscribeUrl}}`, and `{{locale}}`
 * where there are catalogs): never data fields in `mailsmith types` or validation.
 */
export const PROVIDED_VARIABLES = ['unsubscribeUrl', 'locale'] as const;
const PROVIDED: ReadonlySet<string> = new Set(PROVIDED_VARIABLES);

type Program = hbs.AST.Program;
type Node = hbs.AST.Node;
type Expression = hbs.AST.Expression;
type PathExpression = hbs.AST.PathExpression;
type Hash = hbs.AST.Hash;

/** A context a path can be relative to: `null` when it is not data (a literal, a helper's result). */
type ContextPath = readonly Segment[] | null;

interface Frame {
  path: ContextPath;
  /** Block params (`as |item i|`), visible to nested frames. */
  params: Map<string, ContextPath>;
  /** A partial's hash arguments, merged into its context by Handlebars. */
  hash: Map<string, ContextPath>;
}

interface Scope {
  frames: Frame[];
  guards: Guards;
  partialBlock?: { program: Program; scope: Scope };
  partialDepth: number;
  /** Where uses are recorded: the requirements, or a scratch tree when comparing if/else branches. */
  root: ObjectShape;
  /** How many if/else comparisons enclose this one (bounded: each doubles the walk below it). */
  branchDepth: number;
  /** Inline partials (`{{#*inline "row"}}`) defined in an enclosing program. */
  inline?: ReadonlyMap<string, Program>;
}

export interface WalkOptions {
  /** Handlebars partials by name (`.hbs` partials); unknown partials are skipped. */
  partials?: Record<string, string>;
  /** Names of registered helpers, so `{{year}}` is not taken for data. */
  helpers?: Iterable<string>;
  /**
   * Parameter types of the catalogs' messages: a path passed to `{{t "key" count=…}}` takes the
   * type the message gives `count` (a plural's number, a select's string).
   */
  messages?: MessageParams;
}

const MAX_PARTIAL_DEPTH = 8;
const MAX_BRANCH_DEPTH = 3;
const THIS_REF = /^(this|\.)(\/|\.|$)/;
const frame = (path: ContextPath, params = new Map<string, ContextPath>()): Frame => ({
  path,
  params,
  hash: new Map(),
});
const isPath = (e: Node | undefined): e is PathExpression => e?.type === 'PathExpression';

/**
 * Whether an `#each` body reads `@key`, which means the value it iterates may be an object (Handlebars
 * iterates its own keys). Nested `#each` bodies have their own `@key`.
 */
function readsKey(node: unknown): boolean {
  if (typeof node !== 'object' || node === null) return false;
  const n = node as { type?: string; data?: boolean; original?: string; path?: { original?: string } };
  if (n.type === 'PathExpression') return n.data === true && n.original === '@key';
  if (n.type === 'BlockStatement' && n.path?.original === 'each') {
    const block = node as hbs.AST.BlockStatement;
    return [...block.params, block.hash, block.inverse].some(readsKey);
  }
  return Object.values(node).some((value) =>
    Array.isArray(value) ? value.some(readsKey) : typeof value === 'object' && readsKey(value),
  );
}

/** Walks Handlebars ASTs and records every data path they read into `root`. */
export class RequirementsWalker {
  private readonly partials: Record<string, string>;
  private readonly helpers: Set<string>;
  private readonly messages?: MessageParams;
  private readonly parsed = new Map<string, Program>();

  constructor(
    private readonly root: ObjectShape,
    options: WalkOptions = {},
  ) {
    this.partials = options.partials ?? {};
    // Variables the mailer provides at render time are not data fields, like zero-argument helpers.
    this.helpers = new Set([...PROVIDED_VARIABLES, ...(options.helpers ?? [])]);
    this.messages = options.messages;
  }

  /** Walks one template source (html, text, subject…) from the data's root. */
  source(source: string): void {
    this.program(fullHandlebars().parse(source), {
      frames: [frame([])],
      guards: [],
      partialDepth: 0,
      root: this.root,
      branchDepth: 0,
    });
  }

  private program(program: Program | undefined, scope: Scope): void {
    const body = program?.body ?? [];
    let inline = scope.inline;
    for (const node of body) {
      const block = node as hbs.AST.BlockStatement;
      const [name] = block.params ?? [];
      if (
        node.type === 'DecoratorBlock' &&
        block.path.original === 'inline' &&
        name?.type === 'StringLiteral'
      ) {
        inline = new Map(inline).set((name as hbs.AST.StringLiteral).value, block.program);
      }
    }
    const inner = inline === scope.inline ? scope : { ...scope, inline };
    for (const statement of body) this.statement(statement, inner);
  }

  private statement(node: Node, scope: Scope): void {
    switch (node.type) {
      case 'MustacheStatement':
        this.mustache(node as hbs.AST.MustacheStatement, scope);
        break;
      case 'BlockStatement':
        this.block(node as hbs.AST.BlockStatement, scope);
        break;
      case 'PartialStatement':
      case 'PartialBlockStatement':
        this.partial(node as hbs.AST.PartialBlockStatement, scope);
        break;
    }
  }

  private mustache(node: hbs.AST.MustacheStatement, scope: Scope): void {
    if (!isPath(node.path)) return;
    if (this.isHelperCall(node.path, node.params, node.hash)) {
      if (this.message(node, scope)) return;
      this.args(
        node.params,
        node.hash,
        node.path.original === 'log' ? this.guarded(scope, null) : scope,
        'arg',
      );
    } else {
      this.use(node.path, scope, 'print');
    }
  }

  private block(node: hbs.AST.BlockStatement, scope: Scope): void {
    const helper = node.path.original;
    const [target] = node.params;
    const targetPath = isPath(target) ? this.resolve(target, scope) : null;
    const blockParams = node.program?.blockParams ?? [];
    if (helper === 'if' || helper === 'unless') {
      this.args(node.params, node.hash, this.guarded(scope, null), 'guard');
      const truthy = this.guarded(scope, targetPath);
      const falsy = this.guarded(scope, null);
      this.program(node.program, helper === 'if' ? truthy : falsy);
      this.program(node.inverse, helper === 'if' ? falsy : truthy);
      if (node.inverse) this.requireBothBranches(node, scope);
    } else if (helper === 'with') {
      this.args(node.params, node.hash, this.guarded(scope, null), 'guard');
      const inner = this.guarded(scope, targetPath);
      this.program(node.program, this.push(inner, targetPath, blockParams, [targetPath]));
      this.program(node.inverse, this.guarded(scope, null));
    } else if (helper === 'each') {
      if (targetPath) {
        record(scope.root, [...targetPath, ELEMENT], 'guard', scope.guards);
        if (readsKey(node.program)) markKeyed(scope.root, targetPath);
      } else this.args(node.params, { type: 'Hash', pairs: [], loc: node.loc } as Hash, scope, 'arg');
      const element = targetPath ? [...targetPath, ELEMENT] : null;
      this.program(node.program, this.push(scope, element, blockParams, [element, null]));
      this.program(node.inverse, this.guarded(scope, null));
    } else {
      // A custom block helper may render its body or not, with the same context.
      this.args(node.params, node.hash, scope, 'arg');
      const inner = this.guarded(scope, null);
      const params = new Map(blockParams.map((name) => [name, null] as const));
      this.program(node.program, {
        ...inner,
        frames: [...inner.frames.slice(0, -1), { ...this.top(inner), params }],
      });
      this.program(node.inverse, inner);
    }
  }

  private partial(node: hbs.AST.PartialBlockStatement, scope: Scope): void {
    const [context] = node.params;
    this.args(node.params.slice(1), { type: 'Hash', pairs: [], loc: node.loc } as Hash, scope, 'arg');
    if (!isPath(node.name)) {
      this.args([node.name], { type: 'Hash', pairs: [], loc: node.loc } as Hash, scope, 'arg');
      return;
    }
    const name = node.name.original;
    if (name === '@partial-block') {
      if (scope.partialBlock) this.program(scope.partialBlock.program, scope.partialBlock.scope);
      return;
    }
    const inline = scope.inline?.get(name);
    const source = Object.hasOwn(this.partials, name) ? this.partials[name] : undefined;
    if ((inline === undefined && source === undefined) || scope.partialDepth >= MAX_PARTIAL_DEPTH) {
      // Unknown to us (registered elsewhere): its arguments are still read.
      this.args(node.params, node.hash, scope, 'arg');
      return;
    }
    const contextPath =
      context === undefined ? this.top(scope).path : isPath(context) ? this.resolve(context, scope) : null;
    const partialFrame = frame(contextPath);
    for (const pair of node.hash?.pairs ?? []) {
      partialFrame.hash.set(pair.key, isPath(pair.value) ? this.resolve(pair.value, scope) : null);
      if (!isPath(pair.value)) this.expression(pair.value, scope, 'arg');
    }
    let program = inline ?? this.parsed.get(name);
    if (!program) {
      program = fullHandlebars().parse(source!);
      this.parsed.set(name, program);
    }
    this.program(program, {
      frames: [partialFrame],
      guards: scope.guards,
      partialBlock:
        node.type === 'PartialBlockStatement' ? { program: node.program, scope } : scope.partialBlock,
      partialDepth: scope.partialDepth + 1,
      root: scope.root,
      branchDepth: scope.branchDepth,
      inline: scope.inline,
    });
  }

  /**
   * A path read in both branches of an if/else (`{{#if url}}<a>{{title}}</a>{{else}}{{title}}{{/if}}`)
   * is read either way: walk each branch apart, without the branch's own guard, and require what
   * both require.
   */
  private requireBothBranches(node: hbs.AST.BlockStatement, scope: Scope): void {
    if (scope.branchDepth >= MAX_BRANCH_DEPTH) return;
    const branch = (program: Program) => {
      const root = object();
      this.program(program, { ...scope, root, branchDepth: scope.branchDepth + 1 });
      return requiredPaths(root);
    };
    const inverse = new Set(branch(node.inverse).map((path) => path.join('\0')));
    for (const path of branch(node.program)) {
      if (inverse.has(path.join('\0'))) record(scope.root, path, 'guard', scope.guards);
    }
  }

  /**
   * `{{t "order.shipped" count=items.length name=customer.name}}` with the catalogs' parameter types
   * known: each path argument is recorded with its parameter's use and types. False when this is not
   * such a call (the caller records the arguments as plain helper arguments).
   */
  private message(node: hbs.AST.MustacheStatement, scope: Scope): boolean {
    const [key] = node.params;
    if (
      (node.path as PathExpression).original !== 't' ||
      key?.type !== 'StringLiteral' ||
      node.params.length > 1
    )
      return false;
    const params = this.messages?.get((key as hbs.AST.StringLiteral).value);
    if (!params) return false;
    for (const pair of node.hash?.pairs ?? []) {
      const param = params.get(pair.key);
      const value = pair.value;
      const path = isPath(value) ? this.resolve(value, scope) : null;
      if (!param || !isPath(value) || !path || path.length === 0 || PROVIDED.has(path[0] as string)) {
        this.expression(value, scope, 'arg');
      } else if (path.length > 1 && path[path.length - 1] === 'length') {
        this.use(value, scope, 'arg'); // `count=items.length`: an array's size, already a number
      } else {
        record(scope.root, path, param.use, scope.guards);
        addTypes(scope.root, path, param.types);
      }
    }
    return true;
  }

  private args(params: Expression[], hash: Hash | undefined, scope: Scope, use: LeafUse): void {
    for (const param of params) this.expression(param, scope, use);
    for (const pair of hash?.pairs ?? []) this.expression(pair.value, scope, use);
  }

  private expression(node: Expression, scope: Scope, use: LeafUse): void {
    if (isPath(node)) this.use(node, scope, use);
    else if (node.type === 'SubExpression') {
      const sub = node as hbs.AST.SubExpression;
      this.args(sub.params, sub.hash, scope, use === 'guard' ? 'guard' : 'arg');
    }
  }

  private use(node: PathExpression, scope: Scope, use: LeafUse): void {
    const path = this.resolve(node, scope);
    if (!path || path.length === 0 || PROVIDED.has(path[0] as string)) return;
    // `items.length` (a `t` plural count, a printed total) reads an array's size, not a field `length`.
    if (path.length > 1 && path[path.length - 1] === 'length') {
      record(scope.root, [...path.slice(0, -1), ELEMENT], 'guard', scope.guards);
      return;
    }
    record(scope.root, path, use, scope.guards);
  }

  /** The absolute data path a PathExpression reads, or null when it reads no data (`@index`, a literal context). */
  private resolve(node: PathExpression, scope: Scope): ContextPath {
    const parts = node.parts.map((p) => (/^\d+$/.test(p) ? ELEMENT : p));
    if (node.data) return parts[0] === 'root' ? parts.slice(1) : null;
    const explicitThis = THIS_REF.test(node.original);
    const head = parts[0];
    if (node.depth === 0 && head !== undefined) {
      const top = this.top(scope);
      if (top.hash.has(head)) return this.extend(top.hash.get(head)!, parts.slice(1));
      if (!explicitThis) {
        for (let i = scope.frames.length - 1; i >= 0; i--) {
          const params = scope.frames[i]!.params;
          if (params.has(head)) return this.extend(params.get(head)!, parts.slice(1));
        }
      }
    }
    const base = scope.frames[scope.frames.length - 1 - node.depth] ?? scope.frames[0]!;
    return this.extend(base.path, parts);
  }

  private extend(base: ContextPath, parts: Segment[]): ContextPath {
    return base === null ? null : [...base, ...parts];
  }

  private isHelperCall(path: PathExpression, params: Expression[], hash: Hash | undefined): boolean {
    if (params.length > 0 || (hash?.pairs.length ?? 0) > 0) return true;
    return !path.data && path.depth === 0 && path.parts.length === 1 && this.helpers.has(path.original);
  }

  private top(scope: Scope): Frame {
    return scope.frames[scope.frames.length - 1]!;
  }

  private guarded(scope: Scope, guard: ContextPath): Scope {
    return { ...scope, guards: [...scope.guards, guard] };
  }

  /** A context-changing block (`each`, `with`): a new frame, with block params bound. */
  private push(scope: Scope, path: ContextPath, names: string[], values: ContextPath[]): Scope {
    const params = new Map(names.map((name, i) => [name, values[i] ?? null] as const));
    return { ...scope, frames: [...scope.frames, frame(path, params)] };
  }
}
