/**
 * The requirements model: what a template reads from its data, as a tree of shapes.
 * Built by the AST walk (walk.ts), refined by preview.json (preview.ts), turned into a
 * declaration (declaration.ts) and a runtime checker (check.ts).
 */

/** How a leaf value is used: printed (`{{x}}`), passed to a helper, or only tested for truthiness. */
export type LeafUse = 'print' | 'arg' | 'guard';

/** Scalar types observed in preview.json for a leaf. */
export type ScalarType = 'string' | 'number' | 'boolean';

export type Shape = LeafShape | ObjectShape | ArrayShape;

export interface LeafShape {
  kind: 'leaf';
  use: LeafUse;
  /** Refined from preview.json; empty means "not known" (print ⇒ string | number, else unknown). */
  types: Set<ScalarType>;
}

export interface ObjectShape {
  kind: 'object';
  props: Map<string, Field>;
}

export interface ArrayShape {
  kind: 'array';
  element: Shape;
  /** Iterated by `#each` with `@key`: an object of elements works as well as an array. */
  keyed?: boolean;
}

export interface Field {
  /** True when every use of the field is conditional (inside a guard, or the guard itself). */
  optional: boolean;
  shape: Shape;
}

/** Marks "an element of the array" in an absolute path (`items.[].title`). */
export const ELEMENT = '\0[]';
export type Segment = string;

/** The requirements of one template: its data's root object. */
export interface Requirements {
  template: string;
  root: ObjectShape;
}

const USE_RANK: Record<LeafUse, number> = { guard: 0, arg: 1, print: 2 };

export const leaf = (use: LeafUse): LeafShape => ({ kind: 'leaf', use, types: new Set() });
export const object = (): ObjectShape => ({ kind: 'object', props: new Map() });

/**
 * Merges two uses of the same value. A structural use (object, array) beats a leaf use, an array
 * beats an object (`items.length` next to `#each items`), and printing beats passing to a helper,
 * which beats a truthiness test.
 */
export function mergeShapes(a: Shape, b: Shape): Shape {
  if (a.kind === 'leaf' && b.kind === 'leaf') {
    const merged = leaf(USE_RANK[a.use] >= USE_RANK[b.use] ? a.use : b.use);
    for (const t of [...a.types, ...b.types]) merged.types.add(t);
    return merged;
  }
  if (a.kind === 'leaf') return b;
  if (b.kind === 'leaf') return a;
  if (a.kind === 'array' && b.kind === 'array') {
    const merged: ArrayShape = { kind: 'array', element: mergeShapes(a.element, b.element) };
    if (a.keyed || b.keyed) merged.keyed = true;
    return merged;
  }
  if (a.kind === 'array') return a;
  if (b.kind === 'array') return b;
  const merged = object();
  for (const [key, field] of [...a.props, ...b.props]) {
    const prev = merged.props.get(key);
    merged.props.set(
      key,
      prev
        ? { optional: prev.optional && field.optional, shape: mergeShapes(prev.shape, field.shape) }
        : { ...field },
    );
  }
  return merged;
}

/** Whether `prefix` is a (non-strict) prefix of `path`. */
export function isPrefix(prefix: readonly Segment[], path: readonly Segment[]): boolean {
  if (prefix.length > path.length) return false;
  return prefix.every((seg, i) => path[i] === seg);
}

/**
 * Whether `parent` existing makes `guard` truthy: it exists inside the guarded value, or it is an
 * element of an array whose `.length` was tested (`{{#if items.length}}{{#each items}}…`).
 */
function impliedBy(guard: readonly Segment[], parent: readonly Segment[]): boolean {
  if (isPrefix(guard, parent)) return true;
  return guard.at(-1) === 'length' && isPrefix([...guard.slice(0, -1), ELEMENT], parent);
}

/**
 * The conditions a use depends on: each guard is the path that was tested truthy, or `null`
 * for a condition that implies nothing about the data (an `else`, an `unless`, a custom block).
 */
export type Guards = readonly (readonly Segment[] | null)[];

/**
 * Records that `path` is read with `use`, under `guards`. A segment is required by this use when
 * every guard is implied by its parent existing: inside `{{#if user}}`, `user.name` is required
 * of `user` but `user` itself is optional.
 */
export function record(root: ObjectShape, path: readonly Segment[], use: LeafUse, guards: Guards): void {
  let node: Shape = root;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const last = i === path.length - 1;
    const next: Shape = last
      ? leaf(use)
      : path[i + 1] === ELEMENT
        ? { kind: 'array', element: leaf('guard') }
        : object();
    if (seg === ELEMENT) {
      if (node.kind !== 'array') return;
      node.element = mergeShapes(node.element, next);
      node = node.element;
      continue;
    }
    // `items.length` on an array: nothing to require. (A leaf cannot occur: each step merged `next` in.)
    if (node.kind !== 'object') return;
    const obj = node;
    const parent = path.slice(0, i);
    const required = guards.every((g) => g !== null && impliedBy(g, parent));
    const field: Field = obj.props.get(seg) ?? { optional: true, shape: next };
    if (required) field.optional = false;
    if (obj.props.has(seg)) field.shape = mergeShapes(field.shape, next);
    obj.props.set(seg, field);
    node = field.shape;
  }
}

/** Narrows the leaf at `path` (as recorded by `record`) to these scalar types (an ICU `{count, plural}`). */
export function addTypes(root: ObjectShape, path: readonly Segment[], types: readonly ScalarType[]): void {
  let node: Shape | undefined = root;
  for (const seg of path) {
    if (node?.kind === 'array' && seg === ELEMENT) node = node.element;
    else if (node?.kind === 'object') node = node.props.get(seg)?.shape;
    else return;
  }
  if (node?.kind === 'leaf') for (const t of types) node.types.add(t);
}

/** Marks the array at `path` (as recorded by `record`) as iterated with `@key`. */
export function markKeyed(root: ObjectShape, path: readonly Segment[]): void {
  let node: Shape | undefined = root;
  for (const seg of path) {
    if (node?.kind === 'array' && seg === ELEMENT) node = node.element;
    else if (node?.kind === 'object') node = node.props.get(seg)?.shape;
    else return;
  }
  if (node?.kind === 'array') node.keyed = true;
}

/** Every path whose fields are all required from the root down (through array elements). */
export function requiredPaths(shape: Shape, prefix: Segment[] = []): Segment[][] {
  if (shape.kind === 'array') return requiredPaths(shape.element, [...prefix, ELEMENT]);
  if (shape.kind === 'leaf') return [];
  const paths: Segment[][] = [];
  for (const [key, field] of shape.props) {
    if (field.optional) continue;
    const path = [...prefix, key];
    paths.push(path, ...requiredPaths(field.shape, path));
  }
  return paths;
}
