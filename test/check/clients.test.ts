import { describe, expect, it } from 'vitest';
import { describeClients } from '../../src/check/clients.js';

describe('describeClients', () => {
  it('groups caniemail ids by family with readable names', () => {
    expect(describeClients(['gmail.ios', 'outlook.windows', 'gmail.android', 'apple-mail.macos'])).toBe(
      'Gmail (iOS, Android), Outlook (Windows), Apple Mail (macOS)',
    );
  });
});
