import { createHash, createHmac } from 'node:crypto';

// Request signing for the three cloud APIs, by hand with node:crypto: each algorithm is a page of
// documentation and a dozen lines here, where the official SDKs weigh megabytes (see README "Providers").

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** A request to sign: method, URL, headers (any case) and the body as sent. */
export interface SignableRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** RFC 3986 encoding as AWS and Aliyun define it: everything but A-Z a-z 0-9 - _ . ~ is %XX. */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * AWS Signature Version 4: returns the `authorization` header for a request that already carries
 * `host` and `x-amz-date` (and `x-amz-security-token` for temporary credentials). Every header given
 * is signed.
 *
 * @example
 * headers.authorization = sigV4({ method: 'POST', url, headers, body }, { region: 'us-east-1', service: 'ses', accessKeyId, secretAccessKey });
 */
export function sigV4(
  request: SignableRequest,
  scope: { region: string; service: string; accessKeyId: string; secretAccessKey: string },
): string {
  const url = new URL(request.url);
  const headers = Object.entries(request.headers)
    .map(([k, v]) => [k.toLowerCase(), v.trim().replace(/\s+/g, ' ')] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const amzDate = headers.find(([k]) => k === 'x-amz-date')?.[1] ?? '';
  const date = amzDate.slice(0, 8);
  const path =
    url.pathname
      .split('/')
      .map((s) => rfc3986(decodeURIComponent(s)))
      .join('/') || '/';
  const query = [...url.searchParams]
    .map(([k, v]) => [rfc3986(k), rfc3986(v)])
    .sort(([a = ''], [b = '']) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const signed = headers.map(([k]) => k).join(';');
  const canonical = [
    request.method.toUpperCase(),
    path,
    query,
    headers.map(([k, v]) => `${k}:${v}\n`).join(''),
    signed,
    sha256(request.body),
  ].join('\n');
  const credentialScope = `${date}/${scope.region}/${scope.service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, credentialScope, sha256(canonical)].join('\n');
  const kDate = hmac(`AWS4${scope.secretAccessKey}`, date);
  const kSigning = hmac(hmac(hmac(kDate, scope.region), scope.service), 'aws4_request');
  const signature = createHmac('sha256', kSigning).update(toSign).digest('hex');
  return `AWS4-HMAC-SHA256 Credential=${scope.accessKeyId}/${credentialScope}, SignedHeaders=${signed}, Signature=${signature}`;
}

/** `20150830T123600Z`, the form of `x-amz-date`. */
export function amzDate(at: Date): string {
  return at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/**
 * Tencent Cloud API 3.0 signature (TC3-HMAC-SHA256) for a JSON POST to `/`: signs `content-type` and
 * `host`, with the date of `timestamp` (seconds, UTC) in the credential scope. Returns the
 * `authorization` header.
 */
export function tc3(
  request: { host: string; contentType: string; body: string; timestamp: number },
  scope: { service: string; secretId: string; secretKey: string },
): string {
  const date = new Date(request.timestamp * 1000).toISOString().slice(0, 10);
  const canonical = [
    'POST',
    '/',
    '',
    `content-type:${request.contentType}\nhost:${request.host}\n`,
    'content-type;host',
    sha256(request.body),
  ].join('\n');
  const credentialScope = `${date}/${scope.service}/tc3_request`;
  const toSign = ['TC3-HMAC-SHA256', String(request.timestamp), credentialScope, sha256(canonical)].join(
    '\n',
  );
  const kSigning = hmac(hmac(hmac(`TC3${scope.secretKey}`, date), scope.service), 'tc3_request');
  const signature = createHmac('sha256', kSigning).update(toSign).digest('hex');
  return `TC3-HMAC-SHA256 Credential=${scope.secretId}/${credentialScope}, SignedHeaders=content-type;host, Signature=${signature}`;
}

/**
 * Alibaba Cloud RPC signature (SignatureVersion 1.0, HMAC-SHA1): the sorted, RFC 3986-encoded
 * parameters, signed with `secret + "&"`. Returns the `Signature` parameter's value.
 */
export function aliyunRpcSignature(method: string, params: Record<string, string>, secret: string): string {
  const canonical = Object.keys(params)
    .sort()
    .map((k) => `${rfc3986(k)}=${rfc3986(params[k] as string)}`)
    .join('&');
  const toSign = `${method.toUpperCase()}&${rfc3986('/')}&${rfc3986(canonical)}`;
  return createHmac('sha1', `${secret}&`).update(toSign).digest('base64');
}
