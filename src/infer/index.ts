/**
 * Type inference for templates: walks the Handlebars of a compiled template (HTML, text, subject and
 * partials; layout and MJML partials are already inlined in its sources) into a requirements model,
 * used for `mailsmith types`, runtime validation and `mailsmith check`.
 * @module
 */
import type { DataIssue } from '../errors/TemplateDataError.js';
import type { CompiledTemplate } from '../render/types.js';
import { createDataValidator } from './data-validator.js';
import type { MessageParams } from './message-params.js';
import { object, type Requirements } from './model.js';
import { previewScenarios, refineFromSamples } from './preview.js';
import { RequirementsWalker, type WalkOptions } from './walk.js';

export { createDataValidator, type DataValidator, describe, joinPath } from './data-validator.js';
export type { MessageParams, ParamType } from './message-params.js';

import { I18N_HELPERS } from '../render/i18n-names.js';

export { dataType, GENERATED_HEADER, generateDeclaration } from './declaration.js';
export type { Field, LeafShape, ObjectShape, Requirements, Shape } from './model.js';
export { previewScenarios, SCENARIOS_MARKER } from './preview.js';

/** The parts of a compiled template inference reads. */
export type InferSource = Pick<CompiledTemplate, 'name' | 'sources'> & { preview?: unknown; locale?: string };

export interface InferOptions {
  /** Names of registered helpers, so a bare `{{year}}` is a helper call, not a field. */
  helpers?: Iterable<string>;
  /** Refine scalar types from preview.json, for the declaration and runtime validation alike. @default true */
  refine?: boolean;
  /** Parameter types of the catalogs' messages (see {@link messageParams}), for `{{t}}` arguments. */
  messages?: MessageParams;
}

/**
 * The data a template reads: every path it uses, which are optional (used only under a guard),
 * which are arrays (`#each`), which are printed.
 *
 * @example
 * const requirements = inferRequirements(await renderer.get('welcome'));
 * generateDeclaration([requirements]);
 */
export function inferRequirements(template: InferSource, options: InferOptions = {}): Requirements {
  const requirements: Requirements = { template: template.name, root: object() };
  // Templates compiled with catalogs have the locale helpers; elsewhere `{{date}}` stays a data field.
  const helpers =
    template.locale === undefined ? options.helpers : [...(options.helpers ?? []), ...I18N_HELPERS];
  const walkOptions: WalkOptions = {
    partials: template.sources.partials,
    helpers,
    messages: options.messages,
  };
  const walker = new RequirementsWalker(requirements.root, walkOptions);
  const { html, text, subject } = template.sources;
  for (const source of [subject, html, text]) walker.source(source);
  if (options.refine !== false && template.preview !== undefined) {
    refineFromSamples(requirements.root, Object.values(previewScenarios(template.preview)));
  }
  return requirements;
}

/**
 * Checks a template's preview.json against what the template reads; each issue's path is prefixed
 * with the scenario name when preview.json holds named scenarios (see {@link previewScenarios}).
 * No preview.json ⇒ no issues.
 *
 * @example
 * for (const issue of checkPreviewData(await renderer.get('receipt'))) console.log(issue.path, issue.message);
 */
export function checkPreviewData(template: InferSource, options: InferOptions = {}): DataIssue[] {
  if (template.preview === undefined) return [];
  const requirements = inferRequirements(template, { ...options, refine: false });
  const validate = createDataValidator(requirements);
  const scenarios = previewScenarios(template.preview);
  const single = Object.keys(scenarios).length === 1 && scenarios.default === template.preview;
  return Object.entries(scenarios).flatMap(([name, data]) =>
    validate(data).map((issue) =>
      single ? issue : { path: `[${name}]${issue.path ? ` ${issue.path}` : ''}`, message: issue.message },
    ),
  );
}
