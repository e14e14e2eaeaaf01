import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/cli/util/progress.js';

function terminal(isTTY: boolean) {
  const stream = Object.assign(new PassThrough(), { isTTY });
  let written = '';
  stream.on('data', (chunk) => {
    written += chunk;
  });
  return { stream, written: () => written };
}

function run(isTTY: boolean, env: NodeJS.ProcessEnv) {
  const t = terminal(isTTY);
  const progress = createProgress(2, t.stream, env);
  progress.tick('welcome');
  progress.tick('receipt');
  progress.done();
  return t.written();
}

describe('createProgress', () => {
  it('draws [n/total] in place on a terminal', () => {
    const written = run(true, {});
    expect(written).toContain('[1/2] welcome');
    expect(written).toContain('[2/2] receipt');
    expect(written.endsWith('\r\u001b[2K')).toBe(true);
  });

  it('stays silent when piped or in CI', () => {
    expect(run(false, {})).toBe('');
    expect(run(true, { CI: 'true' })).toBe('');
  });
});
