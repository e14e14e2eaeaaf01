import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LocaleName } from '../types.js';
import { toPreviewError } from './errors.js';
import { contentType, resolveInside } from './files.js';
import { HttpError, notFound, readJson, sendJson, sendText, UNTRUSTED } from './http.js';
import type { TemplateService } from './templates.js';
import type { PreviewMailer } from './types.js';

export interface PreviewContext {
  templates: TemplateService;
  mailer: () => Promise<PreviewMailer | undefined>;
}

/** `/api/templates/*` and `/files/*`. Returns false if not matched. */
export async function templateRoutes(
  ctx: PreviewContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<boolean> {
  const method = req.method ?? 'GET';
  if (path.startsWith('/files/') && method === 'GET') {
    const file = await resolveInside(ctx.templates.dir, path.slice('/files/'.length));
    if (!file) {
      notFound(res);
    } else {
      // An SVG (or any file) in the templates folder is the author's, not ours: it must not run
      // script in the preview's origin when opened, as attachments may not.
      res.setHeader('content-security-policy', UNTRUSTED);
      sendText(res, 200, await readFile(file), contentType(file));
    }
    return true;
  }
  if (path === '/api/templates' && method === 'GET') {
    sendJson(res, 200, { templates: await ctx.templates.summaries() });
    return true;
  }
  const match = /^\/api\/templates\/([^/]+)(?:\/(render|send|check))?$/.exec(path);
  if (!match) return false;
  const name = safeDecode(match[1] ?? '');
  // Names come from the folder listing only, so a crafted name can never reach the file system.
  if (name === undefined || !(await ctx.templates.exists(name))) {
    notFound(res);
    return true;
  }
  const action = match[2];
  if (!action && method === 'GET') {
    sendJson(res, 200, await ctx.templates.detail(name));
  } else if (action === 'check' && method === 'GET') {
    sendJson(res, 200, await ctx.templates.check(name));
  } else if (action === 'render' && method === 'POST') {
    const body = await readJson(req);
    sendJson(res, 200, await ctx.templates.renderFor(name, requestOf(body, req)));
  } else if (action === 'send' && method === 'POST') {
    const body = await readJson(req);
    sendJson(res, 200, await sendTest(ctx, name, body, req));
  } else {
    return false;
  }
  return true;
}

async function sendTest(
  ctx: PreviewContext,
  name: string,
  body: Record<string, unknown>,
  req: IncomingMessage,
) {
  const dir = ctx.templates.dir;
  const to = typeof body.to === 'string' ? body.to.trim() : '';
  if (!to) throw new HttpError(400, 'give a recipient address in "to"');
  try {
    const mailer = await ctx.mailer();
    if (!mailer) {
      return {
        ok: false,
        error: {
          name: 'ConfigError',
          code: 'CONFIG',
          message: 'No transport is configured for sending test mail.',
          hint: 'start with --transport <url> or set MAILSMITH_TRANSPORT (or MAILSMITH_SMTP_USER/PASS for QQ Mail)',
        },
      };
    }
    const request = requestOf(body, req);
    const { scenario, data } = await ctx.templates.dataFor(name, request);
    const options = request.locale ? { to, locale: request.locale as LocaleName } : { to };
    const result = await mailer.send(name, data as never, options);
    return { ok: true, scenario, to, transport: mailer.transport?.toString(), result };
  } catch (error) {
    return { ok: false, error: toPreviewError(error, dir) };
  }
}

/** What a render or send asks for: from the JSON body, and `?locale=` (the switcher's) from the URL. */
function requestOf(body: Record<string, unknown>, req: IncomingMessage) {
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams.get('locale');
  const locale = typeof body.locale === 'string' ? body.locale : query;
  return {
    scenario: typeof body.scenario === 'string' ? body.scenario : undefined,
    data: 'data' in body ? body.data : undefined,
    dark: body.dark === true,
    locale: locale || undefined,
  };
}

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}
