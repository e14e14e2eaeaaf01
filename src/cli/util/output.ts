import { isMailerError, type MailerError } from '../../errors/index.js';
import type { CliStream } from '../context.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { UsageError } from './UsageError.js';

/** Where a command writes; injectable so commands stay testable and quiet when asked. */
export interface Output {
  out: NodeJS.WritableStream & { isTTY?: boolean };
  err: NodeJS.WritableStream & { isTTY?: boolean };
}

export const stdio: Output = { out: process.stdout, err: process.stderr };

/** Colours only on a terminal, and never when NO_COLOR is set. */
export function colors(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env) {
  const on = Boolean(stream.isTTY) && !env.NO_COLOR;
  const wrap = (open: number, close: number) => (s: string) =>
    on ? `\u001b[${open}m${s}\u001b[${close}m` : s;
  return {
    red: wrap(31, 39),
    yellow: wrap(33, 39),
    green: wrap(32, 39),
    dim: wrap(2, 22),
    bold: wrap(1, 22),
  };
}

/**
 * Library hints name `createMailer()` options; on the command line the same fix is a flag or the
 * config file. Rewrites the hints a CLI user can meet.
 */
const CLI_TERMS: [RegExp, string][] = [
  [
    /pass "from" to createMailer\(\) or send\(\), or set MAILSMITH_FROM/,
    'pass --from <addr>, or set MAILSMITH_FROM',
  ],
  [/pass "(to|cc|bcc)" as /, 'pass --$1 as '],
  [
    /register it: createMailer\(\{ helpers: \{ ([\w$]+) \} \}\), and the same helpers in mailsmith\.config\.ts \(defineConfig\(\{ helpers \}\)\) for check, preview and types/,
    'add "$1" to helpers in mailsmith.config.ts (defineConfig({ helpers })), which the CLI reads',
  ],
];

export function inCliTerms(hint: string): string {
  return CLI_TERMS.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), hint);
}

/**
 * Prints an error the way a user can act on it: `error [CODE]: message`, the server's reply for
 * transport errors, then the hint. Returns the exit code it deserves.
 */
export function printError(
  error: unknown,
  stream: CliStream = process.stderr,
  fallbackHint?: (code: string) => string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ExitCode {
  const c = colors(stream, env);
  if (error instanceof UsageError) {
    stream.write(`${c.red('error:')} ${error.message}\n`);
    if (error.hint) stream.write(`  ${c.dim('hint:')} ${error.hint}\n`);
    return EXIT.USAGE;
  }
  if (isMailerError(error)) {
    const message = error.message;
    stream.write(`${c.red(`error [${error.code}]:`)} ${message}\n`);
    const details = error as MailerError &
      Partial<Record<'transport' | 'command' | 'response' | 'requestId', string>>;
    // Transports usually put these in the message already; print only what it leaves out.
    const extra: Array<[string, string | undefined]> = [
      ['transport', details.transport],
      ['command', details.command],
      ['server said', details.response],
      ['request id', details.requestId],
    ];
    for (const [label, value] of extra) {
      if (value && !message.includes(value)) stream.write(`  ${c.dim(`${label}:`)} ${value}\n`);
    }
    const hint = error.hint ?? fallbackHint?.(error.code);
    if (hint) stream.write(`  ${c.dim('hint:')} ${inCliTerms(hint)}\n`);
    return EXIT.FAILURE;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  stream.write(`${c.red('error:')} ${message}\n`);
  return EXIT.FAILURE;
}
