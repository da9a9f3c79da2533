// The calls migration and queries on a real PostgreSQL server, including what PGlite (one connection) never
// exercises: the platform retrying an arrival many times at once, and events racing on one call.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { invoke, nextEvent } from '../support/hub-client.js';
import { postgresMissingReason, startPostgres, type PostgresServer } from '../support/postgres-server.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const server = await startPostgres();

describe('calls on a PostgreSQL server', { skip: server ? false : postgresMissingReason }, () => {
  let t: TestHub;
  before(async () => {
    t = await startTestHub({ config: { databaseUrl: (server as PostgresServer).url } });
  });
  after(async () => {
    await t?.close();
    server?.stop();
  });

  it('stores one call when the same arrival is posted many times at once', async () => {
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.callEvent({ event: 'arrived', interactionId: 'pg-1', ani: '+15551234567', dnis: '' }),
      ),
    );
    assert.equal(new Set(answers.map((a) => a.call.id)).size, 1);
    assert.equal(answers.filter((a) => !a.duplicate).length, 1);
    const { rows } = await t.hub.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM calls WHERE interaction_id = 'pg-1'`,
    );
    assert.equal(rows[0].n, 1);
  });

  it('runs a call from arrival to wrap-up, with racing duplicate events applied once', async () => {
    const alice = await t.connect('alice');
    const rings = nextEvent(alice, 'callUpdated', (c) => c.state === 'offered');
    await Promise.all(Array.from({ length: 5 }, () => t.callEvent({ event: 'queued', interactionId: 'pg-1' })));
    const call = await rings;
    assert.equal(call.customer?.latestCase?.ticketNumber, 'CAS-01042');
    await Promise.all([
      invoke(alice, 'answerCall', call.id),
      t.callEvent({ event: 'answered', interactionId: 'pg-1' }),
    ]);
    const holds = await Promise.all(
      Array.from({ length: 4 }, () => t.callEvent({ event: 'held', interactionId: 'pg-1' })),
    );
    assert.equal(holds.filter((h) => !h.duplicate).length, 1);
    const { rows } = await t.hub.db.query<{ action: string; n: number }>(
      `SELECT action, count(*)::int AS n FROM call_events WHERE call_id = $1 GROUP BY action ORDER BY action`,
      [call.id],
    );
    assert.deepEqual(rows, [
      { action: 'answer', n: 1 },
      { action: 'arrive', n: 1 },
      { action: 'hold', n: 1 },
      { action: 'offer', n: 1 },
      { action: 'queue', n: 1 },
    ]);
    await invoke(alice, 'resumeCall', call.id);
    assert.equal((await invoke(alice, 'hangUpCall', call.id)).state, 'wrap_up');
    const done = await invoke(alice, 'completeWrapUp', {
      callId: call.id,
      notes: 'On PostgreSQL',
      disposition: 'resolved',
    });
    assert.deepEqual([done.state, done.wrapUp?.notes], ['ended', 'On PostgreSQL']);
  });

  it('creates a case for an unknown caller', async () => {
    const alice = await t.connect('alice');
    const rings = nextEvent(alice, 'callUpdated', (c) => c.state === 'offered' && c.interactionId === 'pg-2');
    await t.callEvent({ event: 'arrived', interactionId: 'pg-2', ani: '+15556667777', dnis: '' });
    await t.callEvent({ event: 'queued', interactionId: 'pg-2' });
    const call = await rings;
    await invoke(alice, 'answerCall', call.id);
    const updated = await invoke(alice, 'createCase', { callId: call.id, title: 'Created on PostgreSQL' });
    assert.equal(updated.customer?.latestCase?.title, 'Created on PostgreSQL');
  });
});
