import type { HelperDelegate } from 'handlebars';

/**
 * @module
 * Helpers wrapped so an exception names the helper and the line of the call. Kept apart from the
 * compiler, so templates precompiled by `mailsmith build` get the same errors from the runtime alone.
 */

/** A helper's exception on its way out of a render: which helper, and the line of the call. */
export class HelperFailure extends Error {
  constructor(
    readonly helper: string,
    readonly line: number | undefined,
    readonly original: unknown,
  ) {
    super(original instanceof Error ? original.message : String(original), { cause: original });
  }
}

/**
 * Wraps a user helper so an exception it throws names the helper and the line of the call (from the
 * `options.loc` Handlebars passes), instead of escaping as a bare TypeError from deep in a render.
 */
export function guarded(name: string, helper: HelperDelegate): HelperDelegate {
  return function (this: unknown, ...args: unknown[]) {
    try {
      return (helper as (...a: unknown[]) => unknown).apply(this, args);
    } catch (error) {
      if (error instanceof HelperFailure) throw error; // from a helper nested in this block helper
      const loc = (args[args.length - 1] as { loc?: { start?: { line?: number } } } | undefined)?.loc;
      throw new HelperFailure(name, loc?.start?.line, error);
    }
  };
}
