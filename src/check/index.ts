import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import type { CheckRule, CheckSeverity } from '../config.js';
import {
  isMailerError,
  type TemplateRenderError,
  type TemplateSyntaxError,
  type TemplateSyntaxKind,
} from '../errors/index.js';
import { createRenderer, previewScenarios } from '../render/index.js';
import type { CompiledTemplate, Renderer } from '../render/types.js';
import { catalogLocales } from './catalogs.js';
import { DEFAULT_CLIENTS, unsupportedFeatures } from './css-support.js';
import { htmlFindings, leftoverBraces, mjmlSourceFindings } from './html-rules.js';
import { checkLocales } from './locales.js';
import { previewDataIssues } from './preview-data.js';
import type {
  CheckIssue,
  CheckOptions,
  CheckReport,
  CheckRuleId,
  LocaleCheck,
  TemplateCheck,
} from './types.js';

export { DEFAULT_CLIENTS, type UnsupportedFeature, unsupportedFeatures } from './css-support.js';
export type {
  CheckIssue,
  CheckOptions,
  CheckReport,
  CheckRuleId,
  LocaleCheck,
  TemplateCheck,
} from './types.js';

/** Severities of the adjustable rules when the config says nothing. */
export const DEFAULT_RULES: Record<CheckRule, CheckSeverity> = {
  'img-alt': 'error',
  'empty-button': 'error',
  'leftover-braces': 'error',
  size: 'warn',
  'link-href': 'warn',
  'css-support': 'warn',
  // A key no catalog of the locale's chain has fails the render; one only the fallback has renders
  // in the wrong language; an unused one is clutter.
  'missing-message': 'error',
  untranslated: 'warn',
  'unused-message': 'warn',
};

class Collector {
  readonly errors: CheckIssue[] = [];
  readonly warnings: CheckIssue[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly rules: Record<CheckRule, CheckSeverity>) {}

  add(issue: CheckIssue, fixed?: CheckSeverity): void {
    const severity = fixed ?? (issue.rule in this.rules ? this.rules[issue.rule as CheckRule] : 'error');
    // Several scenarios usually trip the same problem; report it once.
    const key = `${issue.rule}\0${issue.file}\0${issue.line}\0${issue.message}`;
    if (severity === 'off' || this.seen.has(key)) return;
    this.seen.add(key);
    (severity === 'error' ? this.errors : this.warnings).push(issue);
  }
}

/** The check rule each kind of compile failure reports under. */
const RULE_OF_KIND: Record<TemplateSyntaxKind, CheckRuleId> = {
  handlebars: 'handlebars',
  mjml: 'mjml',
  json: 'preview-data',
  css: 'compile',
  layout: 'compile',
  'missing-file': 'compile',
};

function compileIssue(error: unknown, dir: string): CheckIssue {
  if (isMailerError(error) && error.code === 'TEMPLATE_SYNTAX') {
    // File and line are fields of the issue; the message keeps only what went wrong.
    const { kind, file, line, detail } = error as TemplateSyntaxError;
    // A broken catalog stops every compile; it is a catalog problem, not the template's preview data.
    const catalog = kind === 'json' && relative(dir, file).startsWith('_locales');
    const rule = catalog ? 'message-syntax' : (RULE_OF_KIND[kind] ?? 'compile');
    return { rule, message: detail, file: relative(dir, file), line };
  }
  if (isMailerError(error) && error.code === 'TEMPLATE_RENDER') {
    // A helper the files call that the checker was not given: a Handlebars problem of that file.
    const { file, line, detail } = error as TemplateRenderError;
    return { rule: 'handlebars', message: detail, file: file && relative(dir, file), line };
  }
  return { rule: 'compile', message: error instanceof Error ? error.message : String(error) };
}

async function sourceFindings(compiled: CompiledTemplate, dir: string, add: (issue: CheckIssue) => void) {
  for (const file of compiled.files.filter((f) => f.endsWith('.mjml'))) {
    const source = await readFile(file, 'utf8').catch(() => '');
    for (const finding of mjmlSourceFindings(source)) add({ ...finding, file: relative(dir, file) });
  }
}

/**
 * Checks one template: compiles it, renders every preview.json scenario, and inspects the output
 * (size, alt text, links, leftover `{{`, CSS support in popular clients).
 *
 * @example
 * const result = await checkTemplate(createRenderer({ dir: './templates' }), 'welcome');
 * if (!result.ok) console.log(result.errors);
 */
