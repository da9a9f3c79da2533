// Credentials at the HTTP edge: an agent token for an organisation this hub does not serve is refused by every
// route (as SignalR refuses it), tokens must expire within the configured lifetime, and a request with a bad
// credential is refused before its body is read.
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { issueAgentToken, verifyAgentToken } from '../../../src/hub/auth/agent-token.js';
import { parcelPng } from '../../../demo/sample-image.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const HOUR = 3600;

describe('HTTP credentials', () => {
  let t: TestHub;
  before(async () => {
    t = await startTestHub();
  });
  after(() => t.close());

  const upload = (token: string) =>
    fetch(`${t.url}/api/attachments?name=parcel.png`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' },
      body: new Uint8Array(parcelPng()),
    });
  const negotiate = (token: string) =>
    fetch(`${t.url}/hub/negotiate?negotiateVersion=1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
  /** A token signed with the hub's secret, with exactly these time claims (seconds since the epoch). */
  const tokenWith = async (claims: { iat?: number; exp?: number }) => {
    let jwt = new SignJWT({ org: 'contoso', roles: ['agent'], ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setIssuer(t.config.auth.issuer)
      .setAudience(t.config.auth.audience);
    if (claims.iat === undefined) jwt = jwt.setIssuedAt();
    return jwt.sign(new TextEncoder().encode(t.config.auth.jwtSecret));
  };
  const now = () => Math.floor(Date.now() / 1000);

  it('refuses on HTTP routes a token for an organisation the hub does not serve: 403 naming it, never 500', async () => {
    const umbrella = await issueAgentToken(
      t.config.auth,
      { agentId: 'mallory', organisationId: 'umbrella', displayName: 'M', roles: ['agent'] },
      600,
    );
    const answer = await upload(umbrella);
    assert.equal(answer.status, 403, await answer.clone().text());
    const body = (await answer.json()) as { error: string; message: string };
    assert.equal(body.error, 'forbidden');
    assert.match(body.message, /umbrella/);
    assert.equal((await upload(await t.tokenFor('alice'))).status, 201, 'a served organisation’s agent still uploads');
  });

  it('refuses tokens without exp, or valid for longer than the configured lifetime (12 h by default)', async () => {
    const cases: Array<[string, { iat?: number; exp?: number }]> = [
      ['no exp', {}],
      ['valid for five years', { iat: now(), exp: now() + 5 * 365 * 24 * HOUR }],
      ['no iat, expiring in a year', { iat: undefined, exp: now() + 365 * 24 * HOUR }],
      ['issued in the future', { iat: now() + 365 * 24 * HOUR, exp: now() + 365 * 24 * HOUR + HOUR }],
    ];
    for (const [label, claims] of cases) {
      const token =
        label === 'no iat, expiring in a year' ? await tokenWithoutIat(claims.exp!) : await tokenWith(claims);
      assert.equal((await negotiate(token)).status, 401, `${label} (SignalR)`);
      const refused = await upload(token);
      assert.equal(refused.status, 401, `${label} (HTTP)`);
      assert.equal(((await refused.json()) as { error: string }).error, 'unauthorized', label);
    }
    assert.equal(
      (await negotiate(await tokenWith({ iat: now(), exp: now() + 12 * HOUR }))).status,
      200,
      'twelve hours is allowed',
    );
  });

  async function tokenWithoutIat(exp: number): Promise<string> {
    return new SignJWT({ org: 'contoso', roles: ['agent'], exp })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setIssuer(t.config.auth.issuer)
      .setAudience(t.config.auth.audience)
      .sign(new TextEncoder().encode(t.config.auth.jwtSecret));
  }

  it('caps the lifetime at what the configuration says', async () => {
    const settings = { ...t.config.auth, maxLifetimeSeconds: HOUR };
    const agent = { agentId: 'alice', organisationId: 'contoso', displayName: 'Alice', roles: ['agent'] };
    assert.ok(await verifyAgentToken(settings, await issueAgentToken(settings, agent, HOUR)));
    assert.equal(await verifyAgentToken(settings, await issueAgentToken(settings, agent, 2 * HOUR)), null);
  });

  /**
   * Sends the headers and the first part of a large body, then holds the rest back: the answer must come while the
   * client is still sending, which proves the credential was checked before the body was read.
   */
  function answerBeforeBodyEnds(path: string, headers: Record<string, string>, declaredBytes: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const url = new URL(t.url + path);
      const req = httpRequest({
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { ...headers, 'content-length': String(declaredBytes) },
      });
      req.on('response', (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
      req.write(Buffer.alloc(64 * 1024, 0x20));
      // the rest of the body is never sent: a server waiting for it would never answer (the test times out)
    });
  }

  it('refuses an outbound request with a bad API key before reading its (large) body', async () => {
    const status = await answerBeforeBodyEnds(
      '/api/outbound/some-configuration/send',
      { authorization: 'Bearer not-a-key', 'content-type': 'application/json' },
      900 * 1024,
    );
    assert.equal(status, 401);
  });

  it('refuses an upload with a bad agent token before reading its (large) body', async () => {
    const status = await answerBeforeBodyEnds(
      '/api/attachments?name=big.png',
      { authorization: 'Bearer not-a-token', 'content-type': 'image/png' },
      4 * 1024 * 1024,
    );
    assert.equal(status, 401);
  });
});
