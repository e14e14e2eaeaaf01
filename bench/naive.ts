/**
 * The naive pipeline the headline ratios compare against: everything on every call — Handlebars
 * over the assembled MJML, MJML, juice, html-to-text — for the shipped `receipt`, with the same
 * `t`/`money`/`date` helpers (bound to en, the default locale) so it renders the same email.
 */
import Handlebars from 'handlebars';
import { convert } from 'html-to-text';
import juice from 'juice';
import { i18nHelpers, loadCatalogs } from '../src/render/i18n.js';
import { assemble } from '../src/render/layout.js';
import { loadShared, loadTemplate } from '../src/render/load.js';
import { TEXT_OPTIONS } from '../src/render/text.js';

export type Naive = (data: unknown) => Promise<{ subject: string; html: string; text: string }>;

export async function naivePipeline(templates: string, template = 'receipt'): Promise<Naive> {
  const files = await loadTemplate(templates, template);
  const mjmlSource = assemble(files, await loadShared(templates)).source.text;
  const catalogs = await loadCatalogs(templates);
  const helpers = catalogs ? i18nHelpers(catalogs, 'en', {}) : {};
  const mjml2html = (await import('mjml')).default as unknown as (
    s: string,
    o?: object,
  ) => Promise<{ html: string }>;
  return async (d) => {
    const hb = Handlebars.create();
    hb.registerHelper(helpers);
    const mjml = hb.compile(mjmlSource)({ locale: 'en', ...(d as object) });
    const { html } = await mjml2html(mjml, { validationLevel: 'skip' });
    const inlined = juice(html, { removeStyleTags: false, preserveMediaQueries: true });
    const text = convert(inlined, TEXT_OPTIONS);
    const subject = hb.compile(files.subject.source, { noEscape: true })(d);
    return { subject, html: inlined, text };
  };
}
