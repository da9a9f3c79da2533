import sinon from 'sinon';
import type { ConversationOffer } from '../../../../src/protocol/routing.js';
import '../../../../src/widget/components/offer-toast/offer-toast.js';
import type { OfferToast } from '../../../../src/widget/components/offer-toast/offer-toast.component.js';
import type { DesktopActions } from '../../../../src/widget/desktop/desktop-actions.js';
import { DesktopStore } from '../../../../src/widget/state/desktop-store.js';
import { withoutOffer } from '../../../../src/widget/state/routing.js';
import { offer, routingState } from '../../support/data.js';
import { mount, text } from '../../support/dom.js';
import { fakeActions } from '../../support/fake-actions.js';

export const OFFERED_AT = '2026-03-02T09:00:00.000Z';

/** agent-1's store with these offers, and the answers to an offer as the hub and the desktop service give them. */
export function offersSetUp(offers: ConversationOffer[] = [offer('c1', OFFERED_AT)]) {
  const store = new DesktopStore();
  store.setIdentity({ agentId: 'agent-1', organisationId: 'org-1', displayName: 'Alice', roles: ['agent'] });
  store.setRouting(routingState({ offers }));
  const actions = {
    acceptOffer: sinon.spy((id: string) => {
      const offered = store.getState().routing!.offers.find((o) => o.conversation.id === id)!.conversation;
      const accepted = { ...offered, status: 'active' as const, assignedAgentId: 'agent-1' };
      store.upsertConversations([accepted]);
      store.updateRouting((r) => withoutOffer(r, id));
      return Promise.resolve(accepted);
    }),
    declineOffer: sinon.spy((id: string) => Promise.resolve(store.updateRouting((r) => withoutOffer(r, id)))),
    selectConversation: sinon.spy((id: string | null) => store.selectConversation(id)),
  };
  return { store, actions };
}

/** The toasts on that store, on a clock the test moves (`clock.ms`; 10 s into the first offer), and what drives them. */
export async function mountOfferToast(
  setUp = offersSetUp(),
  over: Partial<DesktopActions> = {},
  clock = { ms: Date.parse(OFFERED_AT) + 10_000 },
) {
  const el = await mount('ad-offer-toast', {
    store: setUp.store,
    actions: fakeActions({ ...setUp.actions, ...over }),
    now: () => new Date(clock.ms),
  });
  return { el, clock, ...setUp, toasts: new OfferToastHarness(el) };
}

/** What the agent sees of the offers and does with them. */
export class OfferToastHarness {
  constructor(readonly el: OfferToast) {}

  /** One element per offer shown, oldest first. */
  get offers(): HTMLElement[] {
    return [...this.el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="offer"]')];
  }

  /** The Accept or Decline button of an offer. */
  button(offer: Element, name: 'accept' | 'decline'): HTMLButtonElement {
    return offer.querySelector<HTMLButtonElement>(`[part~="${name}-button"]`)!;
  }

  /** The first offer's seconds left. */
  get countdown(): string {
    return text(this.el.shadowRoot!.querySelector('[part~="countdown"]'));
  }

  /** What screen readers last heard. */
  get announcement(): string {
    return text(this.el.shadowRoot!.querySelector('[role="status"]'));
  }

  get error(): HTMLElement {
    return this.el.shadowRoot!.querySelector<HTMLElement>('[part~="error"]')!;
  }
}
