import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { AttachmentNotFoundError } from '../errors/AttachmentNotFoundError.js';
import { ConfigError } from '../errors/ConfigError.js';
import { InvalidAttachmentError } from '../errors/InvalidAttachmentError.js';
import { InvalidHeaderError } from '../errors/InvalidHeaderError.js';
import type { Attachment, ComposedAttachment } from '../types.js';
import { LINE_BREAK } from './address.js';

/** Checks that every attachment given by path is a readable file, before anything connects. */
export async function checkAttachments(attachments: Attachment[] | undefined): Promise<Attachment[]> {
  if (attachments === undefined) return [];
  if (!Array.isArray(attachments)) {
    throw new InvalidAttachmentError('list', 'must be an array: attachments: [{ path }, …]');
  }
  for (const [index, attachment] of attachments.entries()) {
    if (typeof attachment !== 'object' || attachment === null) {
      throw new InvalidAttachmentError(`#${index + 1}`, `is ${String(attachment)}, not an object`);
    }
    if ('path' in attachment) {
      if (typeof attachment.path !== 'string' || attachment.path === '') {
        throw new InvalidAttachmentError(`#${index + 1}`, 'has a path that is not a file name');
      }
      const info = await stat(attachment.path).catch((error: unknown) => {
        throw new AttachmentNotFoundError(attachment.path, { cause: error });
      });
      if (!info.isFile()) throw new AttachmentNotFoundError(attachment.path, { reason: 'is not a file' });
    } else if (!('content' in attachment) || attachment.content == null) {
      throw new InvalidAttachmentError(
        attachment.filename ?? `#${index + 1}`,
        'has neither a path nor any content',
      );
    } else if (!isContent(attachment.content)) {
      throw new InvalidAttachmentError(
        attachment.filename ?? `#${index + 1}`,
        `has content of type ${typeof attachment.content}, not a Buffer, string or readable stream`,
      );
    }
    // Nodemailer drops CR/LF from these silently, which would break `cid:` references or the type.
    for (const [field, header] of [
      ['filename', 'Content-Disposition'],
      ['cid', 'Content-ID'],
      ['contentType', 'Content-Type'],
    ] as const) {
      const value = attachment[field];
      if (value !== undefined && (typeof value !== 'string' || LINE_BREAK.test(value))) {
        throw new InvalidHeaderError(header, `the attachment ${field} must be a single-line string`);
      }
    }
  }
  return attachments;
}

function isContent(content: unknown): boolean {
  return (
    typeof content === 'string' ||
    Buffer.isBuffer(content) ||
    (typeof content === 'object' && content !== null && typeof (content as Readable).pipe === 'function')
  );
}

/** Total attachment size a composed message may carry: above it, link the file instead. @default 10 MB */
export const DEFAULT_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/**
 * Reads checked attachments into base64, so the composed message is plain JSON a queue or a log can
 * carry. Streams are read once, here; the total is capped so a queue never carries a video.
 * @throws ConfigError when the total exceeds `maxBytes`.
 */
export async function readAttachments(
  attachments: Attachment[],
  maxBytes = DEFAULT_MAX_ATTACHMENT_BYTES,
): Promise<ComposedAttachment[]> {
  let total = 0;
  const count = (bytes: number, name: string) => {
    total += bytes;
    if (total > maxBytes) throw tooLarge(name, maxBytes);
  };
  const out: ComposedAttachment[] = [];
  for (const attachment of attachments) {
    const name = attachment.filename ?? ('path' in attachment ? basename(attachment.path) : undefined);
    let content: Buffer;
    if ('path' in attachment) {
      // stat first: a 2 GB file is refused without being read.
      count((await stat(attachment.path)).size, attachment.path);
      content = await readFile(attachment.path).catch((error: unknown) => {
        throw new AttachmentNotFoundError(attachment.path, { cause: error });
      });
    } else if (typeof attachment.content === 'string' || Buffer.isBuffer(attachment.content)) {
      content = Buffer.from(attachment.content);
      count(content.length, name ?? '(unnamed attachment)');
    } else {
      content = await readStream(attachment.content, (bytes) => count(bytes, name ?? '(stream)'));
    }
    out.push({
      ...(name === undefined ? {} : { filename: name }),
      ...(attachment.contentType === undefined ? {} : { contentType: attachment.contentType }),
      ...(attachment.cid === undefined ? {} : { cid: attachment.cid }),
      content: content.toString('base64'),
    });
  }
  return out;
}

async function readStream(stream: Readable, count: (bytes: number) => void): Promise<Buffer> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of stream) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      count(buffer.length);
      chunks.push(buffer);
    }
  } catch (error) {
    stream.destroy();
    throw error;
  }
  return Buffer.concat(chunks);
}

function tooLarge(name: string, maxBytes: number): ConfigError {
  const mb = (maxBytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '');
  return new ConfigError(`Attachments exceed ${mb} MB in total (at ${name})`, {
    hint:
      'link large files instead of attaching them (upload and send a URL; most providers refuse mail over ' +
      '20-50 MB), or raise createMailer({ maxAttachmentBytes })',
  });
}
