import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTemplates } from '../../src/build/index.js';
import { createMailer, MailerError, type MemoryTransport } from '../../src/index.js';
import { rendererOf } from '../../src/mailer.js';
import type { CompiledTemplates } from '../../src/render/prebuilt.js';
import { rethrowMissingTool } from '../../src/render/tools.js';
import { buildAndImport } from '../build/helpers.js';
import { helpers, OK, SHIPPED } from './fixtures.js';

/** The message without the hint some error classes still append. */
const firstLine = (message: string) => message.split('\n')[0];

async function failure(fn: () => unknown): Promise<MailerError> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof MailerError) return error;
    throw error;
  }
  throw new Error('expected a MailerError');
}

let shipped: CompiledTemplates;
let withHelpers: CompiledTemplates;
const removes: (() => Promise<void>)[] = [];
beforeAll(async () => {
  const a = await buildAndImport(SHIPPED);
  const b = await buildAndImport(OK, Object.keys(helpers));
  shipped = a.compiled;
  withHelpers = b.compiled;
  removes.push(a.remove, b.remove);
});
afterAll(() => Promise.all(removes.map((remove) => remove())));

describe('createMailer({ templates: compiled })', () => {
  it('sends a prebuilt template through a transport, like one compiled from source', async () => {
    const prebuilt = createMailer({ templates: shipped, transport: 'memory://', from: 'a@example.com' });
    const source = createMailer({ templates: SHIPPED, transport: 'memory://', from: 'a@example.com' });
    const data = {
      name: 'Ada',
      email: 'ada@example.com',
      verifyUrl: 'https://example.com/v?a=1&b=2',
      expiresInMinutes: 30,
    };
    await prebuilt.send('verify-email', data as never, { to: 'ada@example.com' });
    await source.send('verify-email', data as never, { to: 'ada@example.com' });
    const [got] = (prebuilt.transport as MemoryTransport).messages;
    const [want] = (source.transport as MemoryTransport).messages;
    expect(got?.html).toBe(want?.html);
    expect(got?.text).toBe(want?.text);
    expect(got?.subject).toBe(want?.subject);
    expect(prebuilt.templates).toBe(shipped.source);
    expect(await rendererOf(prebuilt)?.list()).toEqual([
      'password-reset',
      'receipt',
      'verify-email',
      'welcome',
    ]);
  });

  it('validates data with the validator built in, and sends nothing on bad data', async () => {
    const mailer = createMailer({ templates: shipped, transport: 'memory://', from: 'a@example.com' });
    const error = await failure(() => mailer.send('receipt', {} as never, { to: 'ada@example.com' }));
    expect(error.code).toBe('TEMPLATE_DATA_INVALID');
    expect(error.message).toContain('orderId');
    expect((mailer.transport as MemoryTransport).messages).toHaveLength(0);
  });

  it('names an unknown template and lists the built ones', async () => {
    const mailer = createMailer({ templates: shipped, transport: 'memory://' });
    const error = await failure(() => mailer.render('welcom' as never, {} as never));
    expect(error.code).toBe('TEMPLATE_NOT_FOUND');
    expect(error.message).toContain('password-reset, receipt, verify-email, welcome');
  });

  it('needs the helpers the module was built with (CONFIG naming them)', async () => {
    const error = await failure(() => createMailer({ templates: withHelpers, transport: 'memory://' }));
    expect(error.code).toBe('CONFIG');
    expect(firstLine(error.message)).toBe(
      'The precompiled templates were built with helpers "formatPrice", "link", which the mailer was not given',
    );
    expect(error.hint).toContain('createMailer({ helpers })');
    const mailer = createMailer({ templates: withHelpers, transport: 'memory://', helpers });
    const { html } = await mailer.render('quoted' as never, { total: 12, id: 'x7' } as never);
    expect(html).toContain('¥12.00');
  });

  it('refuses an object that is not a built module, or one of another format version', async () => {
    const wrong = await failure(() => createMailer({ templates: { welcome: {} } as never }));
    expect(wrong.code).toBe('CONFIG');
    expect(firstLine(wrong.message)).toBe(
      'templates is neither a folder nor a module written by `mailsmith build`',
    );
    const old = await failure(() => createMailer({ templates: { ...shipped, version: 0 } }));
    expect(old.code).toBe('CONFIG');
    expect(old.hint).toBe('rebuild them with this version: npx mailsmith build');
  });

  it('accepts the module namespace as well as its default export', async () => {
    const mailer = createMailer({ templates: { default: shipped } as never, transport: 'memory://' });
    expect(await rendererOf(mailer)?.list()).toHaveLength(4);
  });
});

describe('a runtime without the compiler', () => {
  it('turns a missing compile tool into CONFIG: install it or use mailsmith build', async () => {
    const missing = 'mailsmith-no-such-compiler';
    const error = await failure(() =>
      import(/* @vite-ignore */ missing).catch(rethrowMissingTool('Compiling MJML templates')),
    );
    expect(error.code).toBe('CONFIG');
    expect(firstLine(error.message)).toBe(
      'Compiling MJML templates needs the package "mailsmith-no-such-compiler", which is not installed',
    );
    expect(error.hint).toContain('npm install mjml juice html-to-text');
    expect(error.hint).toContain('npx mailsmith build');
  });

  it('passes other errors through untouched', async () => {
    const boom = new Error('boom');
    await expect(Promise.reject(boom).catch(rethrowMissingTool('x'))).rejects.toBe(boom);
  });
});

describe('buildTemplates', () => {
  it('fails on a template that fails to compile, with its file and line', async () => {
    const { BROKEN } = await import('./fixtures.js');
    const error = await failure(() => buildTemplates(BROKEN, { version: '0' }));
    expect(error.code).toBe('TEMPLATE_SYNTAX');
  });
});
