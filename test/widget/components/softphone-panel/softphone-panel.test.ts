import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import type { Call } from '../../../../src/protocol/calls.js';
import { RingTone } from '../../../../src/widget/audio/ring-tone.js';
import type { SoftphonePanel } from '../../../../src/widget/components/softphone-panel/softphone-panel.component.js';
import { call } from '../../support/data.js';
import { mount, settle, text } from '../../support/dom.js';
import { takeLitWarnings } from '../../support/lit-warnings.js';
import { hubRefusal } from '../../support/refusal.js';
import {
  ANSWERED_AT,
  connected,
  inWrapUp,
  mountSoftphone,
  ringing,
  S,
  SoftphoneHarness,
  storeWith,
} from './softphone-harness.js';

describe('<ad-softphone-panel>', () => {
  afterEach(() => {
    sinon.restore();
    expect(takeLitWarnings()).to.deep.equal([]);
  });

  it("rings: the caller's name and number, the queue, Answer and Decline; accessible", async () => {
    const start = sinon.spy(RingTone.prototype, 'start');
    const { el, phone } = await mountSoftphone([ringing()]);
    expect(phone.part('base').classList.contains('offered')).to.equal(true);
    expect(text(phone.part('caller'))).to.equal('Jane Doe +15551234567');
    expect(text(phone.$('.summary')))
      .to.contain('Incoming call')
      .and.contain('Customer support');
    expect(phone.buttons).to.deep.equal(['Answer', 'Decline']);
    expect(phone.announcement).to.equal('Incoming call from Jane Doe, +15551234567.');
    expect(start.called).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('shows the number alone for a caller the CRM does not know, and the withheld case', async () => {
    const { el, store, phone } = await mountSoftphone([call({ id: 'c1', lookupStatus: 'not_found' })]);
    expect(text(phone.part('caller'))).to.equal('+15551234567');
    store.putCall(
      call({ id: 'c1', callerNumber: null, ani: '', lookupStatus: 'no_number', updatedAt: '2026-03-02T09:00:07.000Z' }),
    );
    await el.updateComplete;
    expect(text(phone.part('caller'))).to.equal('Withheld number');
  });

  it('answers: the ring stops, focus moves to the call controls, the timer counts from the answer (hub clock)', async () => {
    const stop = sinon.spy(RingTone.prototype, 'stop');
    const { el, actions, clock, phone } = await mountSoftphone([ringing()]);
    phone.part('answer-button').focus();
    await phone.answer();
    expect(actions.answerCall.calledOnceWith('c1')).to.equal(true);
    expect(phone.part('base').classList.contains('connected')).to.equal(true);
    expect(phone.buttons).to.deep.equal(['Mute', 'Hold', 'Keypad', 'Transfer', 'Hang up']);
    expect(phone.focused).to.equal(phone.part('mute-button'));
    expect(stop.called).to.equal(true);
    expect(phone.announcement).to.equal('Call connected.');
    expect(text(phone.part('timer'))).to.equal('Call time: 0:00');

    clock.ms += 65 * S;
    el.requestUpdate();
    await el.updateComplete;
    expect(text(phone.part('timer'))).to.equal('Call time: 1:05');
    clock.ms += 60 * 60 * S;
    el.requestUpdate();
    await el.updateComplete;
    expect(text(phone.part('timer'))).to.equal('Call time: 1:01:05');
    await expect(el).to.be.accessible();
  });

  it('declines', async () => {
    const { actions, phone } = await mountSoftphone([ringing()]);
    await phone.decline();
    expect(actions.declineCall.calledOnceWith('c1')).to.equal(true);
    expect(phone.callPanel).to.equal(null); // the call went back to the queue, to someone else
  });

  it('mutes (a toggle: aria-pressed), holds and resumes on the same button, then hangs up into wrap-up', async () => {
    const { el, actions, phone } = await mountSoftphone([connected()]);
    const mute = phone.part('mute-button');
    expect(mute.getAttribute('aria-pressed')).to.equal('false');
    await phone.mute();
    expect(actions.muteCall.calledOnceWith({ callId: 'c1', muted: true })).to.equal(true);
    expect(mute.getAttribute('aria-pressed')).to.equal('true');
    expect(text(mute)).to.equal('Mute'); // the name stays; the state is "pressed"
    await phone.mute();
    expect(actions.muteCall.secondCall.args[0]).to.deep.equal({ callId: 'c1', muted: false });

    const hold = phone.part('hold-button');
    hold.focus();
    await phone.hold();
    expect(actions.holdCall.calledOnceWith('c1')).to.equal(true);
    expect(phone.part('base').classList.contains('on_hold')).to.equal(true);
    expect(text(phone.part('hold-button'))).to.equal('Resume');
    expect(phone.focused).to.equal(hold); // the same button: focus stays
    expect(phone.part('keypad-button').disabled).to.equal(true); // touch-tones only while connected
    expect(phone.announcement).to.equal('The caller is on hold.');
    await expect(el).to.be.accessible();

    await phone.hold();
    expect(actions.resumeCall.calledOnceWith('c1')).to.equal(true);
    expect(phone.announcement).to.equal('The call is resumed.');

    phone.part('hang-up-button').focus();
    await phone.hangUp();
    expect(actions.hangUpCall.calledOnceWith('c1')).to.equal(true);
    expect(phone.part('base').classList.contains('wrap_up')).to.equal(true);
    // the wrap-up's first field takes the focus, once the wrap-up has rendered
    await waitUntil(() => phone.focused === phone.wrapUpPart('notes'), 'the focus on the notes');
  });

  it('enables only what the call state allows (agentActionsFor)', async () => {
    const { phone } = await mountSoftphone([
      connected({ state: 'on_hold', heldAt: new Date(ANSWERED_AT + S).toISOString() }),
    ]);
    expect(phone.part('hold-button').disabled).to.equal(false);
    expect(phone.part('transfer-button').disabled).to.equal(false);
    expect(phone.part('hang-up-button').disabled).to.equal(false);
    expect(phone.part('mute-button').disabled).to.equal(false);
  });

  it('keypad: opens with focus on "1", sends pressed and typed digits in order, Escape closes it', async () => {
    const { el, actions, phone } = await mountSoftphone([connected()]);
    const toggle = phone.part('keypad-button');
    toggle.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => text(phone.focused) === '1', 'the focus on "1"');
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    expect(toggle.getAttribute('aria-controls')).to.equal(phone.keypad!.id);
    expect(phone.keys.map((k) => text(k))).to.deep.equal(['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#']);
    await expect(el).to.be.accessible();

    await sendKeys({ press: 'Enter' }); // "1"
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Space' }); // "2"
    await sendKeys({ type: '3#*0' });
    await waitUntil(() => actions.sendDtmf.callCount === 6, 'six tones');
    expect(actions.sendDtmf.getCalls().map((c) => c.args[0])).to.deep.equal(
      ['1', '2', '3', '#', '*', '0'].map((digits) => ({ callId: 'c1', digits })),
    );
    await waitUntil(() => phone.sent === 'Sent: 123#*0', 'the digits sent shown');

    await sendKeys({ press: 'Escape' });
    await waitUntil(() => phone.focused === toggle, 'the focus back on Keypad');
    expect(phone.keypad).to.equal(null);
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
  });

  it('transfer: the transfer dialog for the call, queues and agents (busy ones disabled), usable from the keyboard', async () => {
    const { el, actions, store, phone } = await mountSoftphone([connected()]);
    const open = phone.part('transfer-button');
    open.focus();
    const transfer = await phone.openTransfer();
    expect(transfer.dialog.matches(':modal')).to.equal(true);
    expect(transfer.title).to.equal('Transfer the call');
    expect(transfer.options.slice(1)).to.deep.equal([
      ['queueId:support', 'Customer support', false],
      ['queueId:billing', 'Billing', false],
      ['agentId:bob', 'Bob Brown', false],
      ['agentId:carol', 'Carol King (busy)', true],
    ]);
    expect(transfer.note).to.equal(null); // calls carry no note
    expect(actions.getTransferTargets.calledOnce).to.equal(true);
    await expect(el).to.be.accessible();

    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !transfer.dialog.open && phone.focused === open, 'closed, the focus back on Transfer');
    expect(actions.transferCall.called).to.equal(false);

    await phone.openTransfer();
    transfer.select.focus();
    transfer.select.value = 'agentId:bob';
    await sendKeys({ press: 'Tab' });
    expect(phone.focused).to.equal(transfer.submitButton);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => actions.transferCall.called, 'transferred');
    expect(actions.transferCall.firstCall.args[0]).to.deep.equal({ callId: 'c1', agentId: 'bob' });
    await waitUntil(() => phone.callPanel === null, 'the call gone from this agent');
    expect(store.getState().calls.size).to.equal(0);
  });

  it('shows why a transfer was refused and keeps the dialog open', async () => {
    const transferCall = () =>
      Promise.reject(hubRefusal('agent_unavailable', 'Bob Brown is not available to take a call.'));
    const { phone } = await mountSoftphone([connected()], ANSWERED_AT, { transferCall });
    const transfer = await phone.openTransfer();
    await transfer.transfer('agentId:bob');
    await waitUntil(() => !transfer.error.hidden, 'refusal shown');
    expect(text(transfer.error)).to.equal(
      'That agent cannot take a call right now. Choose a queue or another agent. (Bob Brown is not available to take a call.)',
    );
    expect(transfer.dialog.open).to.equal(true);
  });

  it('closes the transfer dialog when the call moves on (the caller hangs up: wrap-up)', async () => {
    const { store, phone } = await mountSoftphone([connected()]);
    const { dialog } = await phone.openTransfer();
    store.putCall(inWrapUp(ANSWERED_AT + 2 * 60 * S, { updatedAt: '2026-03-02T09:01:00.000Z' }));
    await waitUntil(() => !dialog.open, 'the dialog closed');
    expect(phone.wrapUp).to.not.equal(null);
  });

  it('wrap-up: the time left, and the wrap-up form (<ad-call-wrap-up>) for the call; completed, the softphone is free', async () => {
    const endsAt = ANSWERED_AT + 5 * 60 * S;
    const { el, actions, phone } = await mountSoftphone([inWrapUp(endsAt)], endsAt - 45 * S);
    expect(text(phone.$('.title'))).to.equal('Wrap-up');
    expect(text(phone.part('timer'))).to.equal('Wrap-up time: 0:45 left');
    expect(phone.wrapUp!.callId).to.equal('c1');
    await phone.wrapUp!.updateComplete;
    await expect(el).to.be.accessible();

    const select = phone.wrapUpPart<HTMLSelectElement>('disposition');
    phone.wrapUpPart<HTMLTextAreaElement>('notes').focus();
    await sendKeys({ type: 'Customer will call back' });
    select.value = 'follow_up';
    select.dispatchEvent(new Event('change'));
    await phone.wrapUp!.updateComplete;
    phone.wrapUpPart('complete-button').click();
    await waitUntil(() => actions.completeWrapUp.called, 'completed');
    expect(actions.completeWrapUp.firstCall.args[0]).to.deep.equal({
      callId: 'c1',
      notes: 'Customer will call back',
      disposition: 'follow_up',
    });
    await waitUntil(() => phone.callPanel === null, 'ended: the softphone is free');
  });

  it('ticks with fake timers: once a second from the answer, one timer at a time; the wrap-up counts down and stops', async () => {
    const timers = sinon.useFakeTimers({
      now: ANSWERED_AT + 400,
      toFake: ['setTimeout', 'clearTimeout', 'Date'],
      shouldClearNativeTimers: true,
    });
    const el = await fixture<SoftphonePanel>(
      html`<ad-softphone-panel .store=${storeWith(connected())}></ad-softphone-panel>`,
    );
    const phone = new SoftphoneHarness(el);
    expect(text(phone.part('timer'))).to.equal('Call time: 0:00');
    await timers.tickAsync(599);
    expect(text(phone.part('timer'))).to.equal('Call time: 0:00');
    await timers.tickAsync(1);
    expect(text(phone.part('timer'))).to.equal('Call time: 0:01');
    await timers.tickAsync(59 * S);
    expect(text(phone.part('timer'))).to.equal('Call time: 1:00');
    expect(timers.countTimers()).to.equal(1);

    el.store = storeWith(inWrapUp(Date.now() + 3 * S));
    await el.updateComplete;
    expect(text(phone.part('timer'))).to.equal('Wrap-up time: 0:03 left');
    await timers.tickAsync(S);
    expect(text(phone.part('timer'))).to.equal('Wrap-up time: 0:02 left');
    await timers.tickAsync(2 * S);
    expect(text(phone.part('timer'))).to.equal('Wrap-up time: Time is up: new calls can reach you');
    expect(timers.countTimers()).to.equal(0); // nothing left to count
  });

  it('announces each change of state once (ringing, connected, on hold, wrap-up), never the ticks', async () => {
    const timers = sinon.useFakeTimers({
      now: ANSWERED_AT,
      toFake: ['setTimeout', 'clearTimeout', 'Date'],
      shouldClearNativeTimers: true,
    });
    const store = storeWith(ringing());
    const el = await fixture<SoftphonePanel>(html`<ad-softphone-panel .store=${store}></ad-softphone-panel>`);
    const region = new SoftphoneHarness(el).liveRegion;
    const heard: string[] = [text(region)];
    new MutationObserver(() => heard.push(text(region))).observe(region, {
      subtree: true,
      childList: true,
      characterData: true,
    });
    let version = 1;
    const move = async (patch: Partial<Call>) => {
      store.putCall({
        ...store.getState().calls.get('c1')!,
        ...patch,
        updatedAt: new Date(ANSWERED_AT + version++).toISOString(),
      });
      await timers.tickAsync(10 * S);
    };
    await move({ state: 'connected', answeredAt: new Date().toISOString() });
    await move({ muted: true });
    await move({ state: 'on_hold' });
    await move({ state: 'connected' });
    await move({
      state: 'wrap_up',
      wrapUp: {
        notes: '',
        disposition: null,
        startedAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 60 * S).toISOString(),
        completedAt: null,
      },
    });
    await timers.tickAsync(30 * S);
    expect(heard.filter(Boolean)).to.deep.equal([
      'Incoming call from Jane Doe, +15551234567.',
      'Call connected.',
      'The caller is on hold.',
      'The call is resumed.',
      'The call has ended. Wrap up: add notes and choose a disposition.',
    ]);
  });

  it('shows the call in progress first, and how many more calls the agent has', async () => {
    const { phone } = await mountSoftphone([
      call({
        id: 'w1',
        state: 'wrap_up',
        arrivedAt: '2026-03-02T08:00:00.000Z',
        answeredAt: '2026-03-02T08:00:10.000Z',
      }),
      connected({ id: 'c2' }),
      call({ id: 'other', assignedAgentId: 'agent-2' }), // a supervisor's store holds other agents' calls too
    ]);
    expect(phone.part('base').classList.contains('connected')).to.equal(true);
    expect(text(phone.part('more'))).to.equal('+1 more call');
  });

  it("shows the hub's refusal", async () => {
    const answerCall = () =>
      Promise.reject(hubRefusal('illegal_call_transition', 'The call is ended (ended → connected is not allowed).'));
    const { phone } = await mountSoftphone([ringing()], ANSWERED_AT, { answerCall });
    phone.part('answer-button').click();
    await waitUntil(() => !phone.part('error').hidden, 'refusal shown');
    expect(text(phone.part('error'))).to.equal(
      'That is no longer possible: the call has moved on (the caller may have hung up, or someone else has it now). (The call is ended (ended → connected is not allowed).)',
    );
    expect(phone.part('error').getAttribute('role')).to.equal('alert');
  });

  it('is hidden when the organisation has no voice; idle it shows at most the call-alerts offer', async () => {
    const store = storeWith(ringing());
    store.setVoiceSettings({ ...storeWith().getState().voice!, enabled: false });
    const el = await mount('ad-softphone-panel', { store });
    const phone = new SoftphoneHarness(el);
    expect(phone.$('[part~="base"]')).to.equal(null);
    expect(el.getBoundingClientRect().height).to.equal(0);

    el.store = storeWith();
    await el.updateComplete;
    const idle = phone.$('[part~="base"]');
    if (Notification.permission === 'default') {
      expect(text(idle)).to.contain('Turn on call alerts');
      await expect(el).to.be.accessible();
    } else {
      expect(idle).to.equal(null);
    }
  });

  it('asks for notification permission from the call-alerts button', async () => {
    const requestPermission = sinon.stub(Notification, 'requestPermission').resolves('granted');
    sinon.stub(Notification, 'permission').get(() => 'default');
    const { phone } = await mountSoftphone([]);
    phone.part('alerts-button').click();
    expect(requestPermission.calledOnce).to.equal(true);
  });

  describe('desktop notification', () => {
    const shown: Array<{ title: string; options: NotificationOptions; closed: boolean; onclick: (() => void) | null }> =
      [];
    let visibility: DocumentVisibilityState = 'hidden';

    beforeEach(() => {
      shown.length = 0;
      visibility = 'hidden';
      class FakeNotification {
        static permission: NotificationPermission = 'granted';
        static requestPermission = () => Promise.resolve('granted' as NotificationPermission);
        onclick: (() => void) | null = null;
        readonly record: (typeof shown)[number];
        constructor(title: string, options: NotificationOptions) {
          this.record = { title, options, closed: false, onclick: null };
          shown.push(this.record);
          queueMicrotask(() => (this.record.onclick = this.onclick));
        }
        close() {
          this.record.closed = true;
        }
      }
      sinon.replace(window, 'Notification', FakeNotification as unknown as typeof Notification);
      sinon.stub(document, 'visibilityState').get(() => visibility);
    });

    it('notifies once per offer while the tab is hidden; clicking it focuses the window; it closes on answer', async () => {
      const focus = sinon.stub(window, 'focus');
      const { el, store } = await mountSoftphone([ringing()]);
      await waitUntil(() => shown.length > 0, 'a notification');
      expect(shown.map((n) => [n.title, n.options.body])).to.deep.equal([
        ['Incoming call', 'Incoming call from Jane Doe, +15551234567.'],
      ]);
      el.requestUpdate(); // re-renders do not notify again
      document.dispatchEvent(new Event('visibilitychange'));
      await settle(el);
      expect(shown).to.have.length(1);
      shown[0].onclick!();
      expect(focus.calledOnce).to.equal(true);

      store.putCall(connected({ updatedAt: '2026-03-02T09:00:20.000Z' }));
      await waitUntil(() => shown[0].closed, 'the notification closed');
    });

    it('does not notify while the agent sees the tab, but does once it is hidden during the ring', async () => {
      visibility = 'visible';
      const { el } = await mountSoftphone([ringing()]);
      await settle(el);
      expect(shown).to.have.length(0);
      visibility = 'hidden';
      document.dispatchEvent(new Event('visibilitychange'));
      expect(shown).to.have.length(1);
    });
  });
});
