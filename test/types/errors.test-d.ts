/**
 * Each error class narrows `code` to its literal, so a `switch (e.code)` after `instanceof` needs no
 * cast. Compiled by `tsc --noEmit`, never run.
 */
import { expectTypeOf } from 'vitest';
import type {
  AttachmentNotFoundError,
  ConfigError,
  InvalidAddressError,
  InvalidAttachmentError,
  InvalidHeaderError,
  MailerError,
  MailerErrorCode,
  SenderMismatchError,
  TemplateDataError,
  TemplateNotFoundError,
  TemplateSyntaxError,
  TransportError,
  TransportErrorCode,
} from '../../src/index.js';

expectTypeOf<MailerError['code']>().toEqualTypeOf<MailerErrorCode>();
expectTypeOf<ConfigError['code']>().toEqualTypeOf<'CONFIG'>();
expectTypeOf<InvalidAddressError['code']>().toEqualTypeOf<'INVALID_ADDRESS'>();
expectTypeOf<InvalidHeaderError['code']>().toEqualTypeOf<'INVALID_HEADER'>();
expectTypeOf<InvalidAttachmentError['code']>().toEqualTypeOf<'INVALID_ATTACHMENT'>();
expectTypeOf<AttachmentNotFoundError['code']>().toEqualTypeOf<'ATTACHMENT_NOT_FOUND'>();
expectTypeOf<TemplateNotFoundError['code']>().toEqualTypeOf<'TEMPLATE_NOT_FOUND'>();
expectTypeOf<TemplateSyntaxError['code']>().toEqualTypeOf<'TEMPLATE_SYNTAX'>();
expectTypeOf<TemplateDataError['code']>().toEqualTypeOf<'TEMPLATE_DATA_INVALID'>();
expectTypeOf<TransportError['code']>().toEqualTypeOf<TransportErrorCode>();
expectTypeOf<SenderMismatchError['code']>().toEqualTypeOf<'SENDER_MISMATCH'>();
expectTypeOf<SenderMismatchError>().toExtend<TransportError>();
// Transport codes are mailer codes; the codes planned for delivery, idempotency and suppression exist.
expectTypeOf<TransportErrorCode>().toExtend<MailerErrorCode>();
expectTypeOf<
  | 'INVALID_ATTACHMENT'
  | 'TEMPLATE_RENDER'
  | 'DELIVERY_UNKNOWN'
  | 'IDEMPOTENCY_IN_FLIGHT'
  | 'RECIPIENT_SUPPRESSED'
  | 'CLOSED'
>().toExtend<MailerErrorCode>();
