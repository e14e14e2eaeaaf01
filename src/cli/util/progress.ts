import type { CliStream } from '../context.js';

/** A progress line for long runs. Silent unless the stream is a terminal outside CI. */
export interface Progress {
  tick(label: string): void;
  done(): void;
}

/** True when progress may be drawn: an interactive terminal, not CI, not a dumb terminal. */
export function progressEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && !env.CI && env.TERM !== 'dumb';
}

/**
 * Draws `[3/12] name` in place on stderr, so piped stdout (`--json`) stays clean.
 *
 * @example
 * const progress = createProgress(names.length);
 * for (const name of names) { progress.tick(name); await work(name); }
 * progress.done();
 */
export function createProgress(
  total: number,
  stream: CliStream = process.stderr,
  env: NodeJS.ProcessEnv = process.env,
): Progress {
  if (!progressEnabled(stream, env) || total < 2) return { tick() {}, done() {} };
  let count = 0;
  return {
    tick(label) {
      count += 1;
      stream.write(`\r\u001b[2K[${count}/${total}] ${label}`);
    },
    done() {
      stream.write('\r\u001b[2K');
    },
  };
}
