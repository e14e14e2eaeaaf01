import { resolve } from 'node:path';
import type { Command } from 'commander';
import { fileSuppressions, type SuppressionReason } from '../../bounces/index.js';
import type { CliContext } from '../context.js';
import { printError } from '../util/output.js';
import { DEFAULT_SUPPRESSIONS } from './bounces.js';

interface FileFlag {
  file: string;
}

/** `mailsmith suppressions list|add|remove`: the suppression file the mailer reads, by hand. */
export default function register(program: Command, ctx: CliContext): void {
  const cmd = program.command('suppressions').description('addresses the mailer will not send to');
  const fileOption = ['--file <path>', 'suppression list', DEFAULT_SUPPRESSIONS] as const;

  cmd
    .command('list')
    .description('print every entry (--json to export)')
    .option(...fileOption)
    .option('--json', 'the entries as a JSON array')
    .action(async (flags: FileFlag & { json?: boolean }) => {
      try {
        const entries = await fileSuppressions(resolve(ctx.cwd, flags.file)).list();
        if (flags.json) {
          ctx.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
          return;
        }
        for (const e of entries) {
          const scope = e.scope ? ` scope=${e.scope}` : '';
          ctx.stdout.write(`${e.address}  ${e.reason}${scope}  ${e.at}${e.detail ? `  ${e.detail}` : ''}\n`);
        }
        ctx.stderr.write(`${entries.length} suppressed in ${flags.file}\n`);
      } catch (error) {
        ctx.exitCode = printError(error, ctx.stderr, undefined, ctx.env);
      }
    });

  cmd
    .command('add <address>')
    .description('stop sending to an address')
    .option(...fileOption)
    .option('--reason <reason>', 'bounce | complaint | unsubscribe | manual', 'manual')
    .option('--scope <template>', 'only for this template')
    .option('--detail <text>', 'a note kept with the entry')
    .action(
      async (address: string, flags: FileFlag & { reason: string; scope?: string; detail?: string }) => {
        try {
          const entry = await fileSuppressions(resolve(ctx.cwd, flags.file)).add({
            address,
            reason: flags.reason as SuppressionReason,
            scope: flags.scope,
            detail: flags.detail,
          });
          ctx.stdout.write(
            `suppressed ${entry.address} (${entry.reason}${entry.scope ? `, ${entry.scope}` : ''})\n`,
          );
        } catch (error) {
          ctx.exitCode = printError(error, ctx.stderr, undefined, ctx.env);
        }
      },
    );

  cmd
    .command('remove <address>')
    .description('send to an address again (every entry of it, or --scope only)')
    .option(...fileOption)
    .option('--scope <template>', 'remove only the entry for this template')
    .action(async (address: string, flags: FileFlag & { scope?: string }) => {
      try {
        const removed = await fileSuppressions(resolve(ctx.cwd, flags.file)).remove(address, flags.scope);
        if (removed) ctx.stdout.write(`removed ${address.trim().toLowerCase()}\n`);
        else {
          ctx.stderr.write(`${address} is not on ${flags.file}\n`);
          ctx.exitCode = 1;
        }
      } catch (error) {
        ctx.exitCode = printError(error, ctx.stderr, undefined, ctx.env);
      }
    });
}
