// What an agent's desktop sends that the store could not keep or that reaches beyond the agent: NUL in a reply
// is cleaned (never an internal_error the outbox would retry for ever), numbers beyond their column's type are an
// invalid_request, and another agent's clientMessageId never answers that agent's message.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { HubConnection } from '@microsoft/signalr';
import { invoke, invokeUnchecked, nextEvent, refusal } from '../support/hub-client.js';
import { waitUntil } from '../support/wait.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

describe('agent input beyond what the store keeps or the agent may see', () => {
  let t: TestHub;
  let alice: HubConnection;
  let bob: HubConnection;
  let alicesConversation = '';
  let bobsConversation = '';

  before(async () => {
    t = await startTestHub();
    alice = await t.connect('alice');
    const assigned = nextEvent(
      alice,
      'conversationUpdated',
      (c) => c.customerAddress === '15550200001' && c.assignedAgentId === 'alice',
    );
    await t.sms('15550200001', 'hello Alice');
    alicesConversation = (await assigned).id;
    await alice.stop();
    bob = await t.connect('bob');
    const bobs = nextEvent(
      bob,
      'conversationUpdated',
      (c) => c.customerAddress === '15550200002' && c.assignedAgentId === 'bob',
    );
    await t.sms('15550200002', 'hello Bob');
    bobsConversation = (await bobs).id;
    alice = await t.connect('alice');
  });
  after(() => t.close());

  it('cleans NUL (and lone surrogates) from an agent’s reply instead of failing with internal_error', async () => {
    const sent = await invoke(alice, 'sendMessage', {
      conversationId: alicesConversation,
      clientMessageId: randomUUID(),
      text: 'on\u0000e \ud800two',
    });
    assert.equal(sent.text, 'one \ufffdtwo');
    await waitUntil(
      () => t.standIn.messagesTo('15550200001').some((m) => m.text === 'one \ufffdtwo'),
      'the cleaned reply at TeleSign',
    );
  });

  it('cleans NUL from template values and a started conversation’s customer name', async () => {
    const result = await invoke(alice, 'startConversation', {
      clientMessageId: randomUUID(),
      channel: 'whatsapp',
      customerAddress: '+15550200003',
      templateName: 'plain_notice',
      language: 'en',
      values: { 1: 'Le\u0000a', 2: 'CAS\u0000-1' },
      customerName: 'Léa\u0000 Martin',
    });
    assert.equal(result.message.text, 'Hi Lea, your case CAS-1 is closed.');
    assert.equal(result.conversation.customerName, 'Léa Martin');
  });

  it('answers invalid_request for numbers beyond their column (int4), not internal_error', async () => {
    for (const afterSeq of [2147483648, 1e300]) {
      const refused = await refusal(
        invokeUnchecked(alice, 'getMessages', { conversationId: alicesConversation, afterSeq }),
      );
      assert.equal(refused.code, 'invalid_request', `afterSeq ${afterSeq}: ${refused.message}`);
      assert.match(refused.message, /afterSeq/);
    }
    assert.ok(
      Array.isArray(await invoke(alice, 'getMessages', { conversationId: alicesConversation, afterSeq: 2147483647 })),
    );
  });

  it('never answers another agent’s message for their clientMessageId', async () => {
    const clientMessageId = randomUUID();
    const alices = await invoke(alice, 'sendMessage', {
      conversationId: alicesConversation,
      clientMessageId,
      text: 'for the customer only',
    });
    // on Alice's conversation, which Bob may not work
    const intoHers = await refusal(
      invoke(bob, 'sendMessage', { conversationId: alicesConversation, clientMessageId, text: 'x' }),
    );
    assert.equal(intoHers.code, 'not_assigned');
    assert.doesNotMatch(intoHers.message, /for the customer only/);
    // on his own conversation: the id is taken, and nothing of Alice's comes back
    const intoHis = await refusal(
      invoke(bob, 'sendMessage', { conversationId: bobsConversation, clientMessageId, text: 'x' }),
    );
    assert.equal(intoHis.code, 'conflict');
    assert.doesNotMatch(intoHis.message, /for the customer only/);
    const template = await refusal(
      invoke(bob, 'sendTemplate', {
        conversationId: bobsConversation,
        clientMessageId,
        templateName: 'plain_notice',
        language: 'en',
        values: { 1: 'a', 2: 'b' },
      }),
    );
    assert.equal(template.code, 'conflict');
    const started = await refusal(
      invoke(bob, 'startConversation', {
        clientMessageId,
        channel: 'sms',
        customerAddress: '+15550200004',
        templateName: 'plain_notice',
        language: 'en',
        values: { 1: 'a', 2: 'b' },
      }),
    );
    assert.equal(started.code, 'conflict');
    // Alice's own retry still answers her message (exactly once from her outbox)
    assert.equal(
      (
        await invoke(alice, 'sendMessage', {
          conversationId: alicesConversation,
          clientMessageId,
          text: 'for the customer only',
        })
      ).id,
      alices.id,
    );
  });
});
