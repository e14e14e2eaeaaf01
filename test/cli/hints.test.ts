import { describe, expect, it } from 'vitest';
import { printError } from '../../src/cli/util/output.js';
import { ConfigError } from '../../src/errors/ConfigError.js';
import { InvalidAddressError } from '../../src/errors/InvalidAddressError.js';

/** What printError writes for an error, as a user of the CLI reads it. */
function printed(error: unknown): string {
  let text = '';
  const stream = {
    write(chunk: string) {
      text += chunk;
      return true;
    },
  };
  printError(error, stream as never);
  return text;
}

describe('CLI hints name CLI flags and files, not createMailer() options', () => {
  it('a missing sender: --from', () => {
    const out = printed(
      new ConfigError('No sender for smtp://h:587', {
        hint: 'pass "from" to createMailer() or send(), or set MAILSMITH_FROM',
      }),
    );
    expect(out).toContain('hint: pass --from <addr>, or set MAILSMITH_FROM\n');
    expect(out).not.toContain('createMailer');
  });

  it('a bad recipient: --to', () => {
    expect(printed(new InvalidAddressError('to', 'x', 'no address found'))).toContain(
      'hint: pass --to as "name@example.com" or "Name <name@example.com>"',
    );
  });
});
