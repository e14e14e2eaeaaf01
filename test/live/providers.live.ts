import { afterAll, describe, expect, it } from 'vitest';
import { buildMessage, prepareEnvelope } from '../../src/message/compose.js';
import { aliyun } from '../../src/transports/aliyun.js';
import { resend } from '../../src/transports/resend.js';
import { ses } from '../../src/transports/ses.js';
import { tencent } from '../../src/transports/tencent.js';
import type { Transport } from '../../src/types.js';

// Live smoke test: one real message through each provider whose credentials are in the environment
// (see README "Providers" → "Live smoke test"). Providers without them are skipped with a notice.
// Run by `npm run test:live` only, never by `npm test` or CI.

const env = process.env;
const to = env.MAILSMITH_LIVE_TO;

interface Live {
  name: string;
  needs: string[];
  from: () => string;
  transport: () => Transport;
  template?: string;
}

const providers: Live[] = [
  {
    name: 'resend',
    needs: ['RESEND_API_KEY', 'MAILSMITH_LIVE_RESEND_FROM'],
    from: () => env.MAILSMITH_LIVE_RESEND_FROM as string,
    transport: () => resend(),
  },
  {
    name: 'ses',
    needs: ['AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'MAILSMITH_LIVE_SES_FROM'],
    from: () => env.MAILSMITH_LIVE_SES_FROM as string,
    transport: () => ses(),
  },
  {
    name: 'aliyun',
    needs: [
      'ALIBABA_CLOUD_ACCESS_KEY_ID',
      'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
      'MAILSMITH_LIVE_ALIYUN_ACCOUNT',
    ],
    from: () => env.MAILSMITH_LIVE_ALIYUN_ACCOUNT as string,
    transport: () =>
      aliyun({
        accountName: env.MAILSMITH_LIVE_ALIYUN_ACCOUNT as string,
        region: env.MAILSMITH_LIVE_ALIYUN_REGION,
      }),
  },
  {
    name: 'tencent',
    needs: [
      'TENCENTCLOUD_SECRET_ID',
      'TENCENTCLOUD_SECRET_KEY',
      'MAILSMITH_LIVE_TENCENT_FROM',
      'MAILSMITH_LIVE_TENCENT_TEMPLATE',
    ],
    from: () => env.MAILSMITH_LIVE_TENCENT_FROM as string,
    template: 'live',
    transport: () =>
      tencent({
        region: env.MAILSMITH_LIVE_TENCENT_REGION,
        templates: { live: Number(env.MAILSMITH_LIVE_TENCENT_TEMPLATE) },
      }),
  },
];

const open: Transport[] = [];
afterAll(async () => {
  for (const t of open) await t.close?.();
});

for (const p of providers) {
  const missing = [...(to ? [] : ['MAILSMITH_LIVE_TO']), ...p.needs.filter((k) => !env[k])];
  if (missing.length) {
    console.info(`[live] ${p.name}: skipped, set ${missing.join(', ')} to send one real message`);
  }
  describe.skipIf(missing.length > 0)(`live: ${p.name}`, () => {
    it('verifies its credentials and sends one message', async () => {
      const transport = p.transport();
      open.push(transport);
      await transport.verify?.();
      const envelope = await prepareEnvelope(p.from(), { to });
      const message = buildMessage(
        envelope,
        {
          subject: `mailsmith live smoke test (${p.name}) ${new Date().toISOString()}`,
          html: `<p>Sent by mailsmith's live smoke test through <b>${p.name}</b>.</p>`,
          text: `Sent by mailsmith's live smoke test through ${p.name}.`,
        },
        { template: p.template ?? 'live-smoke', data: { provider: p.name } },
      );
      const result = await transport.send(message);
      console.info(`[live] ${p.name}: ${result.response}`);
      expect(result.accepted).toEqual([to?.toLowerCase()]);
    });
  });
}
