// Who may connect: JWTs checked on negotiate and on every transport request; the demo token endpoint.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { invoke } from '../support/hub-client.js';
import { issueAgentToken } from '../../../src/hub/auth/agent-token.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

describe('hub authentication', () => {
  let t: TestHub;
  before(async () => {
    t = await startTestHub();
  });
  after(() => t.close());

  const negotiate = (token?: string) =>
    fetch(`${t.url}/hub/negotiate?negotiateVersion=1`, {
      method: 'POST',
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  it('lets a valid token negotiate', async () => {
    const response = await negotiate(await t.tokenFor('alice'));
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.ok(body.connectionToken && body.connectionId);
  });

  it('answers 401 with a JSON body for a missing, forged, expired or foreign token', async () => {
    const forged = await new SignJWT({ org: 'contoso', roles: ['agent'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setIssuer(t.config.auth.issuer)
      .setAudience(t.config.auth.audience)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('some-other-secret-that-is-long-enough-000'));
    const expired = await issueAgentToken(
      t.config.auth,
      { agentId: 'alice', organisationId: 'contoso', displayName: 'A', roles: ['agent'] },
      -60,
    );
    const unknownOrg = await issueAgentToken(
      t.config.auth,
      { agentId: 'mallory', organisationId: 'umbrella', displayName: 'M', roles: ['agent'] },
      600,
    );
    for (const [label, token] of [
      ['missing', undefined],
      ['forged', forged],
      ['expired', expired],
      ['unknown organisation', unknownOrg],
      ['garbage', 'abc.def.ghi'],
    ] as const) {
      const response = await negotiate(token);
      assert.equal(response.status, 401, label);
      assert.equal((await response.json()).error, 'unauthorized', label);
    }
  });

  it('refuses a transport request made with another agent’s token', async () => {
    const body = await (await negotiate(await t.tokenFor('alice'))).json();
    const bobToken = await t.tokenFor('bob');
    const poll = await fetch(`${t.url}/hub?id=${body.connectionToken}&_=1`, {
      headers: { authorization: `Bearer ${bobToken}` },
    });
    assert.equal(poll.status, 401);
    const noToken = await fetch(`${t.url}/hub?id=${body.connectionToken}&_=2`);
    assert.equal(noToken.status, 401);
  });

  it('answers CORS preflights only for allowed host origins, with credentials', async () => {
    const preflight = (origin: string) =>
      fetch(`${t.url}/hub/negotiate?negotiateVersion=1`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,x-requested-with,x-signalr-user-agent',
        },
      });
    const allowed = await preflight('http://crm.test');
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'http://crm.test');
    assert.equal(allowed.headers.get('access-control-allow-credentials'), 'true');
    assert.match(allowed.headers.get('access-control-allow-headers') ?? '', /X-SignalR-User-Agent/i);
    const denied = await preflight('http://evil.test');
    assert.equal(denied.headers.get('access-control-allow-origin'), null);
  });

  it('issues demo tokens for configured agents only', async () => {
    const post = (body: unknown) =>
      fetch(`${t.url}/demo/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const ok = await post({ agentId: 'fiona' });
    assert.equal(ok.status, 200);
    const { token } = await ok.json();
    const connection = await t.connect('fiona', { organisationId: 'fabrikam' });
    assert.equal((await invoke(connection, 'whoAmI')).organisationId, 'fabrikam');
    assert.equal((await negotiate(token)).status, 200);
    const unknown = await post({ agentId: 'nobody' });
    assert.equal(unknown.status, 404);
    assert.equal((await unknown.json()).field, 'agentId');
    const bad = await post({ agent: 'alice' });
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).field, 'agentId');
  });

  it('has no demo token endpoint outside demo mode', async () => {
    const production = await startTestHub({ config: { demo: false } });
    try {
      const response = await fetch(`${production.url}/demo/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"agentId":"alice"}',
      });
      assert.equal(response.status, 404);
    } finally {
      await production.close();
    }
  });
});
