/** A stream a command writes to: `process.stdout`, or anything with `write` (tests collect text). */
export interface CliStream {
  write(chunk: string | Uint8Array): unknown;
  isTTY?: boolean;
}

/**
 * Everything a command touches outside itself, so `run()` works in-process: tests and tools pass
 * their own streams, environment and working directory instead of the process's.
 */
export interface CliIo {
  /** @default process.stdout */
  stdout: CliStream;
  /** @default process.stderr */
  stderr: CliStream;
  /** Read for MAILSMITH_* settings, NO_COLOR and CI. @default process.env */
  env: NodeJS.ProcessEnv;
  /** Relative paths (flags, config file, templates) resolve from here. @default process.cwd() */
  cwd: string;
  /** Stops the long-running commands (`preview`, `dev`) as Ctrl-C does. */
  signal?: AbortSignal;
}

/** What commands run with: the io, and the exit code they set. */
export interface CliContext extends CliIo {
  exitCode: number;
}
