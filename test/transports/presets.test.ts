import { describe, expect, it } from 'vitest';
import { PRESET_NAMES, PRESETS } from '../../src/transports/presets.js';

describe('PRESETS', () => {
  it('holds the provider hosts on 465 with implicit TLS and a sender check', () => {
    expect([...PRESET_NAMES].sort()).toEqual(Object.keys(PRESETS).sort());
    expect(PRESET_NAMES.map((n) => PRESETS[n]).map((p) => [p.name, p.host, p.port, p.secure])).toEqual([
      ['qq', 'smtp.qq.com', 465, true],
      ['exmail', 'smtp.exmail.qq.com', 465, true],
      ['163', 'smtp.163.com', 465, true],
      ['126', 'smtp.126.com', 465, true],
      ['aliyun-dm', 'smtpdm.aliyun.com', 465, true],
      ['tencent-ses', 'smtp.qcloudmail.com', 465, true],
    ]);
    for (const p of Object.values(PRESETS)) expect(p.senderMustMatchUser).toBe(true);
    // Mailbox providers rate-limit per connection: few connections and a slow default pace.
    for (const name of ['qq', 'exmail', '163', '126'] as const) {
      expect(PRESETS[name].maxConnections).toBeLessThanOrEqual(2);
      expect(PRESETS[name].defaultRateLimit).toEqual({ messages: 1, perMs: 2000 });
    }
  });

  it('explains what the password must be', () => {
    expect(PRESETS.qq.credentialsHint).toMatch(/16-character 授权码.*not your QQ password/);
    expect(PRESETS.exmail.credentialsHint).toMatch(/客户端专用密码/);
    expect(PRESETS['163'].credentialsHint).toMatch(/授权码/);
  });
});
