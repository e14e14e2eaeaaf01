import { spawn } from 'node:child_process';
import { InvalidArgumentError } from 'commander';
import { ConfigError } from '../errors/ConfigError.js';

/** Commander parser for `--port`/`--smtp-port`: an integer 0–65535 (0 = any free port). */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('expected a port number 0-65535');
  return port;
}

/** Turns "address in use" and friends into an error that says what to do. */
export function listenError(error: unknown, what: string, flag: string): unknown {
  const code = (error as { code?: string }).code;
  if (code === 'EADDRINUSE') {
    return new ConfigError(`${what} is already in use`, {
      cause: error,
      hint: `stop the other process or pass ${flag} <port> (0 picks a free one)`,
    });
  }
  if (code === 'EACCES' || code === 'EADDRNOTAVAIL') {
    return new ConfigError(`cannot listen on ${what} (${code})`, {
      cause: error,
      hint: `pick a port above 1024 with ${flag}, or an address this machine has`,
    });
  }
  return error;
}

/** Opens a URL in the default browser; failures are reported, never fatal. */
export function openBrowser(url: string, stderr: { write(text: string): unknown } = process.stderr): void {
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]];
  const child = spawn(cmd, args as string[], { stdio: 'ignore', detached: true });
  child.on('error', () => stderr.write(`could not open a browser; visit ${url}\n`));
  child.unref();
}

/**
 * Resolves on Ctrl-C or SIGTERM, or when `abort` fires (an in-process caller stopping the command),
 * so a long-running command can close its servers cleanly.
 */
export function untilSignal(abort?: AbortSignal): Promise<NodeJS.Signals | 'abort'> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals | 'abort') => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      abort?.removeEventListener('abort', onAbort);
      resolve(signal);
    };
    const onAbort = () => stop('abort');
    if (abort?.aborted) return stop('abort');
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    abort?.addEventListener('abort', onAbort, { once: true });
  });
}
