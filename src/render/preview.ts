/**
 * The named sample-data scenarios of a template's preview.json. A file may hold one sample object,
 * or several named ones with a `default`: `{ "default": {...}, "long-names": {...} }`.
 *
 * @example
 * previewScenarios({ name: 'Ada' })                 // { default: { name: 'Ada' } }
 * previewScenarios({ default: { name: 'Ada' }, long: { name: 'Adaaaa…' } }) // as is
 */
export function previewScenarios(preview: unknown): Record<string, unknown> {
  if (preview === undefined) return {};
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
