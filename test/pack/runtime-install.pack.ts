// The production promise, end to end: the packed tarball installed with --omit=dev --omit=optional
// (as examples/production/Dockerfile does) fits in 15 MB, holds no compiler or dev tool, and sends a
// prebuilt module through outbox://. Slow (npm pack builds dist/, npm install), so it runs as its own
// CI step: `npm run test:pack` (see .ci/run), not in `npm test`.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTemplates } from '../../src/build/index.js';
import { installedSize, mb, npmInstall, packTarball } from '../helpers/pack.js';

const run = promisify(execFile);
const example = fileURLToPath(new URL('../../examples/production', import.meta.url));

/** Packages a production install must not contain: the compiler and the dev tools. */
const TOOLS = [
  'mjml',
  'juice',
  'html-to-text',
  'cheerio',
  'smtp-server',
  'mailparser',
  'chokidar',
  'commander',
  'jiti',
];

let dir: string;
let app: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mailsmith-pack-'));
  app = join(dir, 'app');
  const tarball = await packTarball(dir);
  await mkdir(app);
  await cp(join(example, 'app.js'), join(app, 'app.js'));
  await cp(join(example, 'templates'), join(app, 'templates'), { recursive: true });
  const pkg = JSON.parse(await readFile(join(example, 'package.json'), 'utf8'));
  pkg.dependencies.mailsmith = `file:${tarball}`;
  await writeFile(join(app, 'package.json'), JSON.stringify(pkg, null, 2));
  // The Dockerfile's build stage: the full toolchain compiles templates/ into the module.
  const built = await buildTemplates(join(app, 'templates'), { version: 'pack-test', source: 'templates' });
  await writeFile(join(app, 'mail.compiled.js'), built.code);
  await writeFile(join(app, 'mail.compiled.d.ts'), built.declaration);
  // The runtime stage.
  await npmInstall(app, { runtimeOnly: true });
}, 600_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('npm install --omit=optional mailsmith (packed tarball)', () => {
  it('installs the runtime only: nodemailer, the Handlebars runtime and what they need, ≤ 15 MB', async () => {
    const size = await installedSize(app);
    console.log(
      `runtime-only install: ${mb(size.bytes)} MB, ${size.packages} packages: ${size.names.join(', ')}`,
    );
    expect(size.bytes).toBeLessThanOrEqual(15 * 2 ** 20);
    expect(size.names).toContain('mailsmith');
    expect(size.names).toContain('nodemailer');
    expect(size.names).toContain('handlebars');
    expect(TOOLS.filter((name) => size.names.includes(name))).toEqual([]);
  });

  it('runs the example app: a prebuilt module sent through outbox://', async () => {
    const { stdout } = await run(process.execPath, ['app.js'], {
      cwd: app,
      env: {
        PATH: process.env.PATH,
        MAILSMITH_TRANSPORT: 'outbox://./outbox',
        MAILSMITH_FROM: '"Shop" <shop@example.com>',
      },
    });
    expect(stdout).toMatch(/^sent <[^>]+>\n$/);
    const files = (await readdir(join(app, 'outbox'))).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(1);
    const eml = await readFile(join(app, 'outbox', files[0]!), 'utf8');
    expect(eml).toContain('Subject: Order A-1042 has shipped');
    expect(eml).toContain('To: ada@example.com');
    expect(eml).toContain('https://example.com/track/A-1042');
  });

  it('meeting a template folder instead, fails with CONFIG: install the compiler or use mailsmith build', async () => {
    const script = `
      import { createMailer } from 'mailsmith';
      const mailer = createMailer({ templates: './templates', transport: 'memory://' });
      try { await mailer.render('order-shipped', {}); console.log('rendered'); }
      catch (error) { console.log(JSON.stringify({ code: error.code, message: error.message, hint: error.hint })); }`;
    await writeFile(join(app, 'source.mjs'), script);
    const { stdout } = await run(process.execPath, ['source.mjs'], { cwd: app });
    const error = JSON.parse(stdout);
    expect(error.code).toBe('CONFIG');
    expect(error.message).toMatch(
      /^Compiling (MJML )?templates( from source)? needs the package "(mjml|juice|html-to-text|intl-messageformat)", which is not installed/,
    );
    expect(error.hint).toContain('npx mailsmith build');
  });

  it('running the CLI there says it is a development tool, not a module-not-found trace', async () => {
    const bin = join(app, 'node_modules/.bin/mailsmith');
    const failure = await run(bin, ['--help'], { cwd: app }).then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(
      /^error \[CONFIG\]: the mailsmith CLI needs the package "[^"]+", which is not installed\n/,
    );
    expect(failure?.stderr).toContain('--omit=optional');
    expect(failure?.stderr).not.toContain('ERR_MODULE_NOT_FOUND');
  });
});
