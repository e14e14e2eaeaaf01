import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { rendererOf } from '../mailer.js';
import { createRenderer } from '../render/renderer.js';
import type { Renderer } from '../render/types.js';
import type { LocaleName } from '../types.js';
import { loadPreviewAssets } from './assets.js';
import { HttpError, isLoopback, NO_FRAMING, notFound, sendJson, sendText, trustedRequest } from './http.js';
import { inboxRoutes } from './inbox/routes.js';
import { type PreviewContext, templateRoutes } from './routes.js';
import { EventHub } from './sse.js';
import { TemplateService } from './templates.js';
import type { PreviewMailer, PreviewServer, PreviewServerOptions } from './types.js';
import { shellHtml } from './ui/shell.js';
import { type TemplateWatcher, watchTemplates } from './watch.js';

/**
 * Starts the preview web app: an index of templates, a page per template (desktop/mobile/dark, text,
 * source, headers, scenarios, data editor, send test), live reload over server-sent events, and, when
 * given an inbox, the dev Inbox view.
 *
 * @example
 * const preview = await startPreviewServer({ templates: './templates', port: 3030 });
 * console.log(`preview at ${preview.url}`);
 * // later
 * await preview.close();
 */
export async function startPreviewServer(
  // `renderer` is for this package's tests (an instrumented cache); apps pass a mailer or helpers.
  options: PreviewServerOptions & { /** @internal */ renderer?: Renderer } = {},
): Promise<PreviewServer> {
  const host = options.host ?? '127.0.0.1';
  const assets = await loadPreviewAssets();
  const dir = resolve(options.templates ?? './templates');
  const mailerOption = options.mailer;
  let mailer: Promise<PreviewMailer> | undefined =
    mailerOption && typeof mailerOption !== 'function' ? Promise.resolve(mailerOption) : undefined;
  const getMailer = async () => {
    if (!mailerOption) return undefined;
    // A failed lazy creation (e.g. missing credentials) is retried on the next send.
    mailer ??= Promise.resolve((mailerOption as () => PreviewMailer | Promise<PreviewMailer>)()).catch(
      (error) => {
        mailer = undefined;
        throw error;
      },
    );
    return mailer;
  };
  const known = typeof mailerOption === 'object' ? mailerOption : undefined;
  // The app mailer's own cache when it has one (its helpers, one compile per template), else the preview's.
  const renderer: Renderer =
    options.renderer ??
    (known && rendererOf(known)) ??
    createRenderer({ dir, checkInterval: 0, helpers: options.helpers });
  // `locale` undefined renders in the default locale, as a send that names none does.
  const render = known?.render
    ? (name: string, data: unknown, locale?: string) =>
        known.render!(
          name,
          data as never,
          locale === undefined ? undefined : { locale: locale as LocaleName },
        )
    : (name: string, data: unknown, locale?: string) => renderer.render(name, data, locale);
  const from = () => {
    if (options.from) return options.from;
    try {
      return known?.transport?.defaultFrom ?? process.env.MAILSMITH_FROM;
    } catch {
      // A mailer creates its default transport lazily and throws without credentials; that is not a preview error.
      return process.env.MAILSMITH_FROM;
    }
  };
  const ctx: PreviewContext = {
    templates: new TemplateService(renderer, render, from, options.check),
    mailer: getMailer,
  };
  const hub = new EventHub();
  const inbox = options.inbox;
  const onInbox = (event: unknown) => hub.broadcast('inbox', event);
  inbox?.on('change', onInbox);

  let watcher: TemplateWatcher | undefined;
  if (options.watch !== false) {
    watcher = await watchTemplates(dir, (files, folders) => {
      // Only the templates that read a changed file, or listed a folder that gained or lost an entry,
      // compile again: with hundreds of templates, one edit must not recompile them all.
      for (const name of renderer.dependents([...files, ...folders])) {
        renderer.invalidate(name);
        // An app mailer not made by createMailer() keeps its own cache: tell it too.
        known?.invalidate?.(name);
      }
      hub.broadcast('change', { files });
    });
  }

  const loopbackOnly = isLoopback(host);
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    // No other page may frame ours: a hidden frame could otherwise be clicked through (clickjacking,
    // e.g. "Delete" on a captured message). Routes serving untrusted content add `sandbox` to this.
    res.setHeader('content-security-policy', NO_FRAMING);
    res.setHeader('x-frame-options', 'DENY');
    if (!trustedRequest(req, loopbackOnly)) {
      sendText(res, 403, 'Forbidden: unexpected Host or Origin\n', 'text/plain; charset=utf-8');
      return;
    }
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const method = req.method ?? 'GET';
    if (method === 'GET' && path === '/events') return hub.add(res);
    if (method === 'GET' && path === '/assets/app.js')
      return sendText(res, 200, assets.js, 'text/javascript; charset=utf-8');
    if (method === 'GET' && path === '/assets/app.css')
      return sendText(res, 200, assets.css, 'text/css; charset=utf-8');
    if (method === 'GET' && path === '/api/meta') {
      return sendJson(res, 200, {
        templates: dir,
        inbox: inbox ? { dir: inbox.dir, max: inbox.max, smtp: options.smtpUrl } : null,
      });
    }
    if (await templateRoutes(ctx, req, res, path)) return;
    if (inbox && (await inboxRoutes(inbox, req, res, path))) return;
    if (method === 'GET' && (await isPage(path)))
      return sendText(res, 200, shellHtml(), 'text/html; charset=utf-8');
    notFound(res);
  };
  const isPage = async (path: string) => {
    if (path === '/') return true;
    if (inbox && /^\/inbox(\/[\w-]+)?$/.test(path)) return true;
    const m = /^\/t\/([^/]+)$/.exec(path);
    if (!m) return false;
    try {
      return await ctx.templates.exists(decodeURIComponent(m[1] ?? ''));
    } catch {
      return false;
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return res.end();
      if (error instanceof HttpError) sendJson(res, error.status, { error: { message: error.message } });
      else sendJson(res, 500, { error: { message: error instanceof Error ? error.message : String(error) } });
    });
  });
  try {
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(options.port ?? 3030, host, () => {
        server.off('error', fail);
        ok();
      });
    });
  } catch (error) {
    // The watcher would keep the process alive after a failed start (e.g. port in use).
    inbox?.off('change', onInbox);
    await watcher?.close();
    hub.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}`,
    port,
    host,
    templates: dir,
    async close() {
      inbox?.off('change', onInbox);
      await watcher?.close();
      hub.close();
      await new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      });
    },
  };
}
