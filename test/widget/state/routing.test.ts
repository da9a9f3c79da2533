import { expect } from '@open-wc/testing';
import type { ConversationSummary } from '../../../src/protocol/payloads.js';
import { DesktopStore } from '../../../src/widget/state/desktop-store.js';
import { isMine, matchesFilter, unreadTotal, withOffer, withoutOffer } from '../../../src/widget/state/routing.js';
import { conversation, offer, routingState } from '../support/data.js';

describe('routing state', () => {
  it('isMine: assigned to the agent and active, parked or in wrap-up', () => {
    const statuses = ['open', 'active', 'waiting', 'wrap_up', 'closed'] as const;
    expect(statuses.map((status) => isMine(conversation({ id: 'c', status }), 'agent-1'))).to.deep.equal([
      false,
      true,
      true,
      true,
      false,
    ]);
    expect(isMine(conversation({ id: 'c', assignedAgentId: 'bob' }), 'agent-1')).to.equal(false);
    expect(isMine(conversation({ id: 'c' }), undefined)).to.equal(false);
  });

  it('matchesFilter: all, mine, and by status', () => {
    const parked = conversation({ id: 'c', status: 'waiting' });
    expect(
      ['all', 'mine', 'open', 'waiting', 'closed'].map((f) => matchesFilter(parked, f as never, 'agent-1')),
    ).to.deep.equal([true, true, false, true, false]);
  });

  it('withOffer / withoutOffer: one offer per conversation, the same state when nothing changes', () => {
    const state = routingState();
    const first = withOffer(state, offer('c1', '2026-03-02T09:00:00.000Z'));
    const again = withOffer(first, offer('c1', '2026-03-02T09:01:00.000Z'));
    expect(again.offers.map((o) => o.offeredAt)).to.deep.equal(['2026-03-02T09:01:00.000Z']);
    expect(withoutOffer(again, 'other')).to.equal(again);
    expect(withoutOffer(again, 'c1').offers).to.deep.equal([]);
  });

  it("unreadTotal: unread messages in the agent's conversations, plus open offers", () => {
    const store = new DesktopStore();
    store.setIdentity({ agentId: 'agent-1', organisationId: 'org-1', displayName: 'Alice', roles: ['agent'] });
    store.replaceConversations(
      [
        conversation({ id: 'a', unreadCount: 2 }),
        conversation({ id: 'b', unreadCount: 1, status: 'waiting' }),
        conversation({ id: 'c', unreadCount: 4, status: 'closed' }),
        conversation({ id: 'd', unreadCount: 8, assignedAgentId: 'bob' }),
        // cached by an older version: no routing fields
        {
          ...conversation({ id: 'e', unreadCount: 16 }),
          queueId: undefined,
          transfer: undefined,
        } as unknown as ConversationSummary,
      ],
      'live',
    );
    expect(unreadTotal(store.getState())).to.equal(19);
    store.setRouting(routingState({ offers: [offer('x', '2026-03-02T09:00:00.000Z')] }));
    expect(unreadTotal(store.getState())).to.equal(20);
  });

  it('the store: setRouting, updateRouting (nothing before the first answer), setRoutingOverview; cleared with the data', () => {
    const store = new DesktopStore();
    store.updateRouting((r) => ({ ...r, presence: 'busy' }));
    expect(store.getState().routing).to.equal(null);
    store.setRouting(routingState());
    store.updateRouting((r) => ({ ...r, presence: 'busy' }));
    expect(store.getState().routing!.presence).to.equal('busy');
    store.setRoutingOverview({ queues: [], agents: [], at: '2026-03-02T09:00:00.000Z' });
    store.clearData();
    expect([store.getState().routing, store.getState().routingOverview]).to.deep.equal([null, null]);
  });
});
