/** Process exit codes of every `mailsmith` command. */
export const EXIT = {
  /** Everything worked. */
  OK: 0,
  /** The command ran and failed: a send was refused, `check` found errors, a template does not compile. */
  FAILURE: 1,
  /** The command line was wrong: unknown flag, missing argument, unreadable --data file. */
  USAGE: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
