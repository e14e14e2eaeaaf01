import type { HelperDelegate } from 'handlebars';
import type { CheckConfig, CheckRule } from '../config.js';

/** Every rule of the checker. The first seven are always errors; the rest follow {@link CheckConfig.rules}. */
export type CheckRuleId =
  | 'compile'
  | 'mjml'
  | 'handlebars'
  | 'render'
  | 'preview-data'
  | 'message-syntax'
  | 'message-args'
  | CheckRule;

/** One finding about one template. */
export interface CheckIssue {
  rule: CheckRuleId;
  message: string;
  /** File the problem is in, relative to the templates folder, when known. */
  file?: string;
  line?: number;
  /** Preview scenario the problem showed up with. */
  scenario?: string;
  /** Locale it showed up in, when not the default one (a per-locale file such as `html.zh-CN.mjml`). */
  locale?: string;
  /** Email clients concerned (`css-support`), as readable names: "Gmail (Android)", "Outlook (Windows)". */
  clients?: string[];
}

/** The result for one template. `ok` is false when there is at least one error. */
export interface TemplateCheck {
  name: string;
  ok: boolean;
  errors: CheckIssue[];
  warnings: CheckIssue[];
  /** Size of the rendered HTML (first scenario) in KB, when it rendered. */
  sizeKb?: number;
}

/**
 * What the checker found in the catalogs (`_locales/*.json`) and the `t` calls: findings that belong
 * to no one template (a layout's key, an unused message, an ICU error).
 */
export interface LocaleCheck {
  /** Locales with a catalog, sorted. */
  locales: string[];
  /** The locale every lookup ends with. */
  fallbackLocale: string;
  ok: boolean;
  errors: CheckIssue[];
  warnings: CheckIssue[];
}

/** The result of checking a templates folder. */
export interface CheckReport {
  dir: string;
  ok: boolean;
  /** Errors and warnings of the templates and of the catalogs. */
  errorCount: number;
  warningCount: number;
  templates: TemplateCheck[];
  /** Present when the folder has catalogs (`_locales/`). */
  locales?: LocaleCheck;
}

export interface CheckOptions extends CheckConfig {
  /** The locale catalog lookups end with. @default 'en' when `_locales/en.json` exists, else the first */
  fallbackLocale?: string;
  /** Handlebars helpers: used to render when given a folder, and so inference knows `{{year}}` is a helper. */
  helpers?: Record<string, HelperDelegate>;
  /** Called before each template is checked (progress display). */
  onTemplate?: (name: string, index: number, total: number) => void;
}
