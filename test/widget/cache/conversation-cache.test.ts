import { expect, waitUntil } from '@open-wc/testing';
import { openDB } from 'idb';
import sinon from 'sinon';
import { cacheDatabaseName, type CachePartition } from '../../../src/widget/cache/cache-partition.js';
import { CacheWriter } from '../../../src/widget/cache/cache-writer.js';
import { ConversationCache } from '../../../src/widget/cache/conversation-cache.js';
import { conversation, message, outboundActivity, TEMPLATES } from '../support/data.js';

const unique = () => Math.random().toString(36).slice(2);

describe('ConversationCache', () => {
  const opened: ConversationCache[] = [];
  async function open(partition: CachePartition) {
    const cache = await ConversationCache.open(partition);
    opened.push(cache);
    return cache;
  }
  afterEach(async () => {
    for (const cache of opened.splice(0)) {
      cache.close();
      await ConversationCache.delete(cache.partition);
    }
    sinon.restore();
  });

  it('round-trips conversations and messages; messages come back in seq order', async () => {
    const partition = { organisationId: `org-${unique()}`, agentId: 'agent-1' };
    const cache = await open(partition);
    const c = conversation({ id: 'c1', organisationId: partition.organisationId, customerName: 'Zoë' });
    const messages = [10, 2, 1, 11].map((seq) =>
      message({ conversationId: 'c1', seq, organisationId: partition.organisationId }),
    );
    await cache.write({ putConversations: [c], putMessages: [...messages, message({ conversationId: 'c2', seq: 1 })] });
    cache.close();

    const reopened = await open(partition);
    expect(await reopened.loadConversations()).to.deep.equal([c]);
    expect((await reopened.loadMessages('c1')).map((m) => m.seq)).to.deep.equal([1, 2, 10, 11]);
    expect((await reopened.loadMessages('c2')).map((m) => m.seq)).to.deep.equal([1]);
    expect(await reopened.loadMessages('c3')).to.deep.equal([]);
  });

  it('reads the most recently active conversations first, newest first, for the first paint', async () => {
    const partition = { organisationId: `org-${unique()}`, agentId: 'agent-1' };
    const cache = await open(partition);
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 21, 9, minute)).toISOString();
    const list = [5, 42, 17, 3, 30].map((minute) =>
      conversation({ id: `c${minute}`, organisationId: partition.organisationId, lastActivityAt: at(minute) }),
    );
    await cache.write({ putConversations: list });
    expect((await cache.loadRecentConversations(3)).map((c) => c.id)).to.deep.equal(['c42', 'c30', 'c17']);
    expect((await cache.loadRecentConversations(10)).map((c) => c.id)).to.deep.equal(['c42', 'c30', 'c17', 'c5', 'c3']);
  });

  it('keeps each organisation + agent apart (another agent on the same browser sees nothing)', async () => {
    const org = `org-${unique()}`;
    const ada = await open({ organisationId: org, agentId: 'ada' });
    await ada.write({ putConversations: [conversation({ id: 'secret', organisationId: org })] });
    const bob = await open({ organisationId: org, agentId: 'bob' });
    const otherOrg = await open({ organisationId: `${org}-b`, agentId: 'ada' });
    expect(await bob.loadConversations()).to.deep.equal([]);
    expect(await otherOrg.loadConversations()).to.deep.equal([]);
    expect(await bob.loadMessages('secret')).to.deep.equal([]);
    expect(cacheDatabaseName({ organisationId: 'a.b', agentId: 'c' })).to.not.equal(
      cacheDatabaseName({ organisationId: 'a', agentId: 'b.c' }),
    );
  });

  it('replacing the list deletes conversations that are gone, with their messages', async () => {
    const partition = { organisationId: 'org-1', agentId: `agent-${unique()}` };
    const cache = await open(partition);
    await cache.write({
      putConversations: [conversation({ id: 'keep' }), conversation({ id: 'gone' })],
      putMessages: [message({ conversationId: 'gone', seq: 1 }), message({ conversationId: 'keep', seq: 1 })],
    });
    await cache.write({ replaceConversations: [conversation({ id: 'keep', unreadCount: 2 })] });
    const list = await cache.loadConversations();
    expect(list.map((c) => [c.id, c.unreadCount])).to.deep.equal([['keep', 2]]);
    expect(await cache.loadMessages('gone')).to.deep.equal([]);
    expect(await cache.loadMessages('keep')).to.have.length(1);
  });

  it("keeps each conversation's outbound activities (none without a conversation); they go with their conversation", async () => {
    const partition = { organisationId: 'org-1', agentId: `agent-${unique()}` };
    const cache = await open(partition);
    const at = (minute: number) => new Date(Date.UTC(2026, 0, 2, 9, minute)).toISOString();
    const kept = [
      outboundActivity({ id: 'a2', conversationId: 'keep', sentAt: at(2) }),
      outboundActivity({ id: 'a1', conversationId: 'keep', sentAt: at(1) }),
    ];
    await cache.write({
      putConversations: [conversation({ id: 'keep' }), conversation({ id: 'gone' })],
      putMessages: [message({ conversationId: 'keep', seq: 1 })],
      putActivities: [
        ...kept,
        outboundActivity({ id: 'b1', conversationId: 'gone', sentAt: at(3) }),
        outboundActivity({ id: 'n1', conversationId: null, sentAt: at(4) }),
      ],
    });
    cache.close();
    const reopened = await open(partition);
    expect((await reopened.loadActivities('keep')).map((a) => a.id).sort()).to.deep.equal(['a1', 'a2']);
    expect((await reopened.loadActivities('keep')).find((a) => a.id === 'a2')).to.deep.equal(kept[0]);
    expect(await reopened.loadActivities('gone')).to.have.length(1);
    expect(await reopened.loadMessages('keep')).to.have.length(1); // messages and activities share the key range shape, not the store
    await reopened.write({ replaceConversations: [conversation({ id: 'keep' })] });
    expect(await reopened.loadActivities('gone')).to.deep.equal([]);
    expect(await reopened.loadActivities('keep')).to.have.length(2);
  });

  it("keeps the organisation's templates, replacing the whole list each time", async () => {
    const partition = { organisationId: `org-${unique()}`, agentId: 'agent-1' };
    const cache = await open(partition);
    expect(await cache.loadTemplates()).to.deep.equal([]);
    await cache.write({ replaceTemplates: TEMPLATES });
    cache.close();
    const reopened = await open(partition);
    expect((await reopened.loadTemplates()).map((t) => t.name)).to.deep.equal([
      'case_closed',
      'delivery_update',
      'follow_up',
      'sms_opt_out',
    ]);
    expect((await reopened.loadTemplates()).find((t) => t.name === 'follow_up')).to.deep.equal(TEMPLATES[1]);
    await reopened.write({ replaceTemplates: [TEMPLATES[0]] });
    expect((await reopened.loadTemplates()).map((t) => t.name)).to.deep.equal(['delivery_update']);
  });

  it('keeps the outbox: an entry is stored once put resolves, and deleted by its clientMessageId', async () => {
    const partition = { organisationId: `org-${unique()}`, agentId: 'agent-1' };
    const cache = await open(partition);
    const request = { conversationId: 'c1', clientMessageId: 'm1', text: 'On its way' };
    const entry = { ...request, createdAt: '2026-01-01T09:00:00.000Z', request, attachments: [] };
    await cache.putOutbox(entry);
    await cache.putOutbox({ ...entry, clientMessageId: 'm2', error: { code: 'text_too_long', message: 'Too long.' } });
    cache.close();
    const reopened = await open(partition);
    expect((await reopened.loadOutbox()).map((e) => [e.clientMessageId, e.error?.code])).to.deep.equal([
      ['m1', undefined],
      ['m2', 'text_too_long'],
    ]);
    await reopened.putOutbox('m1');
    expect((await reopened.loadOutbox()).map((e) => e.clientMessageId)).to.deep.equal(['m2']);
  });

  it('says the highest seq cached of each conversation (0 for none)', async () => {
    const cache = await open({ organisationId: `org-${unique()}`, agentId: 'agent-1' });
    await cache.write({
      putMessages: [1, 2, 3, 12]
        .map((seq) => message({ conversationId: 'c1', seq }))
        .concat(message({ conversationId: 'c2', seq: 1 })),
    });
    expect(await cache.lastSeqs(['c1', 'c2', 'c3'])).to.deep.equal([12, 1, 0]);
  });

  it('upgrades a version 2 database: conversations, messages and the activity index stay, templates and outbound activities are added', async () => {
    const partition = { organisationId: `org-${unique()}`, agentId: 'agent-1' };
    const old = await openDB(cacheDatabaseName(partition), 2, {
      upgrade(db) {
        const conversations = db.createObjectStore('conversations', { keyPath: 'id' });
        conversations.createIndex('byActivity', 'lastActivityAt');
        db.createObjectStore('messages', { keyPath: ['conversationId', 'seq'] });
      },
    });
    const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 9, minute)).toISOString();
    for (const minute of [3, 9, 5]) {
      await old.put(
        'conversations',
        conversation({ id: `c${minute}`, organisationId: partition.organisationId, lastActivityAt: at(minute) }),
      );
    }
    await old.put('messages', message({ conversationId: 'c9', seq: 1 }));
    old.close();

    const cache = await open(partition);
    expect((await cache.loadRecentConversations(2)).map((c) => c.id)).to.deep.equal(['c9', 'c5']);
    expect(await cache.loadMessages('c9')).to.have.length(1);
    expect(await cache.loadTemplates()).to.deep.equal([]);
    await cache.write({ replaceTemplates: TEMPLATES });
    expect(await cache.loadTemplates()).to.have.length(TEMPLATES.length);
    await cache.write({ putActivities: [outboundActivity({ id: 'a1', conversationId: 'c9', sentAt: at(10) })] });
    expect(await cache.loadActivities('c9')).to.have.length(1);
  });
});

