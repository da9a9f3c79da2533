// One SMS conversation end to end through the real hub: webhook in → pushed to the connected agent over
// SignalR → reply → TeleSign stand-in → delivery report → resolve → a new text re-opens it.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { HttpTransportType, type HubConnection } from '@microsoft/signalr';
import { invoke, nextEvent, on, refusal } from '../support/hub-client.js';
import type { Message } from '../../../src/protocol/payloads.js';
import { FABRIKAM_NUMBER, startTestHub, type TestHub } from '../support/test-hub.js';

for (const transport of [
  HttpTransportType.WebSockets,
  HttpTransportType.ServerSentEvents,
  HttpTransportType.LongPolling,
]) {
  describe(`SMS conversation over ${HttpTransportType[transport]}`, () => {
    let t: TestHub;
    let alice: HubConnection;
    const customer = `1555${Math.floor(Math.random() * 1e7)
      .toString()
      .padStart(7, '0')}`;
    let conversationId = '';

    before(async () => {
      t = await startTestHub();
      alice = await t.connect('alice', { transport });
    });
    after(() => t.close());

    it('pushes a customer text to the connected agent, assigned to her', async () => {
      const added = nextEvent(alice, 'messageAdded', (m) => m.text === 'My parcel is late');
      const updated = nextEvent(alice, 'conversationUpdated', (c) => c.customerAddress === customer);
      assert.equal((await t.sms(customer, 'My parcel is late')).status, 200);
      const message = await added;
      const conversation = await updated;
      conversationId = conversation.id;
      assert.equal(message.seq, 1);
      assert.equal(message.direction, 'inbound');
      assert.equal(message.status, 'received');
      assert.equal(conversation.status, 'active');
      assert.equal(conversation.assignedAgentId, 'alice');
      assert.equal(conversation.unreadCount, 1);
      assert.equal(conversation.channel, 'sms');
      assert.equal(conversation.preview, 'My parcel is late');
      const listed = await invoke(alice, 'getConversations');
      assert.deepEqual(
        listed.map((c) => c.id),
        [conversationId],
      );
    });

    it('marks it read', async () => {
      const read = await invoke(alice, 'markRead', conversationId);
      assert.equal(read.unreadCount, 0);
    });

    it('sends the reply through TeleSign exactly once and follows its delivery report', async () => {
      const clientMessageId = randomUUID();
      const delivered = nextEvent(
        alice,
        'messageUpdated',
        (m) => m.clientMessageId === clientMessageId && m.status === 'delivered',
      );
      const sent = await invoke(alice, 'sendMessage', {
        conversationId,
        clientMessageId,
        text: 'Sorry! It ships today.',
      });
      assert.equal(sent.status, 'pending');
      assert.equal(sent.seq, 2);
      assert.equal(sent.agentId, 'alice');
      const again = await invoke(alice, 'sendMessage', {
        conversationId,
        clientMessageId,
        text: 'Sorry! It ships today.',
      });
      assert.equal(again.id, sent.id, 'the same client id returns the same message');
      const atHandset = await t.standIn.waitForMessage((m) => m.to === customer);
      assert.equal(atHandset.text, 'Sorry! It ships today.');
      assert.equal(atHandset.from, '18005550199');
      assert.equal(atHandset.externalId, sent.id);
      assert.equal((await delivered).seq, 2);
      assert.equal(t.standIn.messagesTo(customer).length, 1, 'sent once');
    });

    it('catches up from a sequence number without gaps or repeats', async () => {
      const all = await invoke(alice, 'getMessages', { conversationId, afterSeq: 0 });
      assert.deepEqual(
        all.map((m) => m.seq),
        [1, 2],
      );
      const after1 = await invoke(alice, 'getMessages', { conversationId, afterSeq: 1 });
      assert.deepEqual(
        after1.map((m) => m.text),
        ['Sorry! It ships today.'],
      );
    });

    it('refuses what it cannot send, with a code the widget reads', async () => {
      const long = await refusal(
        invoke(alice, 'sendMessage', { conversationId, clientMessageId: randomUUID(), text: 'x'.repeat(1601) }),
      );
      assert.equal(long.code, 'text_too_long');
      const empty = await refusal(
        invoke(alice, 'sendMessage', { conversationId, clientMessageId: randomUUID(), text: '  ' }),
      );
      assert.equal(empty.code, 'text_empty');
      const malformed = await refusal(
        invoke(alice, 'sendMessage', { conversationId: 'not-a-uuid', clientMessageId: randomUUID(), text: 'x' }),
      );
      assert.equal(malformed.code, 'invalid_request');
      assert.match(malformed.message, /conversationId/);
      const missing = await refusal(invoke(alice, 'getMessages', { conversationId: randomUUID(), afterSeq: 0 }));
      assert.equal(missing.code, 'not_found');
    });

    it('resolves the conversation; replying is refused until the customer writes again, to the same agent', async () => {
      const closed = await invoke(alice, 'closeConversation', conversationId);
      assert.equal(closed.status, 'closed');
      const refused = await refusal(
        invoke(alice, 'sendMessage', { conversationId, clientMessageId: randomUUID(), text: 'hello?' }),
      );
      assert.equal(refused.code, 'conversation_closed');
      const reopened = nextEvent(alice, 'conversationUpdated', (c) => c.id === conversationId && c.status === 'active');
      await t.sms(customer, 'It still has not arrived');
      const conversation = await reopened;
      assert.equal(conversation.assignedAgentId, 'alice');
      assert.equal(conversation.lastSeq, 3);
    });
  });
}

