import { describe, expect, it } from 'vitest';
import { testTransport } from '../../src/testing/index.js';
import { memory } from '../../src/transports/memory.js';

describe('testTransport', () => {
  it("asks for the runner's describe/it when there are no globals", () => {
    expect(() => testTransport(() => memory())).toThrowError(
      "testTransport() needs the runner's describe and it: pass { describe, it } from 'vitest' or 'node:test'",
    );
  });

  it('registers its tests with the describe/it it is given', () => {
    const names: string[] = [];
    testTransport(() => memory(), {
      title: 'suite',
      describe: (name, body) => {
        names.push(name);
        body();
      },
      it: (name) => names.push(name),
    });
    expect(names).toEqual([
      'suite',
      'has a name and a toString() without secrets',
      'sends text, HTML, attachments, a unicode subject and unicode names, and reports the result',
      'delivers concurrent sends independently',
      'verifies when it can, sends after verify, and closes cleanly (twice)',
      'refuses each feature it does not declare with CONFIG, sending nothing',
    ]);
  });
});
