import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import { generateDkimKeys } from '../../src/message/dkim.js';

/** A throwaway DKIM key for acme.test and a verifier whose DNS answers only its record. */
export function dkimFixture(selector = 's1', domain = 'acme.test') {
  const keys = generateDkimKeys({ domainName: domain, keySelector: selector, bits: 1024 });
  const resolver = async (name: string, type: string) => {
    if (type === 'TXT' && name === keys.dnsName) return [[keys.dnsValue]];
    throw Object.assign(new Error(`no ${type} record for ${name}`), { code: 'ENOTFOUND' });
  };
  return {
    keys,
    dkim: { domainName: domain, keySelector: selector, privateKey: keys.privateKey },
    /** The verifier's result for each signature in the message: `pass`, `fail`, `neutral`… */
    async verify(raw: Buffer | string): Promise<{ status: string; domain: string; selector?: string }[]> {
      const { results } = await dkimVerify(raw, { resolver });
      return results.map((r) => ({
        status: r.status.result,
        domain: r.signingDomain,
        selector: r.selector,
      }));
    },
  };
}
