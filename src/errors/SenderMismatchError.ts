import { MailerError } from './MailerError.js';

/**
 * The From address differs from the account the transport logs in as. QQ Mail, Tencent Exmail and
 * NetEase refuse such mail (`501 mail from address must be same as authorization user`), so this is
 * checked before connecting.
 */
export class SenderMismatchError extends MailerError {
  override name = 'SenderMismatchError';
  readonly from: string;
  readonly user: string;

  constructor(from: string, user: string, provider: string) {
    super(
      'SENDER_MISMATCH',
      `From address ${from} is not the logged-in account ${user}; ${provider} rejects such mail`,
      {
        hint: `send from ${user} (set "from" to "Your Name <${user}>"), or log in as ${from}`,
      },
    );
    this.from = from;
    this.user = user;
  }
}
