import { ConfigError } from '../errors/ConfigError.js';

// mailsmith/bounces reads mail with packages the core never needs; they are optional peers, imported on
// first use, so that `import 'mailsmith/bounces'` costs nothing until a mailbox is read.

/** Turns "module not found" for an optional peer into a CONFIG error naming the package; rethrows the rest. */
export function missing(name: string, error: unknown, why: string): never {
  const code = (error as { code?: string } | undefined)?.code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
    throw new ConfigError(`mailsmith/bounces needs the "${name}" package ${why}, and it is not installed`, {
      hint: `npm install ${name}`,
      cause: error,
    });
  }
  throw error;
}

/** imapflow, for `imap://` and `imaps://` mailboxes. */
export async function loadImapFlow(): Promise<typeof import('imapflow')> {
  try {
    return await import('imapflow');
  } catch (error) {
    return missing('imapflow', error, 'to read bounces over IMAP');
  }
}

/** mailparser, to decode notices (MIME structure, transfer encodings, GBK and other charsets). */
export async function loadMailparser(): Promise<typeof import('mailparser')> {
  try {
    return await import('mailparser');
  } catch (error) {
    return missing('mailparser', error, 'to parse bounce messages');
  }
}

/** ioredis, for `redisSuppressions()`. */
export async function loadIoredis(): Promise<typeof import('ioredis').Redis> {
  try {
    return (await import('ioredis')).Redis;
  } catch (error) {
    return missing('ioredis', error, 'for redisSuppressions()');
  }
}
