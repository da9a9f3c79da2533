import { expect } from '@open-wc/testing';
import { decodeJwtClaims } from '../../../src/widget/auth/jwt-claims.js';
import { testToken } from '../support/data.js';

describe('decodeJwtClaims', () => {
  it('reads sub, org, name and roles from a base64url payload (UTF-8 names included)', () => {
    const token = testToken({
      sub: 'agent-7',
      org: 'org-3',
      name: 'Zoë Ångström ✓',
      roles: ['agent'],
      exp: 2_000_000_000,
    });
    expect(decodeJwtClaims(token)).to.deep.equal({
      sub: 'agent-7',
      org: 'org-3',
      name: 'Zoë Ångström ✓',
      roles: ['agent'],
      exp: 2_000_000_000,
    });
  });

  it('decodes payloads that use the URL-safe alphabet', () => {
    // "???" and "~~~" encode to base64 with "/" and "+", which base64url writes as "_" and "-".
    const token = testToken({ sub: '???>>>', org: '~~~' });
    expect(token.split('.')[1]).to.match(/[-_]/);
    expect(decodeJwtClaims(token)).to.include({ sub: '???>>>', org: '~~~' });
  });

  it('returns null for anything that is not a JWT with sub and org', () => {
    expect(decodeJwtClaims('')).to.equal(null);
    expect(decodeJwtClaims('opaque-token')).to.equal(null);
    expect(decodeJwtClaims('a.b!!.c')).to.equal(null);
    expect(decodeJwtClaims(testToken({ sub: 'agent-1' }))).to.equal(null);
  });
});
