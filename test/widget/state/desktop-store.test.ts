import { expect } from '@open-wc/testing';
import { DesktopStore } from '../../../src/widget/state/desktop-store.js';
import { TEMPLATES, conversation, message } from '../support/data.js';

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
    expect(store.getState().messages.get('a')!.map((m) => m.seq)).to.deep.equal([1, 2, 3]);
  });

  it('replaces the conversation list, keeping live updates that raced the snapshot', () => {
    const store = new DesktopStore();
    store.upsertConversations([conversation({ id: 'a', unreadCount: 5 }), conversation({ id: 'gone' })]);
    store.upsertMessages([message({ conversationId: 'gone', seq: 1 })]);
    store.selectConversation('gone');
    store.replaceConversations([conversation({ id: 'a', unreadCount: 1 }), conversation({ id: 'b' })], 'live', new Set(['a']));
    const state = store.getState();
    expect([...state.conversations.keys()].sort()).to.deep.equal(['a', 'b']);
    expect(state.conversations.get('a')!.unreadCount).to.equal(5);
    expect(state.messages.has('gone')).to.equal(false);
    expect(state.selectedConversationId).to.equal(null);
    expect(state.conversationsSource).to.equal('live');
  });

  it('keeps at most five errors and dismisses by id', () => {
    const store = new DesktopStore();
    const ids = Array.from({ length: 7 }, (_, i) =>
      store.addError({ code: 'internal_error', message: `e${i}`, action: 'sync', conversationId: null }).id,
    );
    expect(store.getState().errors.map((e) => e.message)).to.deep.equal(['e2', 'e3', 'e4', 'e5', 'e6']);
    store.dismissError(ids[4]!);
    expect(store.getState().errors.map((e) => e.message)).to.deep.equal(['e2', 'e3', 'e5', 'e6']);
  });

  it('clears an agent\'s data but keeps the connection state', () => {
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
    expect(store.getState()).to.deep.include({ templatesSource: 'cache', crmContext: { CustomerName: 'Jane Doe', locale: 'fr-FR' } });
    store.clearData();
    expect(store.getState().templates).to.deep.equal([]);
    expect(store.getState().templatesSource).to.equal('none');
    expect(store.getState().crmContext).to.deep.equal({ CustomerName: 'Jane Doe', locale: 'fr-FR' });
  });
});
