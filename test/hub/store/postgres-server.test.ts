// The same hub, migrations and SQL on a real PostgreSQL server, including what PGlite (one connection,
// transactions in a queue) never exercises: concurrent deliveries racing on the same customer and message.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { invoke, nextEvent } from '../support/hub-client.js';
import { postgresMissingReason, startPostgres, type PostgresServer } from '../support/postgres-server.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const server = await startPostgres();

describe('the hub on a PostgreSQL server', { skip: server ? false : postgresMissingReason }, () => {
  let t: TestHub;
  before(async () => {
    t = await startTestHub({ config: { databaseUrl: (server as PostgresServer).url } });
  });
  after(async () => {
    await t?.close();
    server?.stop();
  });

  it('runs one SMS conversation end to end', async () => {
    const alice = await t.connect('alice');
    const assigned = nextEvent(alice, 'conversationUpdated', (c) => c.customerAddress === '15554440000');
    assert.equal((await t.sms('15554440000', 'Hello from PostgreSQL')).status, 200);
    const conversation = await assigned;
    const clientMessageId = randomUUID();
    const delivered = nextEvent(
      alice,
      'messageUpdated',
      (m) => m.clientMessageId === clientMessageId && m.status === 'delivered',
    );
    const sent = await invoke(alice, 'sendMessage', {
      conversationId: conversation.id,
      clientMessageId,
      text: 'Hello back',
    });
    assert.equal(sent.seq, 2);
    await delivered;
    const closed = await invoke(alice, 'closeConversation', conversation.id);
    assert.equal(closed.status, 'closed');
    const reopened = nextEvent(alice, 'conversationUpdated', (c) => c.id === conversation.id && c.status === 'active');
    await t.sms('15554440000', 'Me again');
    assert.equal((await reopened).lastSeq, 3);
  });

  it('stores one message when the same delivery arrives many times at once', async () => {
    const referenceId = randomUUID().replace(/-/g, '').toUpperCase();
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => t.sms('15554441111', 'Retried', { referenceId })),
    );
    assert.deepEqual(new Set(answers.map((a) => a.status)), new Set([200]));
    const { rows } = await t.hub.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM messages WHERE provider_message_id = $1',
      [referenceId],
    );
    assert.equal(rows[0].n, 1);
  });

  it('gives a new customer writing many texts at once one conversation, numbered without gaps', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => t.sms('15554442222', `burst ${i}`)));
    assert.deepEqual(new Set(answers.map((a) => a.status)), new Set([200]));
    const { rows } = await t.hub.db.query<{ conversation_id: string; seq: number }>(
      `SELECT m.conversation_id, m.seq FROM messages m JOIN conversations c ON c.id = m.conversation_id
       WHERE c.customer_address = '15554442222' ORDER BY m.seq`,
    );
    assert.equal(new Set(rows.map((r) => r.conversation_id)).size, 1);
    assert.deepEqual(
      rows.map((r) => r.seq),
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
  });
});
