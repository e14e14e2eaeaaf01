import { describe, expect, it } from 'vitest';
import { previewScenarios } from '../../src/render/preview.js';

describe('previewScenarios', () => {
  it('wraps a single sample object as the default scenario', () => {
    expect(previewScenarios({ name: 'Ada', user: { id: 1 } })).toEqual({
      default: { name: 'Ada', user: { id: 1 } },
    });
  });

  it('keeps named scenarios that include a default', () => {
    const named = { default: { name: 'Ada' }, 'long-names': { name: 'A'.repeat(80) } };
    expect(previewScenarios(named)).toEqual(named);
  });

  it('treats an object with a non-object `default` field as one sample', () => {
    const data = { default: 'yes', other: { a: 1 } };
    expect(previewScenarios(data)).toEqual({ default: data });
  });

  it('returns no scenarios without preview data', () => {
    expect(previewScenarios(undefined)).toEqual({});
  });
});
