export { AttachmentNotFoundError } from './AttachmentNotFoundError.js';
export { ConfigError } from './ConfigError.js';
export { InvalidAddressError } from './InvalidAddressError.js';
export { InvalidAttachmentError } from './InvalidAttachmentError.js';
export { InvalidEventError } from './InvalidEventError.js';
export { InvalidHeaderError } from './InvalidHeaderError.js';
export {
  isMailerError,
  MailerError,
  type MailerErrorCode,
  type MailerErrorOptions,
  type TransportErrorCode,
} from './MailerError.js';
export { RecipientSuppressedError, type SuppressedRecipient } from './RecipientSuppressedError.js';
export { type SenderMismatchDetails, SenderMismatchError } from './SenderMismatchError.js';
export { type DataIssue, TemplateDataError } from './TemplateDataError.js';
export { TemplateNotFoundError } from './TemplateNotFoundError.js';
export { type TemplateRenderDetails, TemplateRenderError } from './TemplateRenderError.js';
export {
  type TemplateSyntaxDetails,
  TemplateSyntaxError,
  type TemplateSyntaxKind,
} from './TemplateSyntaxError.js';
export { TransportError, type TransportErrorDetails } from './TransportError.js';
