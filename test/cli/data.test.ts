import { describe, expect, it } from 'vitest';
import { previewData } from '../../src/cli/util/data.js';
import { UsageError } from '../../src/cli/util/UsageError.js';

const compiled = { preview: { default: { name: 'Ada' }, grace: { name: 'Grace' } } };

describe('previewData', () => {
  it('returns the named scenario, else the default one', () => {
    expect(previewData('hello', compiled, 'grace')).toEqual({ name: 'Grace' });
    expect(previewData('hello', compiled)).toEqual({ name: 'Ada' });
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'])(
    'treats %s as an unknown scenario, not a member of Object.prototype',
    (name) => {
      const error = (() => {
        try {
          previewData('hello', compiled, name);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).message).toContain(`no preview scenario "${name}"`);
    },
  );
});
