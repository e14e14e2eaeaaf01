import { isMailerError, MailerError } from '../errors/MailerError.js';
import type { SendOptions, SendResult } from '../types.js';

/** One message of a `sendMany`: the template, its data, and the usual send options. */
export type SendManyItem<N extends string = string, D = unknown> = { template: N; data: D } & SendOptions;

/** The outcome of one item, in the order of the items. */
export type SendManyResult =
  | { status: 'sent'; result: SendResult }
  | { status: 'failed'; error: MailerError };

export interface SendManyProgress {
  /** Items finished so far (sent + failed). */
  done: number;
  total: number;
  sent: number;
  failed: number;
  /** The item that just finished, by index, and its outcome. */
  index: number;
  outcome: SendManyResult;
}

export interface SendManyOptions {
  /** Sends in flight at once; the pool and the rate limit pace them further. @default 10 */
  concurrency?: number;
  /** Called after each item finishes. */
  onProgress?(progress: SendManyProgress): void;
}

/**
 * Sends every item with bounded concurrency. Never throws for one failure: resolves to one outcome
 * per item, in order, with the typed error of each failed one.
 */
export async function sendMany<I>(
  items: readonly I[],
  send: (item: I) => Promise<SendResult>,
  options: SendManyOptions = {},
): Promise<SendManyResult[]> {
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 10));
  const results: SendManyResult[] = new Array(items.length);
  let next = 0;
  let sent = 0;
  let failed = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      let outcome: SendManyResult;
      try {
        outcome = { status: 'sent', result: await send(items[index] as I) };
        sent++;
      } catch (error) {
        outcome = { status: 'failed', error: asMailerError(error) };
        failed++;
      }
      results[index] = outcome;
      options.onProgress?.({ done: sent + failed, total: items.length, sent, failed, index, outcome });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

function asMailerError(error: unknown): MailerError {
  if (isMailerError(error)) return error;
  return new MailerError('TRANSPORT', error instanceof Error ? error.message : String(error), {
    cause: error,
  });
}
