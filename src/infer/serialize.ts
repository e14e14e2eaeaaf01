import type { Requirements } from './model.js';

/**
 * Requirements as plain JSON (Maps and Sets tagged), so `mailsmith build` can ship a template's
 * inferred validator in the precompiled module and the runtime rebuilds it without parsing Handlebars.
 * Generic over the model: whatever shapes the walker produces survive the round trip.
 */
export function requirementsToJson(requirements: Requirements): unknown {
  return JSON.parse(
    JSON.stringify(requirements, (_key, value: unknown) => {
      if (value instanceof Map) return { $map: [...value.entries()] };
      if (value instanceof Set) return { $set: [...value] };
      return value;
    }),
  );
}

/** The inverse of {@link requirementsToJson}. */
export function requirementsFromJson(json: unknown): Requirements {
  const revive = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(revive);
    if (typeof value !== 'object' || value === null) return value;
    const record = value as Record<string, unknown>;
    if (Array.isArray(record.$map)) {
      return new Map((record.$map as [string, unknown][]).map(([k, v]) => [k, revive(v)]));
    }
    if (Array.isArray(record.$set)) return new Set(record.$set.map(revive));
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, revive(v)]));
  };
  return revive(json) as Requirements;
}
