import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { generateTypes } from '../../infer/project.js';
import { untilSignal } from '../../preview/cli.js';
import { resolveTemplateSettings } from '../config.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../util/exit-codes.js';
import { colors } from '../util/output.js';
import { keepTypesFresh } from '../util/types-file.js';

interface TypesFlags {
  templates?: string;
  out: string;
  check?: boolean;
  watch?: boolean;
  helpers?: string;
}

/**
 * `mailsmith types`: writes the TemplateRegistry declaration inferred from the templates;
 * `--check` writes nothing and exits 1 when the file is missing or stale (for CI).
 *
 * @example
 * npx mailsmith types                      # writes ./mailsmith-env.d.ts
 * npx mailsmith types --check              # in CI
 * npx mailsmith types --watch              # while editing templates
 */
export default function register(program: Command, ctx: CliContext): void {
  program
    .command('types')
    .description('generate the TypeScript declaration of template names and data (TemplateRegistry)')
    .option('--templates <dir>', 'templates folder (env MAILSMITH_TEMPLATES)')
    .option('--out <file>', 'declaration file to write', 'mailsmith-env.d.ts')
    .option('--check', 'write nothing; exit 1 when the file is missing or out of date')
    .option('--watch', 'write it now and again whenever a template changes')
    .option('--helpers <names>', "comma-separated helpers your app registers (besides the config file's)")
    .action(async (flags: TypesFlags) => {
      const settings = await resolveTemplateSettings(flags, ctx.env, ctx.cwd);
      const { helpers } = settings;
      const out = resolve(ctx.cwd, flags.out);
      if (flags.watch) {
        const watcher = await keepTypesFresh(
          settings.templates,
          out,
          helpers,
          (line) => ctx.stdout.write(`${line}\n`),
          ctx.cwd,
        );
        ctx.stderr.write(`watching ${settings.templates} (Ctrl-C to stop)\n`);
        await untilSignal(ctx.signal);
        await watcher.close();
        return;
      }
      const { declaration, templates } = await generateTypes(settings.templates, { helpers });
      const shown = relative(ctx.cwd, out) || out;
      const current = existsSync(out) ? await readFile(out, 'utf8') : undefined;
      const c = colors(ctx.stdout, ctx.env);
      if (flags.check) {
        if (current === declaration) {
          ctx.stdout.write(`${c.green('ok')} ${shown} is up to date\n`);
          ctx.exitCode = EXIT.OK;
          return;
        }
        const problem = current === undefined ? 'is missing' : 'is out of date with the templates';
        ctx.stderr.write(
          `${colors(ctx.stderr, ctx.env).red('error:')} ${shown} ${problem}\n  hint: run \`npx mailsmith types\` and commit the result\n`,
        );
        ctx.exitCode = EXIT.FAILURE;
        return;
      }
      if (current !== declaration) await writeFile(out, declaration);
      const verb = current === declaration ? 'unchanged:' : 'wrote';
      ctx.stdout.write(
        `${verb} ${shown} (${templates.length} template${templates.length === 1 ? '' : 's'}: ${templates.join(', ')})\n`,
      );
      ctx.exitCode = EXIT.OK;
    });
}
