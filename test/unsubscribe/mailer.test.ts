import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMailer as createTypedMailer,
  type Mailer,
  type MailerOptions,
  memory,
  type OutboxResult,
  outbox,
  smtp,
  toMime,
  unsubscribeUrl,
  verifyUnsubscribe,
} from '../../src/index.js';
import { dkimFixture } from '../helpers/dkim.js';
import { startSmtpServer, TEST_CA, type TestServer } from '../helpers/smtp-server.js';

// DKIM and one-click unsubscribe end to end: the mailer signs where MIME is built, a real smtp-server
// (implicit TLS + AUTH) receives it, mailauth verifies the signature against the test's TXT record.
const auth = { user: 'news@acme.test', pass: 'smtp-secret-password' };
const secret = 'unsubscribe-secret-for-tests-32c';
const base = 'https://acme.test/unsubscribe';
let dir: string;
// The fixture templates are not in the shipped registry: an untyped mailer.
const createMailer = (options: MailerOptions) =>
  createTypedMailer(options) as unknown as Mailer<Record<never, never>>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mailsmith-unsub-'));
  await mkdir(join(dir, 'digest'));
  await writeFile(join(dir, 'digest/subject.hbs'), '本周精选：{{title}}');
  await writeFile(
    join(dir, 'digest/html.hbs'),
    '<p>你好 {{name}}</p><p><a href="{{unsubscribeUrl}}">退订 / Unsubscribe</a></p>',
  );
  await mkdir(join(dir, 'password-reset'));
  await writeFile(join(dir, 'password-reset/subject.hbs'), 'Reset');
  await writeFile(join(dir, 'password-reset/html.hbs'), '<p>Reset {{name}}</p>');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const unsubscribe = ({ to, template }: { to: string; template: string }) =>
  template === 'password-reset'
    ? false
    : { url: unsubscribeUrl(to, { secret, base, template }), mailto: 'unsubscribe@acme.test' };

describe('DKIM-signed, unsubscribable mail through a real SMTP server', () => {
  const fixture = dkimFixture();
  let server: TestServer;

  beforeAll(async () => {
    server = await startSmtpServer({ secure: true, auth });
  });
  afterAll(() => server.close());

  it('arrives with a DKIM signature that verifies, List-Unsubscribe headers and a working link', async () => {
    const mailer = createMailer({
      templates: dir,
      from: `"Acme 周报" <${auth.user}>`,
      transport: smtp({ host: 'localhost', port: server.port, secure: true, ...auth, tls: { ca: TEST_CA } }),
      dkim: fixture.dkim,
      unsubscribe,
      retry: false,
    });
    try {
      await mailer.send(
        'digest',
        { title: '冬季新品', name: '张三' },
        {
          to: '"张三, Zhang" <zs@163.com>',
          attachments: [{ filename: '清单.txt', content: Buffer.from('一二三\n'.repeat(200)) }],
        },
      );
    } finally {
      await mailer.close();
    }
    const raw = server.messages.at(-1)!.raw;
    expect(await fixture.verify(raw)).toEqual([{ status: 'pass', domain: 'acme.test', selector: 's1' }]);

    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe('本周精选：冬季新品');
    // mailparser folds List-* headers into a summary; read the header lines as a receiver sees them.
    const header = (name: string) =>
      parsed.headerLines
        .find((h) => h.key === name)
        ?.line.slice(name.length + 1)
        .replace(/\r?\n\s+/g, ' ')
        .trim();
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const listUnsubscribe = header('list-unsubscribe') ?? '';
    const link = /<(https:[^>]+)>/.exec(listUnsubscribe)?.[1] ?? '';
    expect(listUnsubscribe).toContain('<mailto:unsubscribe@acme.test>');
    expect(verifyUnsubscribe(link, secret)).toMatchObject({ to: 'zs@163.com', template: 'digest' });
    // The same link reaches the template as {{unsubscribeUrl}}.
    const href = /href="([^"]+)"/.exec(String(parsed.html))?.[1] ?? '';
    const decoded = href.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
    expect(decoded).toBe(link);
    expect(parsed.attachments[0]?.filename).toBe('清单.txt');

    // Changing a signed header or one byte of the body breaks the signature: the verifier really checks.
    const source = raw.toString('utf8');
    const tampered = Buffer.from(source.replace(/^Message-ID: </im, 'Message-ID: <x'));
    expect(tampered.equals(raw)).toBe(false);
    expect((await fixture.verify(tampered))[0]?.status).toBe('fail');
    const split = source.indexOf('\r\n\r\n');
    const body = source.slice(split).replace(/--_NmP[^\r]*\r\n/, (b) => `${b}X-Injected: 1\r\n`);
    expect(body).not.toBe(source.slice(split));
    // mailauth reports a body-hash mismatch as "neutral" (RFC 6376 §6.1.3 leaves it to the verifier).
    expect((await fixture.verify(source.slice(0, split) + body))[0]?.status).not.toBe('pass');
  });
});

