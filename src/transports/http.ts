import { SenderMismatchError } from '../errors/SenderMismatchError.js';
import { TransportError } from '../errors/TransportError.js';
import { scrubSecrets } from './smtp-errors.js';

/** What an HTTP provider answered. */
export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export interface HttpCall {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** @default 30000 */
  timeoutMs?: number;
  /** The transport as its redacted URL, for errors. */
  transport: string;
  /** Strings never to show in an error (keys, secrets). */
  secrets: readonly (string | undefined)[];
  /**
   * Whether repeating the request cannot send twice (an idempotency key, or a read-only call). A send
   * that timed out or lost its connection after the request left may have been accepted: it is
   * retried only when this is true.
   */
  idempotent?: boolean;
}

// Failures before the request could reach the provider: always safe to retry.
const UNREACHED =
  /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ECONNABORTED|UND_ERR_CONNECT_TIMEOUT)$/;

/**
 * One request with plain `fetch` and a deadline. Network failures become `CONNECTION` or `TIMEOUT`
 * transport errors (secrets scrubbed); any HTTP answer, error statuses included, is returned for the
 * provider's own mapping.
 */
export async function httpRequest(call: HttpCall): Promise<HttpAnswer> {
  const timeoutMs = call.timeoutMs ?? 30_000;
  let response: Response;
  let text: string;
  try {
    response = await fetch(call.url, {
      method: call.method ?? 'POST',
      headers: call.headers,
      body: call.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    throw networkError(error, call, timeoutMs);
  }
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

function networkError(error: unknown, call: HttpCall, timeoutMs: number): TransportError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const name = (error as { name?: string }).name;
  const code = cause?.code ?? '';
  const host = safeHost(call.url);
  const detail = scrubSecrets(cause?.message ?? (error as Error).message ?? String(error), call.secrets);
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new TransportError('TIMEOUT', `No answer from ${host} within ${timeoutMs} ms`, {
      transport: call.transport,
      retryable: call.idempotent ?? false,
      hint: call.idempotent
        ? 'the provider is slow or unreachable; the send is retried'
        : 'the provider may have accepted the message: check its console or event feed before sending again',
    });
  }
  const unreached = UNREACHED.test(code);
  return new TransportError('CONNECTION', `Could not reach ${host}: ${code ? `${code} ` : ''}${detail}`, {
    transport: call.transport,
    retryable: unreached || (call.idempotent ?? false),
    hint: unreached
      ? 'check the network, proxy and DNS (and the endpoint option, if set)'
      : 'the connection dropped mid-request: the provider may have accepted the message',
  });
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the provider';
  }
}

/** The error a provider answer maps to: code, whether to retry, and what to do. */
export interface ProviderFailure {
  code: ConstructorParameters<typeof TransportError>[0];
  retryable: boolean;
  hint: string;
}

/** The common fallbacks by HTTP status, for provider codes a table does not name. */
export function byStatus(status: number): ProviderFailure {
  if (status === 401 || status === 403) {
    return { code: 'AUTH_FAILED', retryable: false, hint: 'check the API credentials and their permissions' };
  }
  if (status === 429) {
    return { code: 'RATE_LIMITED', retryable: true, hint: 'slow down (mailer rateLimit) and retry later' };
  }
  if (status >= 500) {
    return { code: 'TRANSPORT', retryable: true, hint: 'the provider failed; retry later' };
  }
  return { code: 'TRANSPORT', retryable: false, hint: 'the provider refused the request; see providerCode' };
}

/** The transport error for a provider's refusal, keeping its status, code and request id. */
export function providerError(
  failure: ProviderFailure,
  message: string,
  details: { status: number; providerCode?: string; requestId?: string; transport: string; from?: string },
): TransportError {
  const { from, ...rest } = details;
  const common = { ...rest, retryable: failure.retryable, hint: failure.hint };
  return failure.code === 'SENDER_MISMATCH'
    ? new SenderMismatchError(message, { ...common, from })
    : new TransportError(failure.code, message, common);
}
