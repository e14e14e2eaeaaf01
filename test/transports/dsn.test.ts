import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors/ConfigError.js';
import { Dsn, type DsnShape } from '../../src/transports/dsn.js';

const CODE = 'abcd/ef?gh@ij%kl';

describe('Dsn.parse', () => {
  it('takes an smtps URL apart, percent-decoding user and password', () => {
    const dsn = Dsn.parse(`smtps://10001%40qq.com:${encodeURIComponent(CODE)}@smtp.qq.com:465`);
    expect(dsn).toMatchObject({
      scheme: 'smtps',
      user: '10001@qq.com',
      host: 'smtp.qq.com',
      port: 465,
      path: '',
    });
    expect(dsn.password).toBe(CODE);
  });

  it('accepts an unencoded "@" in the user, splitting at the last "@"', () => {
    const dsn = Dsn.parse('qq://10001@qq.com:abcdefghijklmnop@');
    expect(dsn).toMatchObject({ scheme: 'qq', user: '10001@qq.com', host: '', port: undefined });
    expect(dsn.password).toBe('abcdefghijklmnop');
  });

  it('keeps unencoded "?" "/" "@" in a password (credentials end at the last "@")', () => {
    const dsn = Dsn.parse('smtp://me@example.com:p?a/s@s@mx.example.com:587?pool=false');
    expect(dsn.password).toBe('p?a/s@s');
    expect(dsn).toMatchObject({ host: 'mx.example.com', port: 587, options: { pool: false } });
  });

  it('parses schemes WHATWG URL cannot: 163:// and 126://', () => {
    expect(Dsn.parse('163://name@163.com:CODE@').scheme).toBe('163');
    expect(Dsn.parse('126://name%40126.com:CODE@').user).toBe('name@126.com');
  });

  it('coerces query options: "true"/"false" and integers', () => {
    const dsn = Dsn.parse('smtps://u:p@h:465?pool=true&maxConnections=1&name=box.local&debug=false');
    expect(dsn.options).toEqual({ pool: true, maxConnections: 1, name: 'box.local', debug: false });
  });

  it('reads outbox and memory URLs as locations without credentials', () => {
    const out = Dsn.parse('outbox://./mail@box', { credentials: false });
    expect(`${out.host}${out.path}`).toBe('./mail@box');
    expect(out.user).toBeUndefined();
    expect(Dsn.parse('outbox:///tmp/out', { credentials: false }).path).toBe('/tmp/out');
    expect(Dsn.parse('memory://')).toMatchObject({ scheme: 'memory', host: '', path: '' });
  });

  it('accepts an IPv6 host and a dev server without credentials', () => {
    expect(Dsn.parse('smtp://[::1]:1025')).toMatchObject({ host: '[::1]', port: 1025, user: undefined });
    expect(Dsn.parse('SMTP://127.0.0.1:1025').scheme).toBe('smtp');
  });
});

describe('Dsn.parse errors never show the password', () => {
  const fails = (url: string, shape?: DsnShape) => {
    try {
      Dsn.parse(url, shape);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      // The hint too: it is shown to users as much as the message.
      const text = `${(error as Error).message}\n${(error as ConfigError).hint}\n${(error as Error).stack}`;
      expect(text).not.toContain(CODE);
      expect(text).not.toContain(encodeURIComponent(CODE));
      return text;
    }
    throw new Error(`expected ${url} to fail`);
  };

  it('accepts any scheme (the registry decides which exist) but not something that is no URL', () => {
    expect(Dsn.parse('myapi://:token@')).toMatchObject({ scheme: 'myapi', user: undefined, host: '' });
    expect(fails('not a url')).toMatch(/scheme:\/\//);
  });

  it('requires a host when the shape says so', () => {
    const required = { host: 'required' } as const;
    expect(fails(`smtps://u:${encodeURIComponent(CODE)}@`, required)).toMatch(
      /smtps:\/\/u:\*\*\*\*@ has no host/,
    );
    expect(fails('smtp://', required)).toMatch(/has no host/);
  });

  it('rejects a bad port without echoing it', () => {
    expect(fails(`smtps://u:${encodeURIComponent(CODE)}@h:99999`)).toMatch(/99999 is out of range/);
    // A forgotten "@" turns the password into the "port": it must not be echoed.
    const text = fails(`smtps://u@h:${encodeURIComponent(CODE)}`);
    expect(text).toMatch(/Invalid port in smtps:\/\/u@h:…: it is not a number/);
    // The same with an all-digit password: out of range, but still never echoed.
    const digits = fails('smtps://10001@qq.com:20250614');
    expect(digits).toMatch(/Invalid port in smtps:\/\/10001@qq\.com:…: it has more than 5 digits/);
    expect(digits).not.toContain('20250614');
  });

  it('rejects a host on preset schemes (a forgotten trailing "@")', () => {
    expect(fails(`qq://10001@qq.com:${encodeURIComponent(CODE)}`, { host: 'none' })).toMatch(
      /end it with "@"/,
    );
  });
});

describe('Dsn redaction', () => {
  it('prints the URL with the password as ****', () => {
    const dsn = Dsn.parse(`smtps://user:${encodeURIComponent(CODE)}@host:465?pool=false&apiKey=k1`);
    expect(String(dsn)).toBe('smtps://user:****@host:465?pool=false&apiKey=****');
    expect(String(Dsn.parse(`qq://10001@qq.com:${encodeURIComponent(CODE)}@`))).toBe(
      'qq://10001@qq.com:****@',
    );
    expect(String(Dsn.parse('outbox://./outbox'))).toBe('outbox://./outbox');
  });

  it('keeps the password out of JSON and util.inspect', () => {
    const dsn = Dsn.parse(`smtps://user:${encodeURIComponent(CODE)}@host:465`);
    expect(JSON.stringify(dsn)).not.toContain(CODE);
    expect(inspect(dsn, { depth: 5 })).not.toContain(CODE);
  });

  it('round-trips: parsing the printed URL gives the same parts', () => {
    const dsn = Dsn.parse('smtp://a%3Ab@mx.example.com:2525/x?name=n');
    expect(Dsn.parse(String(dsn))).toMatchObject({
      user: 'a:b',
      host: 'mx.example.com',
      port: 2525,
      path: '/x',
    });
  });
});

describe('Dsn.parse with addressesInQuery', () => {
  it('ends credentials before the query, so query values may hold an @', () => {
    const dsn = Dsn.parse('aliyun://KEY:SECRET@cn-hangzhou?accountName=noreply@mail.acme.cn', {
      addressesInQuery: true,
    });
    expect([dsn.user, dsn.password, dsn.host, dsn.options.accountName]).toEqual([
      'KEY',
      'SECRET',
      'cn-hangzhou',
      'noreply@mail.acme.cn',
    ]);
    // Without it, the last @ anywhere ends the credentials (a password may hold "?").
    expect(Dsn.parse('smtps://u:p?x@host:465').password).toBe('p?x');
  });
});
