import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { createSigner, generateDkimKeys } from '../../message/dkim.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../util/UsageError.js';

interface KeygenFlags {
  selector: string;
  domain: string;
  bits: string;
  out?: string;
}

/** `mailsmith dkim keygen`: a DKIM key pair and the DNS TXT record that publishes it. */
export default function register(program: Command, ctx: CliContext): void {
  const dkim = program.command('dkim').description('DKIM signing keys');
  dkim
    .command('keygen')
    .description('generate an RSA key pair and print the DNS TXT record to publish')
    .requiredOption('--selector <name>', 'the selector, e.g. s1 (record s1._domainkey.<domain>)')
    .requiredOption('--domain <domain>', 'the signing domain, e.g. acme.cn')
    .option('--bits <n>', 'RSA key size', '2048')
    .option('--out <file>', 'write the private key to this file (mode 600) instead of printing it')
    .action(async (flags: KeygenFlags) => {
      const bits = Number(flags.bits);
      if (!Number.isInteger(bits) || bits < 1024 || bits > 4096) {
        throw new UsageError('--bits must be an integer from 1024 to 4096 (2048 is what providers expect)');
      }
      const keys = generateDkimKeys({ domainName: flags.domain, keySelector: flags.selector, bits });
      // The same checks as createMailer({ dkim }): a record for a name that cannot sign is no use.
      createSigner({ domainName: flags.domain, keySelector: flags.selector, privateKey: keys.privateKey });
      if (flags.out) {
        await writeFile(resolve(ctx.cwd, flags.out), keys.privateKey, { mode: 0o600, flag: 'wx' });
        ctx.stdout.write(
          `private key written to ${flags.out} (keep it secret; pass it as dkim.privateKey)\n\n`,
        );
      } else {
        ctx.stdout.write(`${keys.privateKey}\n`);
      }
      ctx.stdout.write(
        `Publish this DNS TXT record:\n  name:  ${keys.dnsName}\n  value: ${keys.dnsValue}\n\n` +
          `createMailer({ dkim: { domainName: '${flags.domain}', keySelector: '${flags.selector}', privateKey } })\n`,
      );
    });
}
