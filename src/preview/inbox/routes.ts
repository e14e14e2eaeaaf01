import type { IncomingMessage, ServerResponse } from 'node:http';
import { notFound, sendJson, sendText, UNTRUSTED } from '../http.js';
import { attachmentOf, parseMessage } from './message.js';
import type { InboxStore } from './store.js';

/** `/api/inbox/*`: list, one message, its raw source and attachments, delete. Returns false if not matched. */
export async function inboxRoutes(
  store: InboxStore,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<boolean> {
  if (!path.startsWith('/api/inbox')) return false;
  let parts: string[];
  try {
    parts = path.split('/').slice(3).map(decodeURIComponent);
  } catch {
    // A malformed escape (`%E0`) names no message.
    notFound(res);
    return true;
  }
  const method = req.method ?? 'GET';
  if (parts.length === 0) {
    if (method === 'GET') sendJson(res, 200, { messages: store.list(), max: store.max });
    else if (method === 'DELETE') {
      await store.clear();
      sendJson(res, 200, { ok: true });
    } else return false;
    return true;
  }
  const id = parts[0] ?? '';
  if (!store.get(id)) {
    notFound(res);
    return true;
  }
  if (parts.length === 1 && method === 'DELETE') {
    await store.remove(id);
    sendJson(res, 200, { ok: true });
    return true;
  }
  if (method !== 'GET') return false;
  const raw = await store.raw(id);
  if (!raw) {
    notFound(res);
    return true;
  }
  if (parts.length === 1) {
    sendJson(res, 200, await parseMessage(id, raw, `/api/inbox/${id}/attachments`));
  } else if (parts.length === 2 && parts[1] === 'raw') {
    sendText(res, 200, raw, 'text/plain; charset=utf-8');
  } else if (parts.length === 3 && parts[1] === 'attachments' && /^\d+$/.test(parts[2] ?? '')) {
    const attachment = await attachmentOf(raw, Number(parts[2]));
    if (!attachment) {
      notFound(res);
      return true;
    }
    res.setHeader(
      'content-disposition',
      `inline; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`,
    );
    // Attachments are untrusted content served from our origin: never let them run as a page.
    res.setHeader('content-security-policy', UNTRUSTED);
    sendText(res, 200, attachment.content, attachment.contentType);
  } else {
    notFound(res);
  }
  return true;
}
