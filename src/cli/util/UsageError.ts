/** A mistake on the command line (bad flag combination, unreadable argument file); exits with code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly hint?: string;

  constructor(message: string, hint?: string) {
    super(message);
    this.hint = hint;
  }
}