describe('DKIM and unsubscribe without a network', () => {
  const fixture = dkimFixture('mail', 'acme.test');

  it('the outbox writes signed .eml files', async () => {
    const out = await mkdtemp(join(tmpdir(), 'mailsmith-outbox-'));
    const mailer = createMailer({
      templates: dir,
      from: 'news@acme.test',
      transport: outbox({ dir: out }),
      dkim: fixture.dkim,
      unsubscribe,
    });
    const result = (await mailer.send(
      'digest',
      { title: 't', name: 'n' },
      { to: 'a@163.com' },
    )) as OutboxResult;
    expect(await fixture.verify(await readFile(result.files.eml))).toEqual([
      { status: 'pass', domain: 'acme.test', selector: 'mail' },
    ]);
    await rm(out, { recursive: true, force: true });
  });

  it('a template the function opts out of, or unsubscribe: false on the send, gets no headers', async () => {
    const transport = memory();
    const mailer = createMailer({ templates: dir, from: 'news@acme.test', transport, unsubscribe });
    await mailer.send('password-reset', { name: 'n' }, { to: 'a@163.com' });
    await mailer.send('digest', { title: 't', name: 'n' }, { to: 'a@163.com', unsubscribe: false });
    await mailer.send('digest', { title: 't', name: 'n' }, { to: 'a@163.com' });
    const has = transport.messages.map((m) => 'List-Unsubscribe' in m.headers);
    expect(has).toEqual([false, false, true]);
  });

  it('a send-level target wins, and a List-Unsubscribe header given twice is INVALID_HEADER, nothing sent', async () => {
    const transport = memory();
    const mailer = createMailer({ templates: dir, from: 'news@acme.test', transport, unsubscribe });
    await mailer.send(
      'digest',
      { title: 't', name: 'n' },
      { to: 'a@163.com', unsubscribe: { url: `${base}?x=1` } },
    );
    expect(transport.messages[0]?.headers['List-Unsubscribe']).toBe(`<${base}?x=1>`);
    await expect(
      mailer.send(
        'digest',
        { title: 't', name: 'n' },
        { to: 'a@163.com', headers: { 'List-Unsubscribe': '<https://x.test>' } },
      ),
    ).rejects.toMatchObject({ code: 'INVALID_HEADER' });
    expect(transport.messages).toHaveLength(1);
  });

  it('{{unsubscribeUrl}} is provided, never a data field: validation does not ask for it', async () => {
    const mailer = createMailer({ templates: dir, from: 'news@acme.test', transport: memory() });
    const { html } = await mailer.render('digest', { title: 't', name: 'n' });
    expect(html).toContain('href=""');
  });

  it('toMime({ dkim }) signs a composed message directly, e.g. for a raw-MIME API', async () => {
    const mailer = createMailer({ templates: dir, from: 'news@acme.test', transport: memory() });
    const composed = await mailer.compose('digest', { title: 't', name: 'n' }, { to: 'a@163.com' });
    expect(await fixture.verify(await toMime(composed, { dkim: fixture.dkim }))).toEqual([
      { status: 'pass', domain: 'acme.test', selector: 'mail' },
    ]);
    // Composed messages stay JSON: no key travels with them.
    expect(JSON.stringify(composed)).not.toContain('PRIVATE KEY');
  });

  it('bad DKIM settings fail createMailer with CONFIG, never echoing the key', () => {
    const bad = { ...fixture.dkim, privateKey: 'MIIEv-not-a-real-key-but-secret' };
    let error: unknown;
    try {
      createMailer({ templates: dir, transport: memory(), dkim: bad });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      code: 'CONFIG',
      message: expect.stringContaining('dkim.privateKey is not a PEM private key'),
    });
    expect(`${String(error)} ${(error as { hint: string }).hint}`).not.toContain('not-a-real-key');
    expect(() =>
      createMailer({ transport: memory(), dkim: { ...fixture.dkim, domainName: 'localhost' } }),
    ).toThrow(expect.objectContaining({ code: 'CONFIG' }));
    expect(() =>
      createMailer({ transport: memory(), dkim: { ...fixture.dkim, keySelector: 'a b' } }),
    ).toThrow(expect.objectContaining({ code: 'CONFIG' }));
  });
});
