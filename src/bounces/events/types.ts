import type { CertificateLoader } from '../sns.js';
import type { Bounce } from '../types.js';

/** The providers whose event feeds mailsmith reads. */
export type EventProvider = 'ses' | 'resend' | 'aliyun' | 'tencent';

/** A recipient marked the message as spam (a feedback loop report). */
export interface Complaint {
  recipient: string;
  /** The feedback type when the provider passes it on, e.g. `abuse`. */
  feedbackType?: string;
  messageId?: string;
  template?: string;
  at: Date;
}

/** What a provider event means for the suppression list; deliveries, opens and clicks yield nothing. */
export type ProviderEvent =
  | { type: 'bounce'; provider: EventProvider; bounce: Bounce; providerMessageId?: string }
  | { type: 'complaint'; provider: EventProvider; complaint: Complaint; providerMessageId?: string }
  | { type: 'unsubscribe'; provider: EventProvider; recipient: string; at: Date; providerMessageId?: string }
  /** SNS asks to confirm the subscription: visit `subscribeUrl` once (mailsmith does not fetch it). */
  | { type: 'subscription'; provider: 'ses'; subscribeUrl: string; topicArn: string };

/** How events are verified. */
export interface ProviderEventOptions {
  /** Resend: the endpoint's signing secret (`whsec_…`). Required for `resend`. */
  secret?: string;
  /** Resend: how old a timestamp may be. @default 300 */
  toleranceSeconds?: number;
  /** SES/SNS: loads the PEM at the (checked) SigningCertURL. @default fetch, cached per URL */
  certificate?: CertificateLoader;
  /** SES/SNS: accept only these topics. */
  topicArns?: readonly string[];
  /**
   * DirectMail and Tencent callbacks carry no signature: set a token and configure the callback URL to
   * send it as `Authorization: Bearer <token>` or `X-Mailsmith-Token`; then events without it are refused.
   */
  token?: string;
  /** The clock, for tests. */
  now?: Date;
}
