import type { HelperDelegate } from 'handlebars';
import type { CheckConfig, CheckRule } from '../config.js';

/** Every rule of the checker. The first five are always errors; the rest follow {@link CheckConfig.rules}. */
export type CheckRuleId = 'compile' | 'mjml' | 'handlebars' | 'render' | 'preview-data' | CheckRule;

/** One finding about one template. */
export interface CheckIssue {
  rule: CheckRuleId;
  message: string;
  /** File the problem is in, relative to the templates folder, when known. */
  file?: string;
  line?: number;
  /** Preview scenario the problem showed up with. */
  scenario?: string;
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

/** The result of checking a templates folder. */
export interface CheckReport {
  dir: string;
  ok: boolean;
  errorCount: number;
  warningCount: number;
  templates: TemplateCheck[];
}

export interface CheckOptions extends CheckConfig {
  /** Handlebars helpers: used to render when given a folder, and so inference knows `{{year}}` is a helper. */
  helpers?: Record<string, HelperDelegate>;
  /** Called before each template is checked (progress display). */
  onTemplate?: (name: string, index: number, total: number) => void;
}
