import { expect, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import { offer } from '../../support/data.js';
import { text } from '../../support/dom.js';
import { takeLitWarnings } from '../../support/lit-warnings.js';
import { hubRefusal } from '../../support/refusal.js';
import { mountOfferToast, OFFERED_AT, offersSetUp } from './offer-toast-harness.js';

describe('<ad-offer-toast>', () => {
  afterEach(() => {
    sinon.restore();
    expect(takeLitWarnings()).to.deep.equal([]);
  });

  it('shows the offer: customer, number, channel, queue, preview, seconds left with a bar, Accept and Decline; accessible', async () => {
    const { el, toasts } = await mountOfferToast();
    const [toast] = toasts.offers;
    expect(toast.getAttribute('role')).to.equal('group');
    expect(toast.getAttribute('aria-label')).to.equal('Grace Hopper');
    expect(text(toast)).to.equal('Grace Hopper +15550002 SMS · General 20 s left My parcel is late Accept Decline');
    const progress = toast.querySelector('progress')!;
    expect([progress.max, progress.value]).to.deep.equal([30_000, 20_000]);
    expect(toasts.announcement).to.equal('Conversation offered: Grace Hopper.');
    await expect(el).to.be.accessible();
  });

  it('shows a transfer note: "From Ann: …"', async () => {
    const transfer = {
      fromAgentId: 'ann',
      fromAgentName: 'Ann',
      toQueueId: null,
      toAgentId: 'agent-1',
      note: 'Wants a refund,\norder 42',
      at: OFFERED_AT,
    };
    const { el } = await mountOfferToast(offersSetUp([offer('c1', OFFERED_AT, { transfer })]));
    const note = el.shadowRoot!.querySelector('[part~="transfer-note"]')!;
    expect(note.textContent).to.equal('From Ann: Wants a refund,\norder 42');
    await expect(el).to.be.accessible();
  });

  it('accepts: the conversation is taken and opened (ad-conversation-select), the toast goes', async () => {
    const { el, actions, store, toasts } = await mountOfferToast();
    const selected: string[] = [];
    el.addEventListener('ad-conversation-select', (e) => selected.push(e.detail.conversationId!));
    toasts.button(toasts.offers[0], 'accept').click();
    await waitUntil(() => toasts.offers.length === 0, 'the toast gone');
    expect(actions.acceptOffer.calledOnceWith('c1')).to.equal(true);
    expect(selected).to.deep.equal(['c1']);
    expect(store.getState().selectedConversationId).to.equal('c1');
    expect(el.shadowRoot!.querySelector('section')).to.equal(null);
  });

  it('declines', async () => {
    const { actions, store, toasts } = await mountOfferToast();
    toasts.button(toasts.offers[0], 'decline').click();
    await waitUntil(() => toasts.offers.length === 0, 'the toast gone');
    expect(actions.declineOffer.calledOnceWith('c1')).to.equal(true);
    expect(store.getState().selectedConversationId).to.equal(null);
  });

  it('shows a refusal (the offer had ended)', async () => {
    const { el, toasts } = await mountOfferToast(offersSetUp(), {
      acceptOffer: () => Promise.reject(hubRefusal('offer_gone', 'This offer has already ended.')),
    });
    toasts.button(toasts.offers[0], 'accept').click();
    await waitUntil(() => !toasts.error.hidden, 'the refusal shown');
    expect(toasts.error.getAttribute('role')).to.equal('alert');
    expect(text(toasts.error)).to.equal('This offer has already ended.'); // the hub's words
    await expect(el).to.be.accessible();
  });

  it('counts down each second (on the given clock) and goes at 0, before the hub says the offer ended', async () => {
    // The toast's one timer is faked (its clock is the test's own): each tick is a second the test lets pass.
    const timers = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldClearNativeTimers: true });
    const { toasts, clock } = await mountOfferToast();
    expect(toasts.countdown).to.equal('20 s left');
    clock.ms += 1000;
    await timers.tickAsync(1000);
    expect(toasts.countdown).to.equal('19 s left');
    clock.ms += 18_500;
    await timers.tickAsync(1000);
    expect(toasts.countdown).to.equal('1 s left');
    clock.ms += 500;
    await timers.tickAsync(500); // the next change: the offer's end, half a second on
    expect(toasts.offers).to.have.length(0);
    expect(timers.countTimers()).to.equal(0); // nothing left to count down
  });

  it('stacks offers, oldest first; a new one takes the focus, unless the agent is typing', async () => {
    const { el, store, toasts } = await mountOfferToast(offersSetUp([]));
    const input = document.createElement('textarea');
    document.body.append(input);
    try {
      store.updateRouting((r) => ({ ...r, offers: [offer('c1', OFFERED_AT)] }));
      await el.updateComplete;
      expect(el.shadowRoot!.activeElement).to.equal(toasts.button(toasts.offers[0], 'accept'));

      input.focus();
      store.updateRouting((r) => ({ ...r, offers: [...r.offers, offer('c2', '2026-03-02T09:00:05.000Z')] }));
      await el.updateComplete;
      expect(toasts.offers.map((o) => o.getAttribute('aria-label'))).to.deep.equal(['Grace Hopper', 'Grace Hopper']);
      expect(document.activeElement).to.equal(input); // not taken from the composer
      expect(toasts.announcement).to.equal('Conversation offered: Grace Hopper.');
    } finally {
      input.remove();
    }
  });
});
