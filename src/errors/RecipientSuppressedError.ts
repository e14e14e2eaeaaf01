import { MailerError } from './MailerError.js';

/** A recipient found on the suppression list, with what the list said about it. */
export interface SuppressedRecipient {
  address: string;
  /** `bounce`, `complaint`, `unsubscribe`, `manual`, or `suppressed` when the list gave no reason. */
  reason: string;
  scope?: string;
  detail?: string;
}

/**
 * A recipient is on the suppression list (it bounced, complained or unsubscribed), so nothing was sent
 * and no connection was opened. Not retryable: the same send fails the same way until the entry goes.
 */
export class RecipientSuppressedError extends MailerError {
  override name = 'RecipientSuppressedError';
  declare readonly code: 'RECIPIENT_SUPPRESSED';
  /** The suppressed addresses. */
  readonly recipients: string[];
  /** The same, with the reason and detail of each entry. */
  readonly suppressed: SuppressedRecipient[];

  constructor(suppressed: SuppressedRecipient[], all: boolean) {
    const list = suppressed.map((r) => `${r.address} (${r.reason}${r.detail ? `: ${r.detail}` : ''})`);
    super(
      'RECIPIENT_SUPPRESSED',
      `Not sent: suppressed recipient${suppressed.length > 1 ? 's' : ''} ${list.join(', ')}`,
      {
        hint: all
          ? 'the address bounced, complained or unsubscribed; fix it, or remove the entry (`mailsmith suppressions remove <address>`) if it works again'
          : 'set suppressionPolicy: { recipients: "drop" } to send to the others, or remove the entries (`mailsmith suppressions remove <address>`)',
      },
    );
    this.recipients = suppressed.map((r) => r.address);
    this.suppressed = suppressed;
  }
}
