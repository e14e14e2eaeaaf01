import type { HelperDelegate } from 'handlebars';
import type { Transport } from './types.js';

/** How seriously `mailsmith check` takes a rule: fail the run, list it, or skip it. */
export type CheckSeverity = 'error' | 'warn' | 'off';

/** Rules of `mailsmith check` whose severity can be changed. */
export type CheckRule =
  | 'size'
  | 'img-alt'
  | 'link-href'
  | 'empty-button'
  | 'leftover-braces'
  | 'css-support'
  | 'missing-message'
  | 'untranslated'
  | 'unused-message';

/** Options of `mailsmith check` and the preview app's checker. */
export interface CheckConfig {
  /**
   * Email clients to check CSS/HTML support against, as caniemail globs.
   * @default ['gmail.*', 'outlook.*', 'apple-mail.*', 'yahoo.*']
   */
  clients?: string[];
  /** Size (KB) above which Gmail clips the message. @default 102 */
  maxSizeKb?: number;
  /**
   * Severity per rule. Compile, MJML, Handlebars and preview.json problems are always errors.
   * @default { 'img-alt': 'error', 'empty-button': 'error', 'leftover-braces': 'error', size: 'warn', 'link-href': 'warn', 'css-support': 'warn' }
   */
  rules?: Partial<Record<CheckRule, CheckSeverity>>;
}

/** Contents of `mailsmith.config.{ts,js,mjs,json}`. Flags and `MAILSMITH_*` variables take precedence. */
export interface MailsmithConfig {
  /** Folder of templates. @default './templates' */
  templates?: string;
  /** Transport URL (`qq://user:code@`, `smtp://…`, `outbox://./outbox`) or a transport object. */
  transport?: string | Transport;
  /** Default sender, e.g. `"Acme" <noreply@acme.com>`. */
  from?: string;
  /** Handlebars helpers available to every template. */
  helpers?: Record<string, HelperDelegate>;
  check?: CheckConfig;
  /** Options of `mailsmith preview` / `mailsmith dev`. */
  preview?: { port?: number; host?: string };
  dev?: { smtpPort?: number; inboxDir?: string; maxMessages?: number };
}

/**
 * Types a `mailsmith.config.ts`; returns its argument unchanged.
 *
 * @example
 * // mailsmith.config.ts
 * import { defineConfig } from 'mailsmith';
 * export default defineConfig({ templates: './emails', from: '"Acme" <noreply@acme.com>' });
 */
export function defineConfig(config: MailsmithConfig): MailsmithConfig {
  return config;
}
