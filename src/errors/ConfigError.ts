import { MailerError, type MailerErrorOptions } from './MailerError.js';

/** Configuration is missing or inconsistent (credentials, transport URL, port/TLS pairing). */
export class ConfigError extends MailerError {
  override name = 'ConfigError';
  declare readonly code: 'CONFIG';

  constructor(message: string, options?: MailerErrorOptions) {
    super('CONFIG', message, options);
  }
}
