/**
 * `toMime` (src/message/mime.ts) sets nodemailer's `keepBcc` on the compiled MIME node, a field
 * nodemailer does not document for MailComposer. package.json pins nodemailer to one minor; these
 * tests fail loudly if an upgrade renames or ignores it.
 */
import { createRequire } from 'node:module';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { describe, expect, it } from 'vitest';

const BUMP = "nodemailer's MimeNode.keepBcc changed: re-check toMime in src/message/mime.ts before bumping";
const mail = { from: 'a@qq.com', to: 'b@qq.com', bcc: 'audit@qq.com', subject: 's', text: 't' };

async function build(keepBcc: boolean): Promise<string> {
  const node = new MailComposer(mail).compile() as unknown as {
    keepBcc?: boolean;
    build(cb: (error: Error | null, source: Buffer) => void): void;
  };
  expect('keepBcc' in node, BUMP).toBe(true);
  expect(node.keepBcc, BUMP).toBe(false);
  if (keepBcc) node.keepBcc = true;
  return new Promise((resolve, reject) =>
    node.build((error, source) => (error ? reject(error) : resolve(source.toString()))),
  );
}

describe("nodemailer's keepBcc used by toMime", () => {
  it('is the pinned minor version', () => {
    const require = createRequire(import.meta.url);
    const { version } = require('nodemailer/package.json') as { version: string };
    const pinned = (require('../../package.json') as { dependencies: Record<string, string> }).dependencies
      .nodemailer;
    expect(pinned, 'pin nodemailer to a minor (~10.6.x): toMime sets its MimeNode.keepBcc').toMatch(
      /^~10\.6\./,
    );
    expect(version, BUMP).toMatch(/^10\.6\./);
  });

  it('drops Bcc by default and keeps it when the field is set', async () => {
    expect(await build(false), BUMP).not.toMatch(/^Bcc:/m);
    expect(await build(true), BUMP).toMatch(/^Bcc: audit@qq\.com\r?$/m);
  });
});