export async function checkTemplate(
  renderer: Renderer,
  name: string,
  options: CheckOptions = {},
): Promise<TemplateCheck> {
  const found = new Collector({ ...DEFAULT_RULES, ...options.rules });
  const add = (issue: CheckIssue, severity?: CheckSeverity) => found.add(issue, severity);
  const result = (sizeKb?: number): TemplateCheck => ({
    name,
    ok: found.errors.length === 0,
    errors: found.errors,
    warnings: found.warnings,
    sizeKb,
  });
  let compiled: CompiledTemplate;
  try {
    compiled = await renderer.get(name);
  } catch (error) {
    add(compileIssue(error, renderer.dir));
    return result();
  }
  await sourceFindings(compiled, renderer.dir, add);
  if (compiled.previewError) {
    // One error, and no renders with made-up data: they would only add noise (empty links, "no
    // preview.json") to the one thing to fix.
    add({ ...compileIssue(compiled.previewError, renderer.dir), rule: 'preview-data' });
    return result();
  }
  for (const issue of previewDataIssues(compiled, Object.keys(options.helpers ?? {}))) add(issue);
  const scenarios = Object.entries(previewScenarios(compiled.preview) as Record<string, unknown>);
  if (scenarios.length === 0) {
    const message = 'no preview.json: checked with {} as data (add sample data to check realistic output)';
    add({ rule: 'preview-data', message, file: `${name}/preview.json` }, 'warn');
    scenarios.push(['(none)', {}]);
  }
  const sizeKb = await inspectRenders(compiled, scenarios, options, renderer.dir, add);
  // Per-locale files (`html.zh-CN.mjml`) are a template of their own for that locale: compile and
  // inspect it too. A locale with the default's files differs only by messages (checked statically).
  if (compiled.locale !== undefined) {
    const files = new Set(compiled.files);
    for (const locale of await catalogLocales(renderer.dir)) {
      if (locale === compiled.locale) continue;
      let other: CompiledTemplate;
      try {
        other = await renderer.get(name, locale);
      } catch (error) {
        add({ ...compileIssue(error, renderer.dir), locale });
        continue;
      }
      if (other.files.length === files.size && other.files.every((f) => files.has(f))) continue;
      await sourceFindings(other, renderer.dir, (issue) => add({ ...issue, locale }));
      await inspectRenders(other, scenarios, options, renderer.dir, (issue, severity) =>
        add({ ...issue, locale }, severity),
      );
    }
  }
  return result(sizeKb);
}

/** Renders every scenario and inspects the output; returns the size of the first render in KB. */
async function inspectRenders(
  compiled: CompiledTemplate,
  scenarios: [string, unknown][],
  options: CheckOptions,
  dir: string,
  add: (issue: CheckIssue, severity?: CheckSeverity) => void,
): Promise<number | undefined> {
  let sizeKb: number | undefined;
  for (const [scenario, data] of scenarios) {
    let rendered: ReturnType<CompiledTemplate['render']>;
    try {
      rendered = compiled.render(data);
    } catch (error) {
      add({ ...compileIssue(error, dir), rule: 'render', scenario });
      continue;
    }
    const kb = Buffer.byteLength(rendered.html) / 1024;
    sizeKb ??= Math.round(kb * 10) / 10;
    const maxKb = options.maxSizeKb ?? 102;
    if (kb > maxKb) {
      add({
        rule: 'size',
        scenario,
        message: `HTML is ${kb.toFixed(1)} KB; Gmail clips messages over ${maxKb} KB`,
      });
    }
    for (const finding of htmlFindings(rendered.html)) add({ ...finding, scenario });
    for (const part of ['subject', 'html', 'text'] as const) {
      for (const finding of leftoverBraces(part, rendered[part])) add({ ...finding, scenario });
    }
    for (const feature of await unsupportedFeatures(rendered.html, options.clients ?? DEFAULT_CLIENTS)) {
      add({ rule: 'css-support', message: feature.message, clients: feature.clients });
    }
  }
  return sizeKb;
}

/**
 * Checks every template of a folder (or of a renderer the caller already has).
 *
 * @example
 * const report = await checkTemplates('./templates');
 * process.exitCode = report.ok ? 0 : 1;
 */
export async function checkTemplates(
  source: string | Renderer,
  options: CheckOptions = {},
): Promise<CheckReport> {
  const renderer =
    typeof source === 'string'
      ? createRenderer({ dir: source, helpers: options.helpers, checkInterval: 0 })
      : source;
  const names = await renderer.list();
  const templates: TemplateCheck[] = [];
  for (const [index, name] of names.entries()) {
    options.onTemplate?.(name, index, names.length);
    templates.push(await checkTemplate(renderer, name, options));
  }
  const locales = await localeCheck(renderer.dir, options);
  const checks = locales ? [...templates, locales] : templates;
  const errorCount = checks.reduce((n, t) => n + t.errors.length, 0);
  const warningCount = checks.reduce((n, t) => n + t.warnings.length, 0);
  const report: CheckReport = {
    dir: renderer.dir,
    ok: errorCount === 0,
    errorCount,
    warningCount,
    templates,
  };
  if (locales) report.locales = locales;
  return report;
}

/**
 * One template's `t` calls against the catalogs (missing keys and values, untranslated ones), classified
 * like the rest: what the preview shows beside that template. Empty without catalogs.
 *
 * @example
 * const { errors, warnings } = await checkTemplateMessages('./templates', 'receipt');
 */
export async function checkTemplateMessages(
  dir: string,
  name: string,
  options: CheckOptions = {},
): Promise<{ errors: CheckIssue[]; warnings: CheckIssue[] }> {
  const found = await checkLocales(dir, { fallbackLocale: options.fallbackLocale, template: name });
  const collected = new Collector({ ...DEFAULT_RULES, ...options.rules });
  for (const issue of found?.issues ?? []) collected.add(issue);
  return { errors: collected.errors, warnings: collected.warnings };
}

/** The catalogs against the `t` calls, classified by the same rule severities as the templates. */
async function localeCheck(dir: string, options: CheckOptions): Promise<LocaleCheck | undefined> {
  const found = await checkLocales(dir, { fallbackLocale: options.fallbackLocale });
  if (!found) return undefined;
  const collected = new Collector({ ...DEFAULT_RULES, ...options.rules });
  for (const issue of found.issues) collected.add(issue);
  const { locales, fallbackLocale } = found;
  const { errors, warnings } = collected;
  return { locales, fallbackLocale, ok: errors.length === 0, errors, warnings };
}
