// startConversation to a customer whose conversation waits in a queue does not go around routing: the agent takes it
// only when routing would give it to them (available, with room for it), or as a supervisor; else a clear refusal.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { HubConnection } from '@microsoft/signalr';
import { invoke, nextEvent, refusal } from '../support/hub-client.js';
import { CONTOSO_NUMBER, TEST_TEMPLATES, startTestHub, type TestHub } from '../support/test-hub.js';

describe('startConversation and conversations waiting in a queue', () => {
  let t: TestHub;
  let alice: HubConnection;
  before(async () => {
    t = await startTestHub({
      config: {
        organisations: [
          {
            id: 'contoso',
            name: 'Contoso',
            channels: [{ channel: 'sms', provider: 'telesign', number: CONTOSO_NUMBER }],
            templates: TEST_TEMPLATES,
            routing: {
              mode: 'offer',
              capacity: { messaging: 1, voice: 1 },
              queues: [{ id: 'general', name: 'General' }],
            },
            agents: [
              { id: 'alice', displayName: 'Alice' },
              { id: 'sam', displayName: 'Sam', roles: ['agent', 'supervisor'] },
            ],
          },
        ],
      },
    });
    alice = await t.connect('alice');
  });
  after(() => t.close());

  const start = (connection: HubConnection, customerAddress: string) =>
    invoke(connection, 'startConversation', {
      clientMessageId: randomUUID(),
      channel: 'sms',
      customerAddress,
      templateName: 'plain_notice',
      language: 'en',
      values: { 1: 'Lea', 2: 'CAS-1' },
    });
  const waiting = async (customer: string) => {
    const { rows } = await t.hub.db.query<{ status: string; assigned_agent_id: string | null }>(
      'SELECT status, assigned_agent_id FROM conversations WHERE customer_address = $1',
      [customer],
    );
    return rows[0];
  };

  it('refuses an agent who is away: agent_unavailable, and the conversation stays in its queue', async () => {
    await invoke(alice, 'setPresence', 'away');
    await t.sms('15550400001', 'anyone there?');
    assert.equal((await waiting('15550400001'))?.status, 'open');
    const refused = await refusal(start(alice, '+15550400001'));
    assert.equal(refused.code, 'agent_unavailable');
    assert.deepEqual(await waiting('15550400001'), { status: 'open', assigned_agent_id: null });
  });

  it('refuses an available agent at capacity: capacity_full', async () => {
    const offered = nextEvent(
      alice,
      'conversationOffered',
      (o) => o.conversation.customerAddress === '15550400001',
      15_000,
    );
    await invoke(alice, 'setPresence', 'available');
    await invoke(alice, 'acceptOffer', (await offered).conversation.id); // her one conversation: she is full
    await t.sms('15550400002', 'hello?');
    assert.equal((await waiting('15550400002'))?.status, 'open');
    const refused = await refusal(start(alice, '+15550400002'));
    assert.equal(refused.code, 'capacity_full', refused.message);
    assert.deepEqual(await waiting('15550400002'), { status: 'open', assigned_agent_id: null });
  });

  it('lets a supervisor take it', async () => {
    const sam = await t.connect('sam');
    await invoke(sam, 'setPresence', 'away');
    const result = await start(sam, '+15550400002');
    assert.deepEqual([result.conversation.status, result.conversation.assignedAgentId], ['active', 'sam']);
  });
});
