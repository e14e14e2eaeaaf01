import { fullHandlebars } from '../render/full-handlebars.js';

/** One `{{t …}}` call in a template file. */
export interface MessageUse {
  /** The key, when the call names it as a literal (`{{t "order.shipped"}}`). */
  key?: string;
  /**
   * For a computed key (`{{t (concat "status." state)}}`), the literal it starts with (`status.`);
   * empty when nothing about the key is known.
   */
  prefix?: string;
  /** 1-based line of the call in its file. */
  line: number;
  /** Names of the hash arguments it passes (`name=customer.name` → `name`). */
  params: string[];
}

type Node = hbs.AST.Node;

function isCall(
  node: Node,
): node is hbs.AST.MustacheStatement | hbs.AST.SubExpression | hbs.AST.BlockStatement {
  return node.type === 'MustacheStatement' || node.type === 'SubExpression' || node.type === 'BlockStatement';
}

function visit(node: unknown, fn: (node: Node) => void): void {
  if (typeof node !== 'object' || node === null) return;
  if (typeof (node as Node).type === 'string') fn(node as Node);
  for (const [name, value] of Object.entries(node)) {
    if (name === 'loc') continue;
    if (Array.isArray(value)) for (const item of value) visit(item, fn);
    else visit(value, fn);
  }
}

/**
 * The `t` calls of one Handlebars (or MJML-with-Handlebars) source, in order. Parse errors throw:
 * the compile reports them with the author's line, so a caller checking catalogs can skip the file.
 *
 * @example
 * messageUses('{{t "order.shipped" count=items.length}}');
 * // [{ key: 'order.shipped', line: 1, params: ['count'] }]
 */
export function messageUses(source: string): MessageUse[] {
  const uses: MessageUse[] = [];
  visit(fullHandlebars().parse(source), (node) => {
    if (!isCall(node) || node.path.type !== 'PathExpression') return;
    const path = node.path as hbs.AST.PathExpression;
    if (path.original !== 't' || path.data || path.depth !== 0) return;
    const [first] = node.params;
    if (!first) return;
    const line = node.loc?.start.line ?? 1;
    const params = (node.hash?.pairs ?? []).map((pair) => pair.key);
    if (first.type === 'StringLiteral') {
      uses.push({ key: (first as hbs.AST.StringLiteral).value, line, params });
      return;
    }
    // `(concat "status." state)`: whatever follows is data, but the literal head narrows the keys.
    const sub = first as hbs.AST.SubExpression;
    const concat =
      first.type === 'SubExpression' && (sub.path as hbs.AST.PathExpression).original === 'concat';
    const head = concat ? sub.params[0] : undefined;
    const prefix = head?.type === 'StringLiteral' ? (head as hbs.AST.StringLiteral).value : '';
    uses.push({ prefix, line, params });
  });
  return uses;
}
