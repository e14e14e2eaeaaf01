import type { ConnectionOptions } from 'node:tls';
import SMTPConnection from 'nodemailer/lib/smtp-connection/index.js';

export interface ProbeOptions {
  host: string;
  port: number;
  secure: boolean;
  requireTLS: boolean;
  tls?: ConnectionOptions;
  name?: string;
  connectionTimeout?: number;
  greetingTimeout?: number;
  socketTimeout?: number;
}

/**
 * The EHLO keywords a server announces (`SMTPUTF8`, `SIZE`, …), read on a connection of its own that
 * says EHLO (after STARTTLS when the transport uses it) and QUIT: no AUTH, no transaction. nodemailer's
 * pool does not expose them, and it would send an internationalized address to a server without
 * SMTPUTF8 anyway.
 */
export function probeExtensions(options: ProbeOptions): Promise<string[]> {
  const connection = new SMTPConnection({ ...options, logger: false });
  return new Promise((resolve, reject) => {
    connection.once('error', reject);
    connection.connect((error) => {
      if (error) return reject(error);
      const extensions = [
        ...((connection as unknown as { _supportedExtensions?: string[] })._supportedExtensions ?? []),
      ];
      connection.quit();
      resolve(extensions);
    });
  }).finally(() => connection.close()) as Promise<string[]>;
}
