import { expect } from '@open-wc/testing';
import { agentCalls } from '../../../src/widget/state/active-call.js';
import { DesktopStore } from '../../../src/widget/state/desktop-store.js';
import { TEMPLATES, VOICE, call, conversation, message, outboundActivity } from '../support/data.js';

describe('DesktopStore', () => {
  it('notifies subscribers with a new state object on every change, and stops after unsubscribe', () => {
    const store = new DesktopStore();
    const seen: unknown[] = [];
    const unsubscribe = store.subscribe((state) => seen.push(state));
    const before = store.getState();
    store.selectConversation('a');
    expect(seen).to.have.length(1);
    expect(seen[0]).to.not.equal(before);
    expect(store.getState().selectedConversationId).to.equal('a');
    unsubscribe();
    store.selectConversation('b');
    expect(seen).to.have.length(1);
  });

  it('does not notify when nothing changes', () => {
    const store = new DesktopStore();
    const c = conversation({ id: 'a' });
    store.upsertConversations([c]);
    let calls = 0;
    store.subscribe(() => calls++);
    expect(store.upsertConversations([c])).to.deep.equal([]);
    store.selectConversation(null);
    store.upsertMessages([]);
    expect(calls).to.equal(0);
  });

  it('merges messages by seq without duplicates and reports what it took', () => {
    const store = new DesktopStore();
    const first = message({ conversationId: 'a', seq: 1 });
    const second = message({ conversationId: 'a', seq: 2 });
    expect(store.upsertMessages([second, first])).to.have.length(2);
    expect(store.upsertMessages([{ ...first }, message({ conversationId: 'a', seq: 3 })])).to.have.length(1);
    expect(
      store
        .getState()
        .messages.get('a')!
        .map((m) => m.seq),
    ).to.deep.equal([1, 2, 3]);
  });

  it('keeps outbound activities per conversation in time order, by id; the same version again changes nothing', () => {
    const store = new DesktopStore();
    store.replaceConversations([conversation({ id: 'a' }), conversation({ id: 'b' })], 'live');
    const at = (minute: number) => new Date(Date.UTC(2026, 0, 5, 9, minute)).toISOString();
    const late = outboundActivity({ id: 'x2', conversationId: 'a', sentAt: at(30), status: 'sent' });
    const early = outboundActivity({ id: 'x1', conversationId: 'a', sentAt: at(5) });
    const other = outboundActivity({ id: 'y1', conversationId: 'b', sentAt: at(1) });
    const nowhere = outboundActivity({ id: 'z1', conversationId: null, sentAt: at(2) });
    expect(store.upsertOutboundActivities([late, other, early, nowhere])).to.deep.equal([late, other, early]);
    expect(
      store
        .getState()
        .outboundActivities.get('a')!
        .map((a) => a.id),
    ).to.deep.equal(['x1', 'x2']);
    expect(store.getState().outboundActivities.get('b')).to.deep.equal([other]);

    let calls = 0;
    store.subscribe(() => calls++);
    expect(store.upsertOutboundActivities([{ ...late }, { ...early }])).to.deep.equal([]); // a re-fetch: nothing new
    expect(calls).to.equal(0);
    const delivered = { ...late, status: 'delivered' as const };
    expect(store.upsertOutboundActivities([delivered])).to.deep.equal([delivered]);
    expect(store.getState().outboundActivities.get('a')).to.deep.equal([early, delivered]);

    // A conversation that goes takes its timeline with it.
    store.replaceConversations([conversation({ id: 'b' })], 'live');
    expect([...store.getState().outboundActivities.keys()]).to.deep.equal(['b']);
  });

  it('replaces the conversation list, keeping live updates that raced the snapshot', () => {
    const store = new DesktopStore();
    store.upsertConversations([conversation({ id: 'a', unreadCount: 5 }), conversation({ id: 'gone' })]);
    store.upsertMessages([message({ conversationId: 'gone', seq: 1 })]);
    store.selectConversation('gone');
    store.replaceConversations(
      [conversation({ id: 'a', unreadCount: 1 }), conversation({ id: 'b' })],
      'live',
      new Set(['a']),
    );
    const state = store.getState();
    expect([...state.conversations.keys()].sort()).to.deep.equal(['a', 'b']);
    expect(state.conversations.get('a')!.unreadCount).to.equal(5);
    expect(state.messages.has('gone')).to.equal(false);
    expect(state.selectedConversationId).to.equal(null);
    expect(state.conversationsSource).to.equal('live');
  });

  it('keeps at most five errors and dismisses by id', () => {
    const store = new DesktopStore();
    const ids = Array.from(
      { length: 7 },
      (_, i) => store.addError({ code: 'internal_error', message: `e${i}`, action: 'sync', conversationId: null }).id,
    );
    expect(store.getState().errors.map((e) => e.message)).to.deep.equal(['e2', 'e3', 'e4', 'e5', 'e6']);
    store.dismissError(ids[4]);
    expect(store.getState().errors.map((e) => e.message)).to.deep.equal(['e2', 'e3', 'e5', 'e6']);
  });

  it("clears an agent's data but keeps the connection state", () => {
    const store = new DesktopStore();
    store.setConnection({ state: 'connected', attempt: 0, error: null, retryInMs: null });
    store.upsertConversations([conversation({ id: 'a' })]);
    store.clearData();
    expect(store.getState().conversations.size).to.equal(0);
    expect(store.getState().connection.state).to.equal('connected');
  });

  it("keeps templates and the host page's CRM context; another agent's data goes, the CRM context stays", () => {
    const store = new DesktopStore();
    let changes = 0;
    store.subscribe(() => changes++);
    store.setTemplates(TEMPLATES, 'cache');
    store.setCrmContext({ CustomerName: 'Jane Doe', locale: 'fr-FR' });
    store.setCrmContext({ CustomerName: 'Jane Doe', locale: 'fr-FR' }); // the same: no change
    expect(changes).to.equal(2);
    expect(store.getState()).to.deep.include({
      templatesSource: 'cache',
      crmContext: { CustomerName: 'Jane Doe', locale: 'fr-FR' },
    });
    store.clearData();
    expect(store.getState().templates).to.deep.equal([]);
    expect(store.getState().templatesSource).to.equal('none');
    expect(store.getState().crmContext).to.deep.equal({ CustomerName: 'Jane Doe', locale: 'fr-FR' });
  });

  it('keeps calls by id, ignores versions older than the one held, and drops calls', () => {
    const store = new DesktopStore();
    const ringing = call({ id: 'c1', updatedAt: '2026-03-02T09:00:06.000Z' });
    const answered = call({ id: 'c1', state: 'connected', updatedAt: '2026-03-02T09:00:09.000Z' });
    expect(store.putCall(ringing)).to.equal(true);
    expect(store.putCall(answered)).to.equal(true);
    let changes = 0;
    store.subscribe(() => changes++);
    expect(store.putCall(ringing)).to.equal(false); // a late, older version
    expect(store.putCall(answered)).to.equal(true); // the same object: nothing to do
    expect(changes).to.equal(0);
    expect(store.getState().calls.get('c1')).to.equal(answered);
    store.putCall({ ...answered, state: 'ended', updatedAt: '2026-03-02T09:05:00.000Z' }, true);
    expect(store.getState().calls.size).to.equal(0);
    expect(changes).to.equal(1);
  });

  it('replaces the calls with a snapshot, keeping calls that changed live meanwhile (or stayed dropped)', () => {
    const store = new DesktopStore();
    store.setVoiceSettings(VOICE);
    const live = call({ id: 'live', state: 'on_hold', updatedAt: '2026-03-02T09:00:09.000Z' });
    store.putCall(live);
    store.putCall(call({ id: 'gone' }));
    store.replaceCalls(
      [call({ id: 'live' }), call({ id: 'dropped' }), call({ id: 'new' })],
      new Set(['live', 'dropped']),
    );
    expect([...store.getState().calls.keys()].sort()).to.deep.equal(['live', 'new']);
    expect(store.getState().calls.get('live')).to.equal(live);
    expect(store.getState().voice).to.equal(VOICE);
    store.clearData();
    expect(store.getState().calls.size).to.equal(0);
    expect(store.getState().voice).to.equal(null);
  });

  it("puts the agent's call in progress first, then a ringing one, then wrap-ups oldest first; other agents' calls are left out", () => {
    const store = new DesktopStore();
    store.setIdentity({
      agentId: 'agent-1',
      organisationId: 'org-1',
      displayName: 'Alice',
      roles: ['agent', 'supervisor'],
    });
    store.putCall(call({ id: 'wrap-new', state: 'wrap_up', arrivedAt: '2026-03-02T09:30:00.000Z' }));
    store.putCall(call({ id: 'wrap-old', state: 'wrap_up', arrivedAt: '2026-03-02T09:10:00.000Z' }));
    store.putCall(call({ id: 'ringing', state: 'offered' }));
    store.putCall(call({ id: 'queued', state: 'queued', assignedAgentId: null }));
    store.putCall(call({ id: 'bobs', state: 'connected', assignedAgentId: 'agent-2' }));
    expect(agentCalls(store.getState()).map((c) => c.id)).to.deep.equal(['ringing', 'wrap-old', 'wrap-new']);
    store.putCall(call({ id: 'held', state: 'on_hold' }));
    expect(agentCalls(store.getState())[0].id).to.equal('held');
  });
});
