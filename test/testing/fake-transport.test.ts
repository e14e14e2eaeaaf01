import { describe, expect, it } from 'vitest';
import { TransportError } from '../../src/errors/TransportError.js';
import { fakeTransport } from '../../src/testing/index.js';
import { fixtureMailer } from './fixtures.js';

const QQ_535 =
  '535 Login Fail. Please enter your authorization code to login. More information in ' +
  'http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=28&&no=1001256';
const data = { name: 'Ada', verifyUrl: 'https://acme.example/verify?token=t1' };

function setup(fail?: Parameters<typeof fakeTransport>[0]) {
  const transport = fakeTransport(fail);
  const mailer = fixtureMailer({ transport });
  const send = (to = 'ada@163.com') => mailer.send('welcome', data, { to });
  return { transport, mailer, send };
}

async function failure(promise: Promise<unknown>): Promise<TransportError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TransportError);
  return error as TransportError;
}

describe('fakeTransport', () => {
  it('records successful sends and answers like a transport', async () => {
    const { transport, send } = setup();
    const result = await send();
    expect(result).toMatchObject({
      accepted: ['ada@163.com'],
      rejected: [],
      response: '250 Accepted (fake transport)',
    });
    expect(transport.outbox.map((m) => m.to)).toEqual([['ada@163.com']]);
    expect(transport.messages).toHaveLength(1);
    expect(transport.attempts).toBe(1);
    expect(String(transport)).toBe('fake://');
  });

  it('fails the Nth send with a retryable 451 by default, recording nothing for it', async () => {
    const { transport, send } = setup({ fail: 2 });
    await send('a@163.com');
    const error = await failure(send('b@163.com'));
    expect(error).toMatchObject({
      code: 'TRANSPORT',
      retryable: true,
      responseCode: 451,
      response: '451 4.3.0 Temporary failure',
      command: 'DATA',
    });
    await send('c@163.com');
    expect(transport.outbox.map((m) => m.to[0])).toEqual(['a@163.com', 'c@163.com']);
    expect(transport.messages).toHaveLength(2);
    expect(transport.attempts).toBe(3);
  });

  it("turns QQ's 535 into the AUTH_FAILED error production throws, through the real classifier", async () => {
    const { transport, send } = setup({ fail: { responseCode: 535, response: QQ_535 }, provider: 'qq' });
    const error = await failure(send());
    expect(error).toMatchObject({
      code: 'AUTH_FAILED',
      retryable: false,
      responseCode: 535,
      response: QQ_535,
      command: 'AUTH PLAIN',
      transport: 'fake://',
    });
    expect(error.hint).toContain('授权码');
    expect(transport.outbox).toHaveLength(0);
    expect(transport.messages).toHaveLength(0);
  });

  it('fails sends to matching recipients: string, RegExp or predicate, in to, cc or bcc', async () => {
    const { transport, mailer } = setup({
      fail: [{ to: 'Blocked@163.com' }, { to: /@spam\.example$/g }, { to: (a) => a.startsWith('nobody') }],
    });
    const send = (options: { to: string; cc?: string; bcc?: string }) =>
      mailer.send('welcome', data, options);
    const rejected = await failure(send({ to: 'blocked@163.com' }));
    expect(rejected).toMatchObject({ code: 'RECIPIENT_REJECTED', responseCode: 550, command: 'RCPT TO' });
    expect(rejected.response).toBe('550 Mailbox not found.');
    // A global RegExp keeps lastIndex between tests; the rule must match every time anyway.
    await failure(send({ to: 'ok@163.com', cc: 'x@spam.example' }));
    await failure(send({ to: 'ok@163.com', bcc: 'y@spam.example' }));
    await failure(send({ to: 'nobody@qq.com' }));
    await send({ to: 'ok@163.com' });
    expect(transport.outbox.map((m) => m.to)).toEqual([['ok@163.com']]);
  });

  it('combines nth and to, and fires a rule at most `times` times', async () => {
    const { transport, send } = setup({
      fail: [
        { nth: [1, 3], to: /@qq\.com$/ },
        { responseCode: 451, times: 1 },
      ],
    });
    await failure(send('a@qq.com')); // 1st: nth+to rule
    await failure(send('b@163.com')); // 2nd: the once-only 451
    await send('c@163.com'); // 3rd: nth matches, recipient does not
    await send('d@qq.com'); // 4th
    expect(transport.outbox.map((m) => m.to[0])).toEqual(['c@163.com', 'd@qq.com']);
  });

  it('uses the given command and reply, and throws a given error as is', async () => {
    const { transport, send } = setup({
      fail: [
        { nth: 1, responseCode: 550, response: '550 Mail content denied.', command: 'DATA' },
        { nth: 2, error: new RangeError('queue full') },
      ],
    });
    expect(await failure(send())).toMatchObject({ code: 'CONTENT_REJECTED', retryable: false });
    await expect(send()).rejects.toThrowError('queue full');
    expect(transport.outbox).toHaveLength(0);
  });

  it('takes the reply code from a reply line given alone, as a real server sends it', async () => {
    const { send } = setup({ fail: { response: QQ_535 }, provider: 'qq' });
    expect(await failure(send())).toMatchObject({
      code: 'AUTH_FAILED',
      retryable: false,
      responseCode: 535,
      command: 'AUTH PLAIN',
    });
  });

  it('matches a `to` rule written with a display name', async () => {
    const { send } = setup({ fail: { to: '"Ada" <Ada@163.com>' } });
    expect(await failure(send('ada@163.com'))).toMatchObject({ code: 'RECIPIENT_REJECTED' });
  });

  it.each([
    [0, /nth must be a send number from 1/],
    [{ nth: [1, -2] }, /nth must be a send number from 1/],
    [{ times: 0 }, /times must be a whole number from 1/],
    [{ responseCode: 250 }, /responseCode must be an SMTP failure code/],
    [{ response: 'Try again later' }, /start response with its 4xx\/5xx code/],
  ])('refuses a rule that could never fail a send: %o', (fail, reason) => {
    expect(() => fakeTransport({ fail: fail as never })).toThrow(
      expect.objectContaining({ code: 'CONFIG', message: expect.stringMatching(reason) }),
    );
  });

  it('clear() empties the outbox and restarts the count; failWith() adds rules later', async () => {
    const { transport, mailer, send } = setup({ fail: { nth: 1, responseCode: 451, times: 1 } });
    await failure(send());
    await send();
    mailer.outbox.clear();
    expect(transport.outbox).toHaveLength(0);
    expect(transport.messages).toHaveLength(0);
    expect(transport.attempts).toBe(0);
    await failure(send()); // nth 1 again, and `times` restarted
    transport.failWith({ responseCode: 535 });
    expect((await failure(send())).code).toBe('AUTH_FAILED');
  });

  it('keeps concurrent sends apart', async () => {
    const { transport, send } = setup();
    await Promise.all(['a@qq.com', 'b@qq.com', 'c@qq.com'].map((to) => send(to)));
    expect(transport.outbox.map((m) => m.to[0]).sort()).toEqual(['a@qq.com', 'b@qq.com', 'c@qq.com']);
    expect(new Set(transport.outbox.map((m) => m.messageId)).size).toBe(3);
  });
});
