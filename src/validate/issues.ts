import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { DataIssue } from '../errors/TemplateDataError.js';
import { joinPath } from '../infer/data-validator.js';

const keyOf = (segment: PropertyKey | StandardSchemaV1.PathSegment): PropertyKey =>
  typeof segment === 'object' ? segment.key : segment;

/** A Standard Schema issue in our path style: `items[2].qty`, keyed like inferred-requirement issues. */
export function fromSchemaIssue(issue: StandardSchemaV1.Issue): DataIssue {
  const path = (issue.path ?? []).reduce<string>((acc, segment) => {
    const key = keyOf(segment);
    return joinPath(acc, typeof key === 'string' && /^\d+$/.test(key) ? Number(key) : key);
  }, '');
  return { path, message: issue.message };
}
