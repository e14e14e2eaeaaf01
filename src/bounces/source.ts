/** A mailbox as the reader sees it: new messages once each, and a way to wait for more. */
export interface MailboxSource {
  /**
   * Hands every message not examined before to `examine` (its raw source), after a header check
   * (`mayBeBounce`) so ordinary mail is never downloaded. `examine` returns true for a bounce, which the
   * source then marks (IMAP flag or move) or remembers (POP3 UIDL); other mail is left as it was.
   */
  scan(examine: (source: Buffer) => Promise<boolean>): Promise<void>;
  /** Resolves when new mail may have arrived (IMAP IDLE), or after `ms` (POP3 polls). */
  waitForMail(ms: number, signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

/** Resolves after `ms`, or at once when `signal` aborts (the reader closing). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}
