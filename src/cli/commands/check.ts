import type { Command } from 'commander';
import { resolveSettings } from '../config.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../util/exit-codes.js';
import { createProgress } from '../util/progress.js';
import { printReport } from '../util/report.js';

interface CheckFlags {
  templates?: string;
  json?: boolean;
  strict?: boolean;
}

/** `mailsmith check`: compiles and inspects every template; exit 1 when any has errors. */
export default function register(program: Command, ctx: CliContext): void {
  program
    .command('check')
    .description('compile every template and report errors and client-compatibility warnings')
    .option('--templates <dir>', 'templates folder (env MAILSMITH_TEMPLATES)')
    .option('--json', 'print the report as JSON on stdout')
    .option('--strict', 'treat warnings as errors')
    .action(async (flags: CheckFlags) => {
      const settings = await resolveSettings(flags, ctx.env, ctx.cwd);
      // The checker (MJML, juice, caniemail data) loads when this command runs, not with the CLI.
      const { checkTemplates } = await import('../../check/index.js');
      let progress: ReturnType<typeof createProgress> | undefined;
      const report = await checkTemplates(settings.templates, {
        ...settings.config.check,
        helpers: settings.config.helpers,
        onTemplate(name, _index, total) {
          progress ??= createProgress(total, ctx.stderr, ctx.env);
          progress.tick(name);
        },
      });
      progress?.done();
      if (flags.json) ctx.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else printReport(report, ctx.stdout, ctx.env);
      // An empty folder is almost always a wrong path; passing would hide it in CI.
      const failed = report.templates.length === 0 || !report.ok || (flags.strict && report.warningCount > 0);
      ctx.exitCode = failed ? EXIT.FAILURE : EXIT.OK;
    });
}
