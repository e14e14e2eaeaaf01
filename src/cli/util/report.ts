import { existsSync } from 'node:fs';
import type { CheckIssue, CheckReport } from '../../check/index.js';
import type { CliStream } from '../context.js';
import { colors } from './output.js';

// Handlebars parse errors span lines (source excerpt, caret); keep them under their issue.
const indent = (message: string) => message.replace(/\n/g, '\n      ');

function where(issue: CheckIssue): string {
  const parts = [
    issue.file && (issue.line ? `${issue.file}:${issue.line}` : issue.file),
    issue.scenario && `scenario ${issue.scenario}`,
    issue.locale && `locale ${issue.locale}`,
  ];
  const text = parts.filter(Boolean).join(', ');
  return text ? ` (${text})` : '';
}

/** Human output of `mailsmith check`: one block per template, errors then warnings, then a summary. */
export function printReport(
  report: CheckReport,
  stream: CliStream,
  env: NodeJS.ProcessEnv = process.env,
): void {
  const c = colors(stream, env);
  if (report.templates.length === 0) {
    stream.write(
      existsSync(report.dir)
        ? `no templates in ${report.dir} (a template is a folder with html.mjml or html.hbs and subject.hbs)\n`
        : `the templates folder ${report.dir} does not exist (set --templates <dir>, or "templates" in mailsmith.config.ts)\n`,
    );
    return;
  }
  const block = (title: string, check: { ok: boolean; errors: CheckIssue[]; warnings: CheckIssue[] }) => {
    const mark = check.ok ? (check.warnings.length ? c.yellow('!') : c.green('✓')) : c.red('✗');
    stream.write(`${mark} ${title}\n`);
    for (const e of check.errors)
      stream.write(`  ${c.red('error')}   [${e.rule}] ${indent(e.message)}${c.dim(where(e))}\n`);
    for (const w of check.warnings)
      stream.write(`  ${c.yellow('warning')} [${w.rule}] ${indent(w.message)}${c.dim(where(w))}\n`);
  };
  for (const t of report.templates) {
    block(`${c.bold(t.name)}${t.sizeKb === undefined ? '' : c.dim(` ${t.sizeKb} KB`)}`, t);
  }
  // Catalog findings belong to no one template: their own block, after the templates.
  const { locales } = report;
  if (locales) {
    block(
      `${c.bold('locales')} ${c.dim(`${locales.locales.join(', ')} (fallback ${locales.fallbackLocale})`)}`,
      locales,
    );
  }
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const summary = `${plural(report.templates.length, 'template')}: ${plural(report.errorCount, 'error')}, ${plural(report.warningCount, 'warning')}`;
  stream.write(`\n${report.ok ? c.green(summary) : c.red(summary)}\n`);
}
