import { Parser } from 'htmlparser2';
import { TemplateSyntaxError } from '../errors/TemplateSyntaxError.js';
import { hasPlaceholder, restore, type Shield } from './protect.js';
import type { SourceText } from './source.js';
import { checkStructure, checkTextSurvived } from './structure.js';
import { rethrowMissingTool } from './tools.js';

interface MjmlError {
  line: number;
  message: string;
  tagName: string;
}

type Mjml2Html = (
  input: string,
  options?: Record<string, unknown>,
) => Promise<{ html: string; errors: MjmlError[] }>;

let mjml2html: Promise<Mjml2Html> | undefined;

/** MJML is imported on first compile: it costs ~0.5 s, which a process that only sends need not pay. */
function load(): Promise<Mjml2Html> {
  mjml2html ??= import('mjml')
    .then((m) => (m.default ?? m) as unknown as Mjml2Html)
    .catch((error) => {
      mjml2html = undefined;
      return rethrowMissingTool('Compiling MJML templates')(error);
    });
  return mjml2html;
}

/**
 * Compiles protected MJML (Handlebars already replaced by placeholders) to HTML. Validation errors
 * are real errors, reported with the file and line they came from; the only ones forgiven are
 * attribute values that are a Handlebars expression (MJML cannot know `{{pad}}` will be `10px`).
 */
export async function compileMjml(text: string, source: SourceText, shield: Shield): Promise<string> {
  const texts = checkStructure(text, source, shield);
  const mjml = await load();
  let result: Awaited<ReturnType<Mjml2Html>>;
  try {
    result = await mjml(text, { validationLevel: 'soft', ignoreIncludes: true });
  } catch (error) {
    const origin = source.at(1);
    throw new TemplateSyntaxError(
      { kind: 'mjml', file: origin?.file ?? 'template', detail: `MJML: ${(error as Error).message}` },
      { cause: error },
    );
  }
  const real = result.errors.filter(
    (e) => !(e.message.includes('has invalid value') && hasPlaceholder(e.message, shield.key)),
  );
  const first = real[0];
  if (first) {
    const origin = source.at(first.line);
    const more =
      real.length > 1 ? ` (and ${real.length - 1} more MJML error${real.length > 2 ? 's' : ''})` : '';
    throw new TemplateSyntaxError({
      kind: 'mjml',
      file: origin?.file ?? 'template',
      line: origin?.line,
      detail: restore(`MJML <${first.tagName}>: ${first.message}${more}`, shield),
    });
  }
  checkTextSurvived(texts, textOf(result.html), source, shield);
  return result.html;
}

/** The text a reader of the HTML sees (entities decoded), for the survival check. */
function textOf(html: string): string {
  let out = '';
  const parser = new Parser(
    {
      ontext(text) {
        out += text;
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return out;
}
