import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { type CheckIssue, checkTemplate, checkTemplateMessages } from '../check/index.js';
import type { CheckConfig } from '../config.js';
import { previewScenarios } from '../render/preview.js';
import type { Renderer } from '../render/types.js';
import type { Rendered } from '../types.js';
import { type PreviewError, toPreviewError } from './errors.js';
import { type DarkMode, frameHtml } from './frame.js';

/** Gmail clips messages whose HTML exceeds about 102 KB. */
export const GMAIL_CLIP_BYTES = 102 * 1024;

export interface Scenario {
  name: string;
  data: unknown;
}

export interface TemplateSummary {
  name: string;
  ok: boolean;
  subject?: string;
  scenarios: string[];
  error?: PreviewError;
}

export interface TemplateDetail {
  name: string;
  files: string[];
  scenarios: Scenario[];
  textSource?: 'file' | 'derived';
  /** Locales with a catalog (`_locales/*.json`), sorted; absent when there are none. */
  locales?: string[];
  /** The locale a render without one uses (the mailer's default). */
  locale?: string;
  error?: PreviewError;
}

/** The `mailsmith check` findings of one template. */
export interface CheckFindings {
  ok: boolean;
  errors: CheckIssue[];
  warnings: CheckIssue[];
}

export type RenderResult =
  | {
      ok: true;
      scenario?: string;
      subject: string;
      from?: string;
      html: string;
      /** The HTML prepared for the sandboxed iframe (base URL, dark emulation). */
      frame: string;
      darkMode: DarkMode;
      text: string;
      bytes: number;
      clipped: boolean;
      /** The locale it rendered in (its Content-Language), when the templates have catalogs. */
      locale?: string;
    }
  | { ok: false; scenario?: string; error: PreviewError };

export interface RenderRequest {
  scenario?: string;
  /** Edited sample data; wins over `scenario`. */
  data?: unknown;
  dark?: boolean;
  /** Render in this locale (the switcher's choice); the default locale when absent. */
  locale?: string;
}

/** Renders templates for the preview: lists them, resolves scenarios, turns failures into panel errors. */
export class TemplateService {
  constructor(
    readonly renderer: Renderer,
    private readonly render: (name: string, data: unknown, locale?: string) => Promise<Rendered>,
    readonly from: () => string | undefined,
    private readonly checkConfig: CheckConfig = {},
  ) {}

  /** What `mailsmith check` finds in the template, shown beside the preview. */
  async check(name: string): Promise<CheckFindings> {
    const result = await checkTemplate(this.renderer, name, this.checkConfig);
    // `mailsmith check` reports catalog findings once for the folder; here, the ones of this template.
    const messages = await checkTemplateMessages(this.dir, name, this.checkConfig);
    const errors = [...result.errors, ...messages.errors];
    return { ok: errors.length === 0, errors, warnings: [...result.warnings, ...messages.warnings] };
  }

  get dir(): string {
    return this.renderer.dir;
  }

  async exists(name: string): Promise<boolean> {
    return (await this.renderer.list()).includes(name);
  }

  async scenarios(name: string): Promise<Scenario[]> {
    const compiled = await this.renderer.get(name);
    // Rendering without the samples would blame the template's fields ("name: required") instead of the file.
    if (compiled.previewError) throw compiled.previewError;
    return normalize(previewScenarios(compiled.preview));
  }

  async summaries(): Promise<TemplateSummary[]> {
    const names = await this.renderer.list();
    return mapLimited(names, SUMMARY_CONCURRENCY, async (name): Promise<TemplateSummary> => {
      try {
        const scenarios = await this.scenarios(name);
        const rendered = await this.render(name, scenarios[0]?.data ?? {});
        return { name, ok: true, subject: rendered.subject, scenarios: scenarios.map((s) => s.name) };
      } catch (error) {
        return { name, ok: false, scenarios: [], error: toPreviewError(error, this.dir) };
      }
    });
  }

  async detail(name: string): Promise<TemplateDetail> {
    try {
      const compiled = await this.renderer.get(name);
      const detail: TemplateDetail = {
        name,
        files: compiled.files.map((f) => relative(this.dir, f).split('\\').join('/')),
        scenarios: normalize(previewScenarios(compiled.preview)),
        textSource: compiled.textSource,
      };
      const locales = await this.locales();
      if (locales.length > 0) Object.assign(detail, { locales, locale: compiled.locale });
      return detail;
    } catch (error) {
      return { name, files: [], scenarios: [], error: toPreviewError(error, this.dir) };
    }
  }

  /** Locales with a catalog: what the locale switcher offers. */
  async locales(): Promise<string[]> {
    const files = await readdir(join(this.dir, '_locales')).catch(() => [] as string[]);
    return files
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -'.json'.length))
      .sort();
  }

  /** The data a request stands for: edited data, else the named scenario, else the first one. */
  async dataFor(name: string, request: RenderRequest): Promise<{ scenario?: string; data: unknown }> {
    if (request.data !== undefined) return { data: request.data };
    const scenarios = await this.scenarios(name);
    const scenario = scenarios.find((s) => s.name === request.scenario) ?? scenarios[0];
    return { scenario: scenario?.name, data: scenario?.data ?? {} };
  }

  async renderFor(name: string, request: RenderRequest): Promise<RenderResult> {
    let scenario: string | undefined;
    try {
      const resolved = await this.dataFor(name, request);
      scenario = resolved.scenario;
      const rendered = await this.render(name, resolved.data, request.locale || undefined);
      const framed = frameHtml(rendered.html, name, request.dark === true);
      const bytes = Buffer.byteLength(rendered.html);
      return {
        ok: true,
        scenario,
        subject: rendered.subject,
        from: this.from(),
        html: rendered.html,
        frame: framed.html,
        darkMode: framed.darkMode,
        text: rendered.text,
        bytes,
        clipped: bytes > GMAIL_CLIP_BYTES,
        ...(rendered.locale === undefined ? {} : { locale: rendered.locale }),
      };
    } catch (error) {
      return { ok: false, scenario, error: toPreviewError(error, this.dir) };
    }
  }
}

function normalize(scenarios: ReturnType<typeof previewScenarios>): Scenario[] {
  return Object.entries(scenarios).map(([name, data]) => ({ name, data }));
}

/** Templates compiled at once for the index: enough to overlap file reads, few enough to stay responsive. */
const SUMMARY_CONCURRENCY = 4;

/**
 * `Promise.all(items.map(fn))` with at most `limit` calls in flight, yielding to the event loop before
 * each one: compiling hundreds of templates must not starve the HTTP and SMTP servers sharing the loop.
 */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await new Promise<void>((resolve) => setImmediate(resolve));
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
