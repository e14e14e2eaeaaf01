import { ownField } from './data-validator.js';
import type { ObjectShape, ScalarType, Shape } from './model.js';

export { previewScenarios, SCENARIOS_MARKER } from '../render/preview.js';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

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
      samples.flatMap((s) =>
        Array.isArray(s) ? s : shape.keyed && isPlainObject(s) ? Object.values(s) : [],
      ),
    );
  } else {
    for (const [key, field] of shape.props) {
      refine(
        field.shape,
        samples.filter(isPlainObject).map((s) => ownField(s, key)),
      );
    }
  }
}
