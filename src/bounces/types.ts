/** `hard`: the address will not work (no such user, no such domain). `soft`: it may later (mailbox full). */
export type BounceKind = 'hard' | 'soft';

/**
 * One failed recipient, read back from a delivery status notification in the sender's mailbox.
 * A DSN that lists several recipients yields one Bounce per recipient.
 */
export interface Bounce {
  /** The address that failed, lower-cased. */
  recipient: string;
  kind: BounceKind;
  /** RFC 3463 enhanced status, e.g. `5.1.1`; derived from the reply code (`5.0.0`) when the notice has none. */
  status: string;
  /** What the receiving server said, e.g. `smtp; 550 5.1.1 <x@163.com>: Mailbox not found`; '' when unknown. */
  diagnostic: string;
  /** Message-ID of our original send (with angle brackets), when the notice carries it. */
  messageId?: string;
  /** Template of the original send, from its `X-Mailsmith-Template` header, when the notice carries it. */
  template?: string;
  /** When the failure was reported (the notice's Date), else when it was read. */
  at: Date;
}
