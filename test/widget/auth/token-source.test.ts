import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { decodeJwtClaims } from '../../../src/widget/auth/jwt-claims.js';
import { reuseBriefly, tokenFromUrl } from '../../../src/widget/auth/token-source.js';
import { testToken } from '../support/data.js';
import { realHub } from '../support/real-hub.js';

describe('tokenFromUrl', () => {
  it('GETs the URL and returns its "token"', async () => {
    const org = await realHub.organisation();
    const token = await tokenFromUrl(org.tokenUrl('sam'))();
    expect(decodeJwtClaims(token)).to.include({ sub: 'sam', org: org.id, name: org.displayName('sam') });
  });

  it('fails clearly on an HTTP error or a reply without a token', async () => {
    const missing = await tokenFromUrl('/no-such-token-endpoint')().then(
      () => null,
      (e: Error) => e,
    );
    expect(missing!.message).to.contain('HTTP 404');
    // A JSON reply without "token": the hub's health check, cross-origin with credentials as a token-url would be.
    const healthz = `${await realHub.url()}/healthz`;
    const empty = await tokenFromUrl(healthz)().then(
      () => null,
      (e: Error) => e,
    );
    expect(empty!.message).to.equal(`Token response from ${healthz} has no "token"`);
  });
});

describe('reuseBriefly', () => {
  it('shares one token between callers for a while, and one request between concurrent callers', async () => {
    let calls = 0;
    const tokens = reuseBriefly(async () => `token-${++calls}`, 60_000);
    const [a, b] = await Promise.all([tokens(), tokens()]);
    expect([a, b, await tokens()]).to.deep.equal(['token-1', 'token-1', 'token-1']);
    expect(calls).to.equal(1);
  });

  it('asks again once the reuse window passes, and never reuses a token past its expiry', async () => {
    let calls = 0;
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
    try {
      const shortLived = reuseBriefly(() => `token-${++calls}`, 0);
      await shortLived();
      clock.tick(1); // the (empty) reuse window has passed
      expect(await shortLived()).to.equal('token-2');
    } finally {
      clock.restore();
    }

    let expiredCalls = 0;
    const expired = testToken({ sub: 'a', org: 'o', exp: Math.floor(Date.now() / 1000) - 10 });
    const expiring = reuseBriefly(() => {
      expiredCalls++;
      return expired;
    }, 60_000);
    await expiring();
    await expiring();
    expect(expiredCalls).to.equal(2);
  });

  it('does not remember a failure', async () => {
    let calls = 0;
    const tokens = reuseBriefly(async () => {
      calls++;
      if (calls === 1) throw new Error('CRM session expired');
      return 'fresh';
    });
    const failed = await tokens().then(
      () => null,
      (e: Error) => e.message,
    );
    expect(failed).to.equal('CRM session expired');
    expect(await tokens()).to.equal('fresh');
  });
});