describe('CacheWriter', () => {
  it('batches many writes into one transaction after a quiet moment', async () => {
    const partition = { organisationId: 'org-1', agentId: `agent-${unique()}` };
    const cache = await ConversationCache.open(partition);
    const write = sinon.spy(cache, 'write');
    const writer = new CacheWriter(cache, { delayMs: 30 });
    for (let seq = 1; seq <= 200; seq++) writer.putMessages([message({ conversationId: 'c1', seq })]);
    writer.putConversations([conversation({ id: 'c1', lastSeq: 200 })]);
    writer.putConversations([conversation({ id: 'c1', lastSeq: 200, unreadCount: 4 })]);
    expect(write.callCount).to.equal(0);
    await waitUntil(() => write.callCount === 1, 'one batch written');
    await writer.flush();
    expect(write.callCount).to.equal(1);
    expect(write.firstCall.args[0].putMessages).to.have.length(200);
    expect(write.firstCall.args[0].putConversations).to.have.length(1);
    expect((await cache.loadMessages('c1')).length).to.equal(200);
    expect((await cache.loadConversations())[0].unreadCount).to.equal(4);
    cache.close();
    await ConversationCache.delete(partition);
  });

  it('does not wait forever under a steady stream of updates: writes once the longest wait is over', async () => {
    const partition = { organisationId: 'org-1', agentId: `agent-${unique()}` };
    const cache = await ConversationCache.open(partition);
    const write = sinon.spy(cache, 'write');
    const writer = new CacheWriter(cache, { delayMs: 50, maxDelayMs: 120 });
    // The writer's time is the test's: a change every 20 ms, so the 50 ms of quiet never come.
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      let seq = 0;
      for (let elapsed = 0; elapsed < 100; elapsed += 20) {
        writer.putMessages([message({ conversationId: 'c1', seq: ++seq })]);
        await clock.tickAsync(20);
      }
      expect(write.callCount).to.equal(0); // 100 ms of changes: still within the longest wait
      writer.putMessages([message({ conversationId: 'c1', seq: ++seq })]);
      await clock.tickAsync(20);
      expect(write.callCount).to.equal(1); // 120 ms after the first change, despite the stream
      expect(write.firstCall.args[0].putMessages).to.have.length(seq);
    } finally {
      clock.restore();
    }
    await writer.flush();
    cache.close();
    await ConversationCache.delete(partition);
  });
});
