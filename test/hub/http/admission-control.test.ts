// Admission control: while the store is saturated, provider webhooks get 503 + Retry-After before anything is read,
// while /healthz, SignalR negotiation and connections are still served; once the backlog drains, webhooks are
// accepted again and the retried message arrives.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HUB_PATH } from '../../../src/protocol/hub-contract.js';
import { nextEvent } from '../support/hub-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { waitUntil } from '../support/wait.js';

describe('admission control', () => {
  let t: TestHub;
  before(
    async () => (t = await startTestHub({ hub: { admission: { maxPendingStoreWork: 10, retryAfterSeconds: 3 } } })),
  );
  after(() => t.close());

  it('asks providers to retry while the store is saturated, and lets agents in', async () => {
    const alice = await t.connect('alice');
    // Saturates the store: a transaction held open, and 20 queries queued behind it.
    let release!: () => void;
    const held = t.hub.db.transaction(() => new Promise<void>((resolve) => (release = resolve)));
    const queued = Array.from({ length: 20 }, () => t.hub.db.query('SELECT 1'));
    await waitUntil(() => t.hub.db.load.pending() > 10, 'the store to be saturated');

    // Refused before the body is read or its signature checked (any webhook path).
    const refused = await fetch(`${t.url}/webhooks/telesign`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get('retry-after'), '3');
    assert.equal(((await refused.json()) as { error: string }).error, 'hub_busy');
    assert.equal((await t.sms('15550002222', 'while the hub is busy')).status, 503);

    const health = await fetch(`${t.url}/healthz`);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { store?: string }).store, 'busy');

    const token = await t.tokenFor('bob');
    const negotiate = await fetch(`${t.url}${HUB_PATH}/negotiate?negotiateVersion=1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(negotiate.status, 200);
    // Bob's connection needs the store (his presence): it completes as the backlog drains, it is not refused.
    const bob = t.connect('bob');

    release();
    await Promise.all([held, ...queued]);
    await bob;
    await waitUntil(() => t.hub.db.load.pending() <= 10, 'the backlog to drain');

    // The provider's retry is accepted and reaches the agent.
    const delivered = nextEvent(alice, 'messageAdded', (m) => m.text === 'while the hub is busy');
    const retried = await t.sms('15550002222', 'while the hub is busy');
    assert.equal(retried.status, 200);
    await delivered;
    assert.ok(t.hub.admission.refused >= 1);
  });
});