describe('organisations and agents never see each other’s conversations', () => {
  let t: TestHub;
  before(async () => {
    t = await startTestHub();
  });
  after(() => t.close());

  it('routes by the number texted and keeps other organisations out', async () => {
    const fiona = await t.connect('fiona', { organisationId: 'fabrikam' });
    const alice = await t.connect('alice');
    const leaked: unknown[] = [];
    on(fiona, 'messageAdded', (m) => leaked.push(m));
    const toAlice = nextEvent(alice, 'conversationUpdated');
    await t.sms('15557770000', 'Contoso question');
    const conversation = await toAlice;
    const forFiona = nextEvent(fiona, 'messageAdded');
    await t.sms('15557770000', 'Fabrikam question', { to: FABRIKAM_NUMBER });
    assert.equal((await forFiona).text, 'Fabrikam question');
    assert.deepEqual(
      leaked.map((m) => (m as Message).text),
      ['Fabrikam question'],
    );
    assert.equal(
      (await invoke(fiona, 'getConversations')).every((c) => c.organisationId === 'fabrikam'),
      true,
    );
    const stolen = await refusal(invoke(fiona, 'getMessages', { conversationId: conversation.id, afterSeq: 0 }));
    assert.equal(stolen.code, 'not_found', "another organisation's conversation looks like no conversation");
    const sendInto = await refusal(
      invoke(fiona, 'sendMessage', { conversationId: conversation.id, clientMessageId: randomUUID(), text: 'hi' }),
    );
    assert.equal(sendInto.code, 'not_found');
  });

  it("keeps one agent out of another agent's conversation, and lets a supervisor see all of them", async () => {
    const alice = await t.connect('alice');
    const assigned = nextEvent(alice, 'conversationUpdated', (c) => c.customerAddress === '15557771111');
    await t.sms('15557771111', 'For whoever is free');
    const conversation = await assigned;
    const bob = await t.connect('bob');
    const denied = await refusal(invoke(bob, 'getMessages', { conversationId: conversation.id, afterSeq: 0 }));
    assert.equal(denied.code, 'not_assigned');
    const sam = await t.connect('sam');
    const seen = await invoke(sam, 'getConversations');
    assert.ok(seen.some((c) => c.id === conversation.id));
  });

  it('answers whoAmI from the token', async () => {
    const fiona = await t.connect('fiona', { organisationId: 'fabrikam' });
    assert.deepEqual(await invoke(fiona, 'whoAmI'), {
      agentId: 'fiona',
      organisationId: 'fabrikam',
      displayName: 'fiona',
      roles: ['agent'],
    });
  });

  it('waits with a conversation until an agent connects, then assigns it', async () => {
    const quiet = await startTestHub();
    try {
      await quiet.sms('15557772222', 'Anyone?');
      const { rows } = await quiet.hub.db.query<{ status: string }>('SELECT status FROM conversations');
      assert.deepEqual(
        rows.map((r) => r.status),
        ['open'],
      );
      const bob = await quiet.connect('bob');
      const list = await waitFor(
        () => invoke(bob, 'getConversations'),
        (l) => l.length === 1,
      );
      assert.equal(list[0].status, 'active');
      assert.equal(list[0].assignedAgentId, 'bob');
    } finally {
      await quiet.close();
    }
  });
});

async function waitFor<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}
