import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { toMime } from '../../message/mime.js';
import type { LocaleName } from '../../types.js';
import { resolveSettings } from '../config.js';
import type { CliContext } from '../context.js';
import { previewData, readDataFile } from '../util/data.js';
import { renderOnlyMailer, templatesOf } from '../util/mailer.js';
import { createProgress } from '../util/progress.js';
import { UsageError } from '../util/UsageError.js';

type Format = 'html' | 'text' | 'eml' | 'json';

interface RenderFlags {
  data?: string;
  scenario?: string;
  out?: string;
  format: Format;
  templates?: string;
  from?: string;
  to?: string;
  all?: boolean;
  locale?: string;
}

const EXTENSIONS: Record<Format, string> = { html: 'html', text: 'txt', eml: 'eml', json: 'json' };

// An .eml needs a sender and a recipient; without flags these reserved addresses make that plain.
const EML_FROM = 'mailsmith render <sender@example.invalid>';
const EML_TO = 'recipient@example.invalid';

type RenderOnly = ReturnType<typeof renderOnlyMailer>;

async function serialize(
  mailer: RenderOnly,
  name: string,
  data: unknown,
  format: Format,
  addresses: { from?: string; to?: string },
  locale?: LocaleName,
): Promise<string | Buffer> {
  if (format === 'eml') {
    // The one MIME builder, after the same address, header and attachment checks as a send.
    const message = await mailer.compose(name, data, {
      from: addresses.from ?? EML_FROM,
      to: addresses.to ?? EML_TO,
      ...(locale === undefined ? {} : { locale }),
    });
    return toMime(message);
  }
  const rendered = await mailer.render(name, data, locale === undefined ? undefined : { locale });
  if (format === 'html') return rendered.html;
  // A terminal (and `cat`) expects text to end with a newline; the HTML is written as rendered.
  if (format === 'text') return rendered.text.endsWith('\n') ? rendered.text : `${rendered.text}\n`;
  return `${JSON.stringify(rendered, null, 2)}\n`;
}

/** `mailsmith render`: one template (or all) to HTML, text, .eml or JSON, on stdout or into a folder. */
export default function register(program: Command, ctx: CliContext): void {
  program
    .command('render')
    .description('render templates with preview.json (or --data) to html, text, eml or json')
    .argument('[templates...]', 'template names (folders under the templates dir)')
    .option('--data <file>', 'JSON file with the template data (default: preview.json)')
    .option('--scenario <name>', 'named scenario of preview.json')
    .option('--out <dir>', 'write <template>.<ext> files into this folder instead of stdout')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['html', 'text', 'eml', 'json'])
        .default('html'),
    )
    .option('--templates <dir>', 'templates folder (env MAILSMITH_TEMPLATES)')
    .option(
      '--from <addr>',
      'From header of --format eml (env MAILSMITH_FROM; default sender@example.invalid)',
    )
    .option('--to <addr>', 'To header of --format eml (default recipient@example.invalid)')
    .option('--all', 'render every template (needs --out)')
    .option(
      '--locale <locale>',
      'render in this locale (a catalog in _locales/; default: the mailer default)',
    )
    .action(async (names: string[], flags: RenderFlags) => {
      if (flags.data && flags.scenario) throw new UsageError('--data and --scenario cannot be used together');
      if (!flags.all && names.length === 0) {
        throw new UsageError('name a template to render, or pass --all', 'mailsmith render welcome');
      }
      if ((flags.all || names.length > 1) && !flags.out) {
        throw new UsageError('rendering several templates needs --out <dir>');
      }
      const settings = await resolveSettings(flags, ctx.env, ctx.cwd);
      const mailer = renderOnlyMailer(settings);
      const given = flags.data === undefined ? undefined : await readDataFile(flags.data, ctx.cwd);
      const list = flags.all ? await templatesOf(mailer).list() : names;
      const progress = createProgress(list.length, ctx.stderr, ctx.env);
      if (flags.out) await mkdir(resolve(ctx.cwd, flags.out), { recursive: true });
      const written: string[] = [];
      for (const name of list) {
        progress.tick(name);
        const data = given ?? previewData(name, await templatesOf(mailer).get(name), flags.scenario);
        const addresses = { from: settings.from, to: flags.to };
        // A locale from the command line is any string; the mailer refuses one without a catalog (CONFIG).
        const body = await serialize(mailer, name, data, flags.format, addresses, flags.locale as LocaleName);
        if (!flags.out) {
          ctx.stdout.write(body);
          continue;
        }
        const file = join(flags.out, `${name}.${EXTENSIONS[flags.format]}`);
        await writeFile(resolve(ctx.cwd, file), body);
        written.push(file);
      }
      progress.done();
      for (const file of written) ctx.stderr.write(`wrote ${file}\n`);
      await mailer.close();
    });
}
