import type { Command } from 'commander';
import type { LocaleName } from '../../types.js';
import { resolveSettings } from '../config.js';
import type { CliContext } from '../context.js';
import { previewData, readDataFile } from '../util/data.js';
import { EXIT } from '../util/exit-codes.js';
import { sendingMailer, templatesOf } from '../util/mailer.js';
import { UsageError } from '../util/UsageError.js';

interface SendFlags {
  to: string[];
  data?: string;
  scenario?: string;
  transport?: string;
  from?: string;
  templates?: string;
  locale?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `mailsmith send`: renders a template and delivers it for real; prints the message id. */
export default function register(program: Command, ctx: CliContext): void {
  program
    .command('send')
    .description('render a template and send it through the configured transport')
    .argument('<template>', 'template name')
    .requiredOption('--to <addr>', 'recipient (repeat for several)', collect)
    .option('--data <file>', 'JSON file with the template data (default: preview.json)')
    .option('--scenario <name>', 'named scenario of preview.json')
    .option('--transport <url>', 'transport URL, e.g. smtps://user:pass@host:465 (env MAILSMITH_TRANSPORT)')
    .option('--from <addr>', 'sender (env MAILSMITH_FROM)')
    .option('--templates <dir>', 'templates folder (env MAILSMITH_TEMPLATES)')
    .option('--locale <locale>', 'send in this locale (a catalog in _locales/; default: the mailer default)')
    .action(async (template: string, flags: SendFlags) => {
      if (flags.data && flags.scenario) throw new UsageError('--data and --scenario cannot be used together');
      const settings = await resolveSettings(flags, ctx.env, ctx.cwd);
      const mailer = sendingMailer(settings, ctx.env, ctx.cwd);
      try {
        const data =
          flags.data === undefined
            ? previewData(template, await templatesOf(mailer).get(template), flags.scenario)
            : await readDataFile(flags.data, ctx.cwd);
        // A locale from the command line is any string; the mailer refuses one without a catalog (CONFIG).
        const locale = flags.locale as LocaleName | undefined;
        const result = await mailer.send(template, data, { to: flags.to, ...(locale ? { locale } : {}) });
        ctx.stdout.write(`${result.messageId}\n`);
        ctx.stderr.write(`sent "${template}" to ${result.accepted.join(', ')} via ${mailer.transport}\n`);
        if (result.rejected.length) {
          ctx.stderr.write(`rejected: ${result.rejected.join(', ')}\n`);
          ctx.exitCode = EXIT.FAILURE;
        }
      } finally {
        await mailer.close();
      }
    });
}
