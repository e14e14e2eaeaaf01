import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { CompiledTemplate } from '../render/types.js';

/** Schemas by template name, from any Standard Schema library (zod, valibot, arktype). */
export type TemplateSchemas = Record<string, StandardSchemaV1>;

export interface ValidatorOptions {
  schemas?: TemplateSchemas;
  /** Validate data before rendering. @default true */
  enabled?: boolean;
}

/** Checks a template's data before it is rendered; throws TemplateDataError listing every problem. */
export interface Validator {
  validate(template: CompiledTemplate, data: unknown): unknown | Promise<unknown>;
}

// Placeholder until the inference-based validator lands (issue 3): accepts the data as given.
export function createValidator(_options: ValidatorOptions = {}): Validator {
  return { validate: (_template, data) => data };
}
