/**
 * Runtime validation of template data, before anything is rendered or sent: against the template's
 * Standard Schema when one is given, else against what its Handlebars reads (see src/infer).
 * @module
 */
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { TemplateDataError } from '../errors/TemplateDataError.js';
import { createDataValidator, type DataValidator } from '../infer/data-validator.js';
import { type InferSource, inferRequirements, type Requirements } from '../infer/index.js';
import type { CompiledTemplate } from '../render/types.js';
import { fromSchemaIssue } from './issues.js';

export type { OpenRegistry, RegistryWith, SchemaInputs, TemplateDataOf, TemplateNameOf } from './types.js';

/** Schemas by template name, from any Standard Schema library (zod, valibot, arktype). */
export type TemplateSchemas = Record<string, StandardSchemaV1>;

export interface ValidatorOptions {
  schemas?: TemplateSchemas;
  /** Validate data before rendering. @default true */
  enabled?: boolean;
  /**
   * The helpers registered with the renderer (names, or the helpers object itself), so a bare
   * `{{year}}` is known to be a helper call and not a required field.
   */
  helpers?: Iterable<string> | Record<string, unknown>;
}

/** Checks a template's data before it is rendered; throws TemplateDataError listing every problem. */
export interface Validator {
  /**
   * Returns the data to render: as given, or as transformed by the template's schema. Synchronous
   * unless the schema validates asynchronously.
   */
  validate(template: CompiledTemplate, data: unknown): unknown | Promise<unknown>;
}

const helperNames = (helpers: ValidatorOptions['helpers']): string[] => {
  if (!helpers) return [];
  if (Symbol.iterator in helpers) return [...(helpers as Iterable<string>)];
  return Object.keys(helpers);
};

/**
 * What validation checks a template's data against: its inferred requirements with the scalar types
 * preview.json narrows them to, exactly what `mailsmith types` declares. `mailsmith build` stores this
 * in the precompiled module.
 */
export function validationRequirements(template: InferSource, helpers: Iterable<string> = []): Requirements {
  // The same requirements `mailsmith types` declares (refined from preview.json): one source of truth.
  // One difference: `types` also narrows `t` arguments to their ICU parameters' types (it reads the
  // catalogs); validation checks those arguments are present, not their scalar type.
  return inferRequirements(template, { helpers });
}

/**
 * Creates the validator a mailer runs before each render. A template without a schema gets a validator
 * built once from its inferred requirements (precomputed when it comes from `mailsmith build`) and cached per compiled template (an edited template is a
 * new compiled template, so the validator follows it); each check then only walks the data.
 *
 * @example
 * const validator = createValidator({ schemas: { welcome: z.object({ name: z.string() }) } });
 * const data = await validator.validate(await renderer.get('welcome'), input); // throws TemplateDataError
 */
export function createValidator(options: ValidatorOptions = {}): Validator {
  if (options.enabled === false) return { validate: (_template, data) => data };
  const schemas = options.schemas ?? {};
  const helpers = helperNames(options.helpers);
  const validators = new WeakMap<CompiledTemplate, DataValidator>();

  const validatorOf = (template: CompiledTemplate): DataValidator => {
    let validator = validators.get(template);
    if (!validator) {
      validator = createDataValidator(template.requirements ?? validationRequirements(template, helpers));
      validators.set(template, validator);
    }
    return validator;
  };

  const fromSchema = (template: CompiledTemplate, result: StandardSchemaV1.Result<unknown>): unknown => {
    if (result.issues) throw new TemplateDataError(template.name, result.issues.map(fromSchemaIssue));
    return result.value;
  };

  return {
    validate(template, data) {
      const schema = Object.hasOwn(schemas, template.name) ? schemas[template.name] : undefined;
      if (schema) {
        const result = schema['~standard'].validate(data);
        return result instanceof Promise
          ? result.then((r) => fromSchema(template, r))
          : fromSchema(template, result);
      }
      const issues = validatorOf(template)(data);
      if (issues.length > 0) throw new TemplateDataError(template.name, issues);
      return data;
    },
  };
}
