import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { generateTypes } from '../../infer/project.js';
import type { CliContext } from '../context.js';
import { colors } from '../util/output.js';

interface InitFlags {
  templates: string;
}

/** The templates that ship with mailsmith: the starting point `init` copies from. */
const SHIPPED = fileURLToPath(new URL('../../../templates', import.meta.url));

/** Shipped files a new project starts from: the layout, its header and footer, one template, its catalogs. */
const FROM_SHIPPED = [
  '_layouts/default.mjml',
  '_partials/header.mjml',
  '_partials/footer.mjml',
  'welcome/html.mjml',
  'welcome/subject.hbs',
  'welcome/preview.json',
  '_locales/en.json',
  '_locales/zh-CN.json',
];

/** Catalog groups the files above use; the other shipped templates' messages are left out. */
const CATALOG_GROUPS = ['brand', 'footer', 'welcome'];

/** A shipped file as the new project gets it: catalogs keep only the groups it uses. */
async function shipped(file: string): Promise<string | Buffer> {
  const bytes = await readFile(join(SHIPPED, file));
  if (!file.startsWith('_locales/')) return bytes;
  const catalog = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  const kept = Object.fromEntries(CATALOG_GROUPS.map((group) => [group, catalog[group]]));
  return `${JSON.stringify(kept, null, 2)}\n`;
}

const CONFIG = (templates: string) => `import type { MailsmithConfig } from 'mailsmith';

/**
 * One config for the app and the CLI: \`createMailer(config)\` takes this object as is, and
 * \`mailsmith check\`, \`preview\` and \`types\` read it, so helpers are declared once.
 */
const config = {
  templates: './${templates}',
  // Shown as the sender; set MAILSMITH_FROM or change it before sending real mail.
  from: '"Acme" <noreply@example.com>',
  helpers: {},
} satisfies MailsmithConfig;

export default config;
`;

const EXAMPLE_TEST = `import { createTestMailer } from 'mailsmith/testing';
import { describe, expect, it } from 'vitest';
import config from '../mailsmith.config';

// The production pipeline (compile, validation, rendering) with a recording transport.
const mailer = createTestMailer(config);

describe('welcome email', () => {
  it('greets the user and links to verification', async () => {
    await mailer.send(
      'welcome',
      { name: 'Ada', verifyUrl: 'https://example.com/verify?t=1', items: [{ title: 'Say hi', detail: 'First step' }] },
      { to: 'ada@example.com' },
    );
    const sent = mailer.outbox.last();
    expect(sent?.subject).toContain('Ada');
    expect(sent?.link('/verify')).toBe('https://example.com/verify?t=1');
  });
});
`;

/**
 * \`mailsmith init\`: scaffolds a templates folder (layout, partials, a starter template with its
 * preview.json), \`mailsmith.config.ts\`, the types file and an example test. Never overwrites: a
 * file that exists is listed as kept.
 *
 * @example
 * npx mailsmith init && npx mailsmith preview
 */
export default function register(program: Command, ctx: CliContext): void {
  program
    .command('init')
    .description(
      'scaffold templates, mailsmith.config.ts, the types file and an example test (never overwrites)',
    )
    .option('--templates <dir>', 'templates folder to create', 'templates')
    .action(async (flags: InitFlags) => {
      const cwd = ctx.cwd;
      const c = colors(ctx.stdout, ctx.env);
      const templates = resolve(cwd, flags.templates);
      const created: string[] = [];
      const kept: string[] = [];
      const write = async (file: string, content: () => Promise<string | Buffer>) => {
        if (existsSync(file)) {
          kept.push(relative(cwd, file));
          return;
        }
        await mkdir(dirname(file), { recursive: true });
        await writeFile(file, await content(), { flag: 'wx' }); // wx: never clobber, even in a race
        created.push(relative(cwd, file));
      };
      for (const file of FROM_SHIPPED) {
        await write(join(templates, file), () => shipped(file));
      }
      await write(join(cwd, 'mailsmith.config.ts'), async () => CONFIG(relative(cwd, templates) || '.'));
      await write(join(cwd, 'test', 'welcome-email.test.ts'), async () => EXAMPLE_TEST);
      await write(join(cwd, 'mailsmith-env.d.ts'), async () => (await generateTypes(templates)).declaration);
      for (const file of created) ctx.stdout.write(`${c.green('created')} ${file}\n`);
      for (const file of kept) ctx.stdout.write(`${c.dim('kept')}    ${file} (exists)\n`);
      ctx.stdout.write(
        '\nnext: npx mailsmith preview   # see the welcome email\n      npx mailsmith check     # what check catches\n',
      );
    });
}
