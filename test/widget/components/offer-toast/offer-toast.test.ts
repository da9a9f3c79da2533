import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import '../../../../src/widget/components/offer-toast/offer-toast.js';
import type { OfferToast } from '../../../../src/widget/components/offer-toast/offer-toast.component.js';
import type { DesktopActions } from '../../../../src/widget/desktop/desktop-actions.js';
import { HubRequestError } from '../../../../src/widget/hub/hub-request-error.js';
import { DesktopStore } from '../../../../src/widget/state/desktop-store.js';
import { withoutOffer } from '../../../../src/widget/state/routing.js';
import { offer, routingState } from '../../support/data.js';
import { takeLitWarnings } from '../../support/lit-warnings.js';

const OFFERED_AT = '2026-03-02T09:00:00.000Z';
const text = (node: Element | null) => node?.textContent!.replace(/\s+/g, ' ').trim() ?? '';

/** A store with agent-1's routing and these offers; the actions answer as the hub and the service do. */
function setUp(offers = [offer('c1', OFFERED_AT)]) {
  const store = new DesktopStore();
  store.setIdentity({ agentId: 'agent-1', organisationId: 'org-1', displayName: 'Alice', roles: ['agent'] });
  store.setRouting(routingState({ offers }));
  const actions = {
    acceptOffer: sinon.spy(async (id: string) => {
      const accepted = { ...store.getState().routing!.offers.find((o) => o.conversation.id === id)!.conversation, status: 'active' as const, assignedAgentId: 'agent-1' };
      store.upsertConversations([accepted]);
      store.updateRouting((r) => withoutOffer(r, id));
      return accepted;
    }),
    declineOffer: sinon.spy(async (id: string) => store.updateRouting((r) => withoutOffer(r, id))),
    selectConversation: sinon.spy((id: string | null) => store.selectConversation(id)),
  };
  return { store, actions };
}

async function mount(setup = setUp(), clock = { ms: Date.parse(OFFERED_AT) + 10_000 }) {
  const el = await fixture<OfferToast>(
    html`<ad-offer-toast .store=${setup.store} .actions=${setup.actions as unknown as DesktopActions} .now=${() => new Date(clock.ms)}></ad-offer-toast>`,
  );
  return { el, clock, ...setup };
}

const offers = (el: OfferToast) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="offer"]')];
const button = (offerEl: Element, name: 'accept' | 'decline') => offerEl.querySelector<HTMLButtonElement>(`[part~="${name}-button"]`)!;

async function settle(el: OfferToast) {
  await new Promise((resolve) => setTimeout(resolve));
  await el.updateComplete;
}

describe('<ad-offer-toast>', () => {
  afterEach(() => {
    sinon.restore();
    expect(takeLitWarnings()).to.deep.equal([]);
  });

  it('shows the offer: customer, number, channel, queue, preview, seconds left with a bar, Accept and Decline; accessible', async () => {
    const { el } = await mount();
    const [toast] = offers(el);
    expect(toast!.getAttribute('role')).to.equal('group');
    expect(toast!.getAttribute('aria-label')).to.equal('Grace Hopper');
    expect(text(toast!)).to.equal('Grace Hopper +15550002 SMS · General 20 s left My parcel is late Accept Decline');
    const progress = toast!.querySelector('progress')!;
    expect([progress.max, progress.value]).to.deep.equal([30_000, 20_000]);
    expect(text(el.shadowRoot!.querySelector('[role="status"]'))).to.equal('Conversation offered: Grace Hopper.');
    await expect(el).to.be.accessible();
  });

  it('shows a transfer note: "From Ann: …"', async () => {
    const transfer = { fromAgentId: 'ann', fromAgentName: 'Ann', toQueueId: null, toAgentId: 'agent-1', note: 'Wants a refund,\norder 42', at: OFFERED_AT };
    const { el } = await mount(setUp([offer('c1', OFFERED_AT, { transfer })]));
    const note = el.shadowRoot!.querySelector('[part~="transfer-note"]')!;
    expect(note.textContent).to.equal('From Ann: Wants a refund,\norder 42');
    await expect(el).to.be.accessible();
  });

  it('accepts: the conversation is taken and opened (ad-conversation-select), the toast goes', async () => {
    const setup = setUp();
    const selected: string[] = [];
    const { el, actions, store } = await mount(setup);
    el.addEventListener('ad-conversation-select', (e) => selected.push(e.detail.conversationId!));
    button(offers(el)[0]!, 'accept').click();
    await settle(el);
    expect(actions.acceptOffer.calledOnceWith('c1')).to.equal(true);
    expect(selected).to.deep.equal(['c1']);
    expect(store.getState().selectedConversationId).to.equal('c1');
    expect(offers(el)).to.have.length(0);
    expect(el.shadowRoot!.querySelector('section')).to.equal(null);
  });

  it('declines', async () => {
    const { el, actions, store } = await mount();
    button(offers(el)[0]!, 'decline').click();
    await settle(el);
    expect(actions.declineOffer.calledOnceWith('c1')).to.equal(true);
    expect(store.getState().selectedConversationId).to.equal(null);
    expect(offers(el)).to.have.length(0);
  });

  it('shows a refusal (the offer had ended)', async () => {
    const setup = setUp();
    setup.actions.acceptOffer = sinon.spy((_id: string) => Promise.reject(new HubRequestError('offer_gone', 'This offer has already ended.')));
    const { el } = await mount(setup);
    button(offers(el)[0]!, 'accept').click();
    await settle(el);
    const error = el.shadowRoot!.querySelector<HTMLElement>('[part~="error"]')!;
    expect(error.hidden).to.equal(false);
    expect(error.getAttribute('role')).to.equal('alert');
    expect(text(error)).to.equal('This offer has already ended.'); // the hub's words
    await expect(el).to.be.accessible();
  });

  it('counts down each second and goes at 0, before the hub says the offer ended', async () => {
    const { el, clock } = await mount();
    const countdown = () => text(el.shadowRoot!.querySelector('[part~="countdown"]'));
    expect(countdown()).to.equal('20 s left');
    clock.ms += 19_500;
    await new Promise((resolve) => setTimeout(resolve, 1100)); // the next tick
    expect(countdown()).to.equal('1 s left');
    clock.ms += 500;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(offers(el)).to.have.length(0);
  });

  it('stacks offers, oldest first; a new one takes the focus, unless the agent is typing', async () => {
    const setup = setUp([]);
    const { el, store } = await mount(setup);
    const input = document.createElement('textarea');
    document.body.append(input);
    try {
      store.updateRouting((r) => ({ ...r, offers: [offer('c1', OFFERED_AT)] }));
      await settle(el);
      expect(el.shadowRoot!.activeElement).to.equal(button(offers(el)[0]!, 'accept'));

      input.focus();
      store.updateRouting((r) => ({ ...r, offers: [...r.offers, offer('c2', '2026-03-02T09:00:05.000Z')] }));
      await settle(el);
      expect(offers(el).map((o) => o.getAttribute('aria-label'))).to.deep.equal(['Grace Hopper', 'Grace Hopper']);
      expect(document.activeElement).to.equal(input); // not taken from the composer
      expect(text(el.shadowRoot!.querySelector('[role="status"]'))).to.equal('Conversation offered: Grace Hopper.');
    } finally {
      input.remove();
    }
  });
});
