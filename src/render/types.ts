import type { HelperDelegate } from 'handlebars';
import type { Requirements } from '../infer/model.js';
import type { Rendered } from '../types.js';

/** Options of a renderer: where templates live and what extends Handlebars. */
export interface RendererOptions {
  /** Folder of templates, one sub-folder per template. @default './templates' */
  dir?: string;
  /** Handlebars helpers available to every template (HTML, text and subject). */
  helpers?: Record<string, HelperDelegate>;
  /**
   * How often (ms) a cached template checks its files' mtimes. `0` checks on every render,
   * `false` never. @default 1000, and `false` when `NODE_ENV` is `production` (deployed templates do
   * not change, and a stat per template per second is wasted work there)
   */
  checkInterval?: number | false;
  /**
   * Called after every compile (success or failure): how long it took and which files it read.
   * Useful for logging, dev servers and tests that count compiles.
   */
  onCompile?: (event: CompileEvent) => void;
  /**
   * Locale used when a render names none (needs catalogs in `_locales/`).
   * @default the fallback locale
   */
  locale?: string;
  /**
   * Last step of every message lookup (`zh-CN` → `zh` → fallback).
   * @default 'en' when `_locales/en.json` exists, else the first catalog
   */
  fallbackLocale?: string;
}

/** What `RendererOptions.onCompile` receives. */
export interface CompileEvent {
  name: string;
  /** Milliseconds the compile took. */
  ms: number;
  /** Every file and folder the compile depends on (watched for changes). */
  files: string[];
  /** The compile error (TemplateSyntaxError), when it failed. */
  error?: Error;
}

/** Source texts of a template after layout and MJML partials are resolved (for inference and preview). */
export interface TemplateSources {
  /** HTML template (after MJML + juice), Handlebars expressions intact. */
  html: string;
  /** Text template (from text.hbs, or derived from the HTML at compile time). */
  text: string;
  subject: string;
  /** Handlebars (.hbs) partials by name, as registered. */
  partials: Record<string, string>;
}

/** A template compiled once; `render` only interpolates. */
export interface CompiledTemplate {
  name: string;
  /** Absolute path of the template folder. */
  dir: string;
  /** Every file the compiled result depends on (template files, layout, partials). */
  files: string[];
  sources: TemplateSources;
  /** The locale it was compiled for; undefined when the templates have no catalogs. */
  locale?: string;
  /** Whether the text part came from text.hbs (`'file'`) or was derived from the HTML (`'derived'`). */
  textSource: 'file' | 'derived';
  /** Sample data from preview.json (`undefined` when absent). */
  preview?: unknown;
  /** Why preview.json could not be read (invalid JSON); sending is unaffected. */
  previewError?: Error;
  /** What the data must hold, inferred at build time (`mailsmith build`); absent when compiled from source. */
  requirements?: Requirements;
  render(data: unknown): Rendered;
}

/** Compiles templates from a folder once and caches them, invalidating on file changes. */
export interface Renderer {
  readonly dir: string;
  /** The compiled template, from cache when fresh. Throws TemplateNotFoundError / TemplateSyntaxError. */
  get(name: string, locale?: string): Promise<CompiledTemplate>;
  /**
   * The compiled template when it is cached and inside its check interval, else undefined; never
   * compiles or touches the disk. Lets a caller's hot path stay synchronous.
   */
  peek(name: string, locale?: string): CompiledTemplate | undefined;
  /** Shorthand for `(await get(name, locale)).render(data)`. */
  render(name: string, data: unknown, locale?: string): Promise<Rendered>;
  /** Names of the templates in the folder (sub-folders not starting with `_`), sorted. */
  list(): Promise<string[]>;
  /** Drops every cache entry (or one); a compile in flight is then not cached. */
  invalidate(name?: string): void;
  /**
   * Cached templates (compiled or failed) that read any of these paths, files or folders (a template
   * depends on the folders it listed, so pass the parent folder of an added or removed file): what to
   * invalidate after an edit. Relative paths resolve against `dir`.
   *
   * @example
   * for (const name of renderer.dependents(['welcome/subject.hbs'])) renderer.invalidate(name);
   */
  dependents(files: Iterable<string>): string[];
}
