import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { resolveTemplateSettings } from '../config.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../util/exit-codes.js';
import { colors } from '../util/output.js';
import { version } from '../util/version.js';

interface BuildFlags {
  templates?: string;
  out: string;
  check?: boolean;
  helpers?: string;
}

/** `mail.compiled.js` → `mail.compiled.d.ts`, `.mjs` → `.d.mts`. */
export function declarationPath(out: string): string {
  if (out.endsWith('.mjs')) return `${out.slice(0, -4)}.d.mts`;
  return `${out.replace(/\.js$/, '')}.d.ts`;
}

/**
 * `mailsmith build`: precompiles every template into one ES module (+ `.d.ts`) for production;
 * `--check` compiles nothing and exits 1 when the module is missing or stale (for CI).
 *
 * @example
 * npx mailsmith build                                   # writes ./mail.compiled.js and .d.ts
 * npx mailsmith build --out src/mail.compiled.js --check
 */
export default function register(program: Command, ctx: CliContext): void {
  program
    .command('build')
    .description('precompile every template into one ES module, for production (see README "Deploying")')
    .option('--templates <dir>', 'templates folder (env MAILSMITH_TEMPLATES)')
    .option('--out <file>', 'module to write (its .d.ts goes next to it)', 'mail.compiled.js')
    .option('--check', 'write nothing; exit 1 when the module is missing or out of date')
    .option('--helpers <names>', "comma-separated helpers your app registers (besides the config file's)")
    .action(async (flags: BuildFlags) => {
      const settings = await resolveTemplateSettings(flags, ctx.env, ctx.cwd);
      const { helpers } = settings;
      // The compiler (MJML, juice…) loads only when this command runs, never with the rest of the CLI.
      const build = await import('../../build/index.js');
      const out = resolve(ctx.cwd, flags.out);
      const shown = relative(ctx.cwd, out) || out;
      const current = existsSync(out) ? await readFile(out, 'utf8') : undefined;
      if (flags.check) {
        const want = await build.hashTemplates(settings.templates, helpers, version());
        const have = current === undefined ? undefined : build.readHash(current);
        const declared = existsSync(declarationPath(out));
        if (have === want && declared) {
          ctx.stdout.write(`${colors(ctx.stdout, ctx.env).green('ok')} ${shown} is up to date\n`);
          ctx.exitCode = EXIT.OK;
          return;
        }
        const problem =
          current === undefined
            ? 'is missing'
            : have === undefined
              ? 'was not written by `mailsmith build`'
              : have !== want
                ? 'is out of date with the templates'
                : `has no declaration (${relative(ctx.cwd, declarationPath(out))})`;
        ctx.stderr.write(
          `${colors(ctx.stderr, ctx.env).red('error:')} ${shown} ${problem}\n  hint: run \`npx mailsmith build\` and commit or deploy the result\n`,
        );
        ctx.exitCode = EXIT.FAILURE;
        return;
      }
      const result = await build.buildTemplates(settings.templates, {
        helpers,
        version: version(),
        source: relative(dirname(out), settings.templates).split('\\').join('/') || '.',
      });
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, result.code);
      await writeFile(declarationPath(out), result.declaration);
      const kb = (Buffer.byteLength(result.code) / 1024).toFixed(0);
      ctx.stdout.write(
        `wrote ${shown} (${kb} KB, ${result.templates.length} templates: ${result.templates.join(', ')}) and its .d.ts\n`,
      );
      ctx.exitCode = EXIT.OK;
    });
}
