import type { DataIssue } from '../errors/TemplateDataError.js';
import type { ObjectShape, Requirements, Shape } from './model.js';

/** Checks data against requirements, pushing one issue per problem found (it never stops early). */
export type DataValidator = (data: unknown) => DataIssue[];
type Check = (value: unknown, path: string, issues: DataIssue[]) => void;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `items[2].qty`, `user['first-name']`: the path style of every DataIssue. */
export function joinPath(path: string, key: PropertyKey): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  const name = String(key);
  if (IDENTIFIER.test(name)) return path ? `${path}.${name}` : name;
  return `${path}[${JSON.stringify(name)}]`;
}

/** What a value is, for messages: `string`, `number`, `array`, `null`, `object`… */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * A value Handlebars prints sensibly: any primitive (numbers print fine where a string is expected),
 * or an object with its own `toString` (a Date, a Decimal). Plain objects and arrays would print
 * "[object Object]" or "a,b" and are refused.
 */
function printable(value: unknown): boolean {
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean' || type === 'bigint') return true;
  if (type !== 'object' || value === null || Array.isArray(value)) return false;
  return (value as { toString?: unknown }).toString !== Object.prototype.toString;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;
const noCheck: Check = () => {};

function compile(shape: Shape): Check {
  if (shape.kind === 'leaf') {
    if (shape.types.size > 0) return typed([...shape.types].sort());
    if (shape.use !== 'print') return noCheck;
    return (value, path, issues) => {
      if (!printable(value))
        issues.push({ path, message: `expected string or number, got ${describe(value)}` });
    };
  }
  if (shape.kind === 'array') {
    const element = compile(shape.element);
    const checksElements = element !== noCheck;
    const keyed = shape.keyed === true;
    return (value, path, issues) => {
      const entries: [PropertyKey, unknown][] | undefined = Array.isArray(value)
        ? value.map((item, i) => [i, item])
        : keyed && isObject(value)
          ? Object.entries(value)
          : undefined;
      if (!entries) {
        issues.push({
          path,
          message: `expected ${keyed ? 'array or object' : 'array'}, got ${describe(value)}`,
        });
        return;
      }
      if (!checksElements) return;
      for (const [key, item] of entries) {
        const itemPath = joinPath(path, key);
        if (item === undefined || item === null) issues.push({ path: itemPath, message: 'required' });
        else element(item, itemPath, issues);
      }
    };
  }
  return compileObject(shape);
}

/**
 * A leaf whose type the declaration narrows (from preview.json): the runtime check is the same type,
 * so what `tsc` refuses, validation refuses too. One `typeof` per value.
 */
function typed(types: string[]): Check {
  const expected = types.join(' or ');
  if (types.length === 1) {
    const only = types[0];
    return (value, path, issues) => {
      if (typeof value !== only)
        issues.push({ path, message: `expected ${expected}, got ${describe(value)}` });
    };
  }
  const allowed = new Set(types);
  return (value, path, issues) => {
    if (!allowed.has(typeof value))
      issues.push({ path, message: `expected ${expected}, got ${describe(value)}` });
  };
}

function compileObject(shape: ObjectShape): Check {
  const fields = [...shape.props]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, field]) => ({ key, optional: field.optional, check: compile(field.shape) }))
    .filter((f) => !f.optional || f.check !== noCheck);
  if (fields.length === 0) return noCheck;
  return (value, path, issues) => {
    if (!isObject(value) || Array.isArray(value)) {
      issues.push({ path, message: `expected object, got ${describe(value)}` });
      return;
    }
    for (const { key, optional, check } of fields) {
      const child = ownField(value, key);
      if (child === undefined || child === null) {
        if (!optional) issues.push({ path: joinPath(path, key), message: 'required' });
      } else {
        check(child, joinPath(path, key), issues);
      }
    }
  };
}

/** True when a value passes; compiled once per shape, no strings or arrays built on the way. */
type Fast = (value: unknown) => boolean;

/**
 * The hot-path twin of {@link compile}: a yes/no answer with no paths and no issue objects, so valid
 * data (nearly all of it) costs a few property reads and `typeof`s. Only when it says no does the
 * detailed checker walk the data again to list every problem with its path. Undefined means
 * "nothing to check here".
 */
function fast(shape: Shape): Fast | undefined {
  if (shape.kind === 'leaf') {
    if (shape.types.size === 1) {
      const only = [...shape.types][0];
      return (value) => typeof value === only;
    }
    if (shape.types.size > 1) {
      const allowed = new Set<string>(shape.types);
      return (value) => allowed.has(typeof value);
    }
    return shape.use === 'print' ? printable : undefined;
  }
  if (shape.kind === 'array') {
    const element = fast(shape.element);
    const keyed = shape.keyed === true;
    const each = (items: unknown[]) => {
      if (!element) return true;
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        if (item === undefined || item === null || !element(item)) return false;
      }
      return true;
    };
    return (value) => {
      if (Array.isArray(value)) return each(value);
      return keyed && isObject(value) ? each(Object.values(value)) : false;
    };
  }
  const fields = [...shape.props]
    .map(([key, field]) => ({ key, optional: field.optional, check: fast(field.shape) }))
    .filter((f) => !f.optional || f.check !== undefined);
  if (fields.length === 0) return undefined;
  return (value) => {
    if (!isObject(value) || Array.isArray(value)) return false;
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!;
      const child = value[field.key];
      if (child === undefined || child === null) {
        if (!field.optional) return false;
      } else if (field.check && !field.check(child)) {
        return false;
      }
    }
    return true;
  };
}

/**
 * Builds the checker once per template; running it only walks the data. Missing data (undefined)
 * counts as `{}` so that every required field is listed, not just "data missing".
 *
 * @example
 * const check = createDataValidator(requirements);
 * check({ items: [{}] }); // → [{ path: 'name', message: 'required' }, { path: 'items[0].qty', … }]
 */
export function createDataValidator(requirements: Requirements): DataValidator {
  const check = compileObject(requirements.root);
  const ok = fast(requirements.root);
  if (check === noCheck || !ok) return () => [];
  return (data) => {
    const value = data === undefined || data === null ? {} : data;
    if (ok(value)) return [];
    const issues: DataIssue[] = [];
    check(value, '', issues);
    return issues;
  };
}

/**
 * A field of the data as Handlebars resolves it: never one of Object.prototype's members
 * (`constructor`, `toString`, …), which Handlebars refuses to read, so a template's `{{constructor}}`
 * with no such key in the data is "required", not "expected object, got function".
 */
export function ownField(value: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(value, key) || !(key in Object.prototype) ? value[key] : undefined;
}
