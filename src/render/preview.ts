/** Key that marks a preview.json as named scenarios explicitly: `{ "$scenarios": true, "a": {…} }`. */
export const SCENARIOS_MARKER = '$scenarios';

/**
 * The named sample-data scenarios of a template's preview.json. A file may hold one sample object,
 * or several named ones: `{ "default": {...}, "long-names": {...} }` (a `default` object and only
 * objects beside it), or any names with `"$scenarios": true`. Preview, check, render and type
 * inference all split preview.json with this one rule.
 *
 * @example
 * previewScenarios({ name: 'Ada' })                 // { default: { name: 'Ada' } }
 * previewScenarios({ default: { name: 'Ada' }, long: { name: 'Adaaaa…' } }) // as is
 */
export function previewScenarios(preview: unknown): Record<string, unknown> {
  if (preview === undefined) return {};
  if (isPlainObject(preview) && preview[SCENARIOS_MARKER] === true) {
    const { [SCENARIOS_MARKER]: _marker, ...scenarios } = preview;
    return scenarios;
  }
  if (isScenarios(preview)) return { ...preview };
  return { default: preview };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Named scenarios: an object with a `default` key whose values are all objects. */
function isScenarios(value: unknown): value is Record<string, Record<string, unknown>> {
  return isPlainObject(value) && isPlainObject(value.default) && Object.values(value).every(isPlainObject);
}
