import type { ObjectShape, Requirements, ScalarType, Shape } from './model.js';

/** Key that marks a preview.json as named scenarios explicitly: `{ "$scenarios": true, "default": {…} }`. */
export const SCENARIOS_MARKER = '$scenarios';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Splits a template's preview.json into named scenarios. preview.json is either the data itself or
 * `{ scenarioName: data, … }`. The rule, in order:
 * 1. `"$scenarios": true` at the top level ⇒ scenarios (the marker itself is dropped);
 * 2. any top-level key is a field the template reads ⇒ one data object, named `default`;
 * 3. every top-level value is a plain object (and there is at least one) ⇒ scenarios;
 * 4. otherwise ⇒ one data object, named `default`.
 * Rule 2 keeps a template whose fields are all objects (`{ user: {…}, order: {…} }`) from being read
 * as scenarios; rule 1 settles the rare case of a scenario named like a field.
 *
 * @example
 * previewScenarios({ default: { name: 'Ada' }, long: { name: 'Ada Lovelace-Byron' } }, requirements)
 * // → { default: { name: 'Ada' }, long: { name: 'Ada Lovelace-Byron' } }
 */
export function previewScenarios(preview: unknown, requirements?: Requirements): Record<string, unknown> {
  if (preview === undefined) return {};
  if (!isPlainObject(preview)) return { default: preview };
  if (preview[SCENARIOS_MARKER] === true) {
    const { [SCENARIOS_MARKER]: _marker, ...scenarios } = preview;
    return scenarios;
  }
  const keys = Object.keys(preview);
  const fields = requirements?.root.props;
  if (fields && keys.some((key) => fields.has(key))) return { default: preview };
  if (keys.length > 0 && keys.every((key) => isPlainObject(preview[key]))) return { ...preview };
  return { default: preview };
}

const scalarType = (value: unknown): ScalarType | undefined => {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' ? type : undefined;
};

/** Narrows leaf types from sample values (every preview scenario): a leaf's types are those it holds there. */
export function refineFromSamples(root: ObjectShape, samples: unknown[]): void {
  refine(root, samples);
}

function refine(shape: Shape, samples: unknown[]): void {
  if (shape.kind === 'leaf') {
    for (const sample of samples) {
      const type = scalarType(sample);
      if (type) shape.types.add(type);
    }
  } else if (shape.kind === 'array') {
    refine(
      shape.element,
      samples.flatMap((s) => (Array.isArray(s) ? s : [])),
    );
  } else {
    for (const [key, field] of shape.props) {
      refine(
        field.shape,
        samples.filter(isPlainObject).map((s) => s[key]),
      );
    }
  }
}
