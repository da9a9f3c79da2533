// Routing's SQL on a real PostgreSQL server, including what PGlite (one connection) never exercises: two tabs
// accepting one offer at once, an accept racing a decline, a burst of customers racing the routing passes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { HubConnection } from '@microsoft/signalr';
import { invoke, nextEvent } from '../support/hub-client.js';
import type { ConversationOffer } from '../../../src/protocol/routing.js';
import { postgresMissingReason, startPostgres, type PostgresServer } from '../support/postgres-server.js';
import { CONTOSO_NUMBER, startTestHub, type TestHub } from '../support/test-hub.js';

const server = await startPostgres();

const offered = (agent: HubConnection, match: (o: ConversationOffer) => boolean = () => true) =>
  nextEvent(agent, 'conversationOffered', match);

describe('routing on a PostgreSQL server', { skip: server ? false : postgresMissingReason }, () => {
  let t: TestHub;
  before(async () => {
    t = await startTestHub({
      config: {
        databaseUrl: (server as PostgresServer).url,
        organisations: [
          {
            id: 'contoso',
            name: 'Contoso',
            channels: [{ channel: 'sms', provider: 'telesign', number: CONTOSO_NUMBER }],
            routing: {
              mode: 'offer',
              capacity: { messaging: 2, voice: 1 },
              queues: [
                { id: 'general', name: 'General' },
                { id: 'billing', name: 'Billing' },
              ],
            },
            agents: [
              { id: 'alice', displayName: 'Alice' },
              { id: 'bob', displayName: 'Bob' },
            ],
          },
        ],
      },
    });
  });
  after(async () => {
    await t?.close();
    server?.stop();
  });

  it('lets one of two tabs win an offer both accept at once, and records one assignment', async () => {
    const tab1 = await t.connect('alice');
    const tab2 = await t.connect('alice');
    const offer = offered(tab1);
    await t.sms('15550001001', 'Hello from PostgreSQL');
    const { conversation } = await offer;
    const answers = await Promise.allSettled([
      invoke(tab1, 'acceptOffer', conversation.id),
      invoke(tab2, 'acceptOffer', conversation.id),
    ]);
    // the loser either sees the conversation already theirs (idempotent) or, if it lost the race mid-way, the same
    assert.ok(
      answers.every((a) => a.status === 'fulfilled'),
      JSON.stringify(answers),
    );
    const { rows } = await t.hub.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM conversation_events WHERE conversation_id = $1 AND kind = 'assigned'`,
      [conversation.id],
    );
    assert.equal(rows[0].n, 1);
    await invoke(tab1, 'closeConversation', conversation.id);
    await Promise.all([tab1.stop(), tab2.stop()]);
  });

  it('applies exactly one of an accept and a decline racing on one offer', async () => {
    const alice = await t.connect('alice');
    const offer = offered(alice);
    await t.sms('15550001002', 'Race me');
    const { conversation } = await offer;
    const [accepted, declined] = await Promise.allSettled([
      invoke(alice, 'acceptOffer', conversation.id),
      invoke(alice, 'declineOffer', conversation.id),
    ]);
    assert.equal(
      [accepted, declined].filter((a) => a.status === 'fulfilled').length,
      1,
      JSON.stringify([accepted, declined]),
    );
    const { rows } = await t.hub.db.query<{ kind: string }>(
      `SELECT kind FROM conversation_events WHERE conversation_id = $1 AND kind IN ('assigned', 'declined')`,
      [conversation.id],
    );
    assert.equal(rows.length, 1);
    // out of the way of the next test: resolved either way
    if (accepted.status === 'fulfilled') await invoke(alice, 'closeConversation', conversation.id);
    else await t.hub.db.query(`UPDATE conversations SET status = 'closed' WHERE id = $1`, [conversation.id]);
    await alice.stop();
  });

  it('never offers more than capacity while a burst of customers races the routing passes', async () => {
    const alice = await t.connect('alice');
    const bob = await t.connect('bob');
    await Promise.all(Array.from({ length: 12 }, (_, i) => t.sms(`1555000${2000 + i}`, `Burst ${i}`)));
    // every webhook answered once its conversation was routed; a pass of our own is the last one, after theirs
    await t.hub.router.route('contoso');
    const { rows } = await t.hub.db.query<{ agent: string; n: number }>(
      `SELECT offered_agent_id AS agent, count(*)::int AS n FROM conversations
       WHERE org_id = 'contoso' AND status = 'open' AND offered_agent_id IS NOT NULL GROUP BY offered_agent_id ORDER BY 1`,
    );
    assert.ok(
      rows.every((r) => r.n <= 2),
      JSON.stringify(rows),
    );
    assert.equal(
      rows.reduce((n, r) => n + r.n, 0),
      4,
    );
    const state = await invoke(alice, 'getRoutingState');
    assert.equal(state.offers.length, 2);
    assert.deepEqual(
      state.queueStats.map((q) => [q.queueId, q.waiting, q.offered]),
      [
        ['general', 12, 4],
        ['billing', 0, 0],
      ],
    );
    await Promise.all([alice.stop(), bob.stop()]);
  });

  it('keeps an agent’s chosen presence in the store', async () => {
    const bob = await t.connect('bob');
    await invoke(bob, 'setPresence', 'dnd');
    const { rows } = await t.hub.db.query<{ presence: string }>(
      `SELECT presence FROM agent_presence WHERE org_id = 'contoso' AND agent_id = 'bob'`,
    );
    assert.equal(rows[0].presence, 'dnd');
    await bob.stop();
  });
});
