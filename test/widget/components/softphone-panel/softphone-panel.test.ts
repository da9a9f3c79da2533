import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import type { Call } from '../../../../src/protocol/calls.js';
import { RingTone } from '../../../../src/widget/audio/ring-tone.js';
import '../../../../src/widget/components/softphone-panel/softphone-panel.js';
import type { SoftphonePanel } from '../../../../src/widget/components/softphone-panel/softphone-panel.component.js';
import type { DesktopActions } from '../../../../src/widget/desktop/desktop-actions.js';
import { HubRequestError } from '../../../../src/widget/hub/hub-request-error.js';
import { DesktopStore } from '../../../../src/widget/state/desktop-store.js';
import { call, JANE, VOICE } from '../../support/data.js';
import { takeLitWarnings } from '../../support/lit-warnings.js';

const S = 1000;
const ANSWERED_AT = Date.parse('2026-03-02T09:00:10.000Z');

/** A store as the desktop service keeps it for agent-1. */
function storeWith(...calls: Call[]): DesktopStore {
  const store = new DesktopStore();
  store.setIdentity({ agentId: 'agent-1', organisationId: 'org-1', displayName: 'Alice', roles: ['agent'] });
  store.setVoiceSettings(VOICE);
  for (const c of calls) store.putCall(c);
  return store;
}

/** Call actions as the hub answers them: the new state of the call goes into the store, as the service does. */
function fakeActions(store: DesktopStore, clock: { ms: number }) {
  const change = (callId: string, patch: Partial<Call>) => {
    const current = store.getState().calls.get(callId)!;
    const next: Call = { ...current, ...patch, updatedAt: new Date(Date.parse(current.updatedAt) + 1).toISOString() };
    store.putCall(next, next.state === 'ended' || next.assignedAgentId !== 'agent-1');
    return Promise.resolve(next);
  };
  const iso = () => new Date(clock.ms).toISOString();
  return {
    answerCall: sinon.spy((id: string) => change(id, { state: 'connected', answeredAt: iso() })),
    declineCall: sinon.spy((id: string) => change(id, { state: 'queued', assignedAgentId: null })),
    holdCall: sinon.spy((id: string) => change(id, { state: 'on_hold', heldAt: iso() })),
    resumeCall: sinon.spy((id: string) => change(id, { state: 'connected', heldAt: null })),
    muteCall: sinon.spy(({ callId, muted }: { callId: string; muted: boolean }) => change(callId, { muted })),
    sendDtmf: sinon.spy(({ callId }: { callId: string }) => Promise.resolve(store.getState().calls.get(callId)!)),
    getTransferTargets: sinon.spy(() =>
      Promise.resolve({
        queues: VOICE.queues,
        agents: [
          { agentId: 'bob', displayName: 'Bob Brown', available: true },
          { agentId: 'carol', displayName: 'Carol King', available: false },
        ],
      }),
    ),
    transferCall: sinon.spy(({ callId, agentId }: { callId: string; agentId?: string }) =>
      change(callId, { state: agentId ? 'offered' : 'queued', assignedAgentId: agentId ?? null }),
    ),
    hangUpCall: sinon.spy((id: string) =>
      change(id, {
        state: 'wrap_up',
        endedAt: iso(),
        wrapUp: { notes: '', disposition: null, startedAt: iso(), endsAt: new Date(clock.ms + 60 * S).toISOString(), completedAt: null },
      }),
    ),
    completeWrapUp: sinon.spy(({ callId }: { callId: string }) => change(callId, { state: 'ended' })),
    lookupCustomer: sinon.spy((id: string) => change(id, {})),
    createCase: sinon.spy(({ callId }: { callId: string }) => change(callId, {})),
  };
}

async function mount(calls: Call[], clockMs = ANSWERED_AT) {
  const clock = { ms: clockMs };
  const store = storeWith(...calls);
  const actions = fakeActions(store, clock);
  const el = await fixture<SoftphonePanel>(
    html`<ad-softphone-panel .store=${store} .actions=${actions as unknown as DesktopActions} .now=${() => new Date(clock.ms)}></ad-softphone-panel>`,
  );
  return { el, store, actions, clock };
}

const $ = <T extends HTMLElement = HTMLElement>(el: SoftphonePanel, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const part = <T extends HTMLElement = HTMLButtonElement>(el: SoftphonePanel, name: string) => $<T>(el, `[part~="${name}"]`)!;
const text = (node: Element | null) => node?.textContent!.replace(/\s+/g, ' ').trim() ?? '';
const buttons = (el: SoftphonePanel) => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.controls button')].map((b) => text(b));
const focused = (el: SoftphonePanel) => el.shadowRoot!.activeElement;
const liveRegion = (el: SoftphonePanel) => $(el, '[role="status"]')!;
/** The panel of a call (not the idle call-alerts offer). */
const callShown = (el: SoftphonePanel) => $(el, '.base:not(.idle)');

async function settle(el: SoftphonePanel) {
  await new Promise((resolve) => setTimeout(resolve));
  await el.updateComplete;
}

const ringing = (overrides: Partial<Call> = {}) => call({ id: 'c1', lookupStatus: 'found', customer: JANE, ...overrides });
const connected = (overrides: Partial<Call> = {}) =>
  ringing({ state: 'connected', answeredAt: new Date(ANSWERED_AT).toISOString(), ...overrides });

describe('<ad-softphone-panel>', () => {
  afterEach(() => {
    sinon.restore();
    expect(takeLitWarnings()).to.deep.equal([]);
  });

  it("rings: the caller's name and number, the queue, Answer and Decline; accessible", async () => {
    const start = sinon.spy(RingTone.prototype, 'start');
    const { el } = await mount([ringing()]);
    expect(part(el, 'base').classList.contains('offered')).to.equal(true);
    expect(text(part(el, 'caller'))).to.equal('Jane Doe +15551234567');
    expect(text($(el, '.summary'))).to.contain('Incoming call').and.contain('Customer support');
    expect(buttons(el)).to.deep.equal(['Answer', 'Decline']);
    expect(text(liveRegion(el))).to.equal('Incoming call from Jane Doe, +15551234567.');
    expect(start.called).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('shows the number alone for a caller the CRM does not know, and the withheld case', async () => {
    const { el, store } = await mount([call({ id: 'c1', lookupStatus: 'not_found' })]);
    expect(text(part(el, 'caller'))).to.equal('+15551234567');
    store.putCall(call({ id: 'c1', callerNumber: null, ani: '', lookupStatus: 'no_number', updatedAt: '2026-03-02T09:00:07.000Z' }));
    await el.updateComplete;
    expect(text(part(el, 'caller'))).to.equal('Withheld number');
  });

  it('answers: the ring stops, focus moves to the call controls, the timer counts from the answer (hub clock)', async () => {
    const stop = sinon.spy(RingTone.prototype, 'stop');
    const { el, actions, clock } = await mount([ringing()]);
    part(el, 'answer-button').focus();
    part(el, 'answer-button').click();
    await settle(el);
    expect(actions.answerCall.calledOnceWith('c1')).to.equal(true);
    expect(part(el, 'base').classList.contains('connected')).to.equal(true);
    expect(buttons(el)).to.deep.equal(['Mute', 'Hold', 'Keypad', 'Transfer', 'Hang up']);
    expect(focused(el)).to.equal(part(el, 'mute-button'));
    expect(stop.called).to.equal(true);
    expect(text(liveRegion(el))).to.equal('Call connected.');
    expect(text(part(el, 'timer'))).to.equal('Call time: 0:00');

    clock.ms += 65 * S;
    el.requestUpdate();
    await el.updateComplete;
    expect(text(part(el, 'timer'))).to.equal('Call time: 1:05');
    clock.ms += 60 * 60 * S;
    el.requestUpdate();
    await el.updateComplete;
    expect(text(part(el, 'timer'))).to.equal('Call time: 1:01:05');
    await expect(el).to.be.accessible();
  });

  it('declines', async () => {
    const { el, actions } = await mount([ringing()]);
    part(el, 'decline-button').click();
    await settle(el);
    expect(actions.declineCall.calledOnceWith('c1')).to.equal(true);
    expect(callShown(el)).to.equal(null); // the call went back to the queue, to someone else
  });

  it('mutes (a toggle: aria-pressed), holds and resumes on the same button, then hangs up into wrap-up', async () => {
    const { el, actions } = await mount([connected()]);
    const mute = part(el, 'mute-button');
    expect(mute.getAttribute('aria-pressed')).to.equal('false');
    mute.click();
    await settle(el);
    expect(actions.muteCall.calledOnceWith({ callId: 'c1', muted: true })).to.equal(true);
    expect(mute.getAttribute('aria-pressed')).to.equal('true');
    expect(text(mute)).to.equal('Mute'); // the name stays; the state is "pressed"
    mute.click();
    await settle(el);
    expect(actions.muteCall.secondCall.args[0]).to.deep.equal({ callId: 'c1', muted: false });

    const hold = part(el, 'hold-button');
    hold.focus();
    hold.click();
    await settle(el);
    expect(actions.holdCall.calledOnceWith('c1')).to.equal(true);
    expect(part(el, 'base').classList.contains('on_hold')).to.equal(true);
    expect(text(part(el, 'hold-button'))).to.equal('Resume');
    expect(focused(el)).to.equal(hold); // the same button: focus stays
    expect(part(el, 'keypad-button').disabled).to.equal(true); // touch-tones only while connected
    expect(text(liveRegion(el))).to.equal('The caller is on hold.');
    await expect(el).to.be.accessible();

    part(el, 'hold-button').click();
    await settle(el);
    expect(actions.resumeCall.calledOnceWith('c1')).to.equal(true);
    expect(text(liveRegion(el))).to.equal('The call is resumed.');

    part(el, 'hang-up-button').focus();
    part(el, 'hang-up-button').click();
    await settle(el);
    expect(actions.hangUpCall.calledOnceWith('c1')).to.equal(true);
    expect(part(el, 'base').classList.contains('wrap_up')).to.equal(true);
    expect(focused(el)).to.equal(part(el, 'notes')); // the wrap-up's first field
  });

  it('enables only what the call state allows (agentActionsFor)', async () => {
    const { el } = await mount([connected({ state: 'on_hold', heldAt: new Date(ANSWERED_AT + S).toISOString() })]);
    expect(part(el, 'hold-button').disabled).to.equal(false);
    expect(part(el, 'transfer-button').disabled).to.equal(false);
    expect(part(el, 'hang-up-button').disabled).to.equal(false);
    expect(part(el, 'mute-button').disabled).to.equal(false);
  });

  it('keypad: opens with focus on "1", sends pressed and typed digits in order, Escape closes it', async () => {
    const { el, actions } = await mount([connected()]);
    const toggle = part(el, 'keypad-button');
    toggle.focus();
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    const keypad = part<HTMLElement>(el, 'keypad');
    expect(keypad.getAttribute('role')).to.equal('group');
    expect([...keypad.querySelectorAll('.key')].map((k) => text(k))).to.deep.equal(['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#']);
    expect(text(focused(el))).to.equal('1');
    await expect(el).to.be.accessible();

    await sendKeys({ press: 'Enter' }); // "1"
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Space' }); // "2"
    await sendKeys({ type: '3#*0' });
    await settle(el);
    await waitUntil(() => actions.sendDtmf.callCount === 6, 'six tones');
    expect(actions.sendDtmf.getCalls().map((c) => c.args[0])).to.deep.equal(
      ['1', '2', '3', '#', '*', '0'].map((digits) => ({ callId: 'c1', digits })),
    );
    expect(text(keypad.querySelector('output'))).to.equal('Sent: 123#*0');

    await sendKeys({ press: 'Escape' });
    await settle(el);
    expect($(el, '[part~="keypad"]')).to.equal(null);
    expect(focused(el)).to.equal(toggle);
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
  });

  it('transfer: a modal dialog of queues and agents (busy ones disabled), usable from the keyboard', async () => {
    const { el, actions, store } = await mount([connected()]);
    const open = part(el, 'transfer-button');
    open.focus();
    open.click();
    await waitUntil(() => $(el, 'dialog .target'), 'targets listed');
    await el.updateComplete;
    const dialog = $<HTMLDialogElement>(el, 'dialog')!;
    expect(dialog.matches(':modal')).to.equal(true);
    expect(text($(el, `#${dialog.getAttribute('aria-labelledby')}`))).to.equal('Transfer the call');
    const targets = [...dialog.querySelectorAll<HTMLButtonElement>('.target')];
    expect(targets.map((t) => [text(t), t.disabled])).to.deep.equal([
      ['Customer support', false],
      ['Billing', false],
      ['Bob Brown', false],
      ['Carol King (busy)', true],
    ]);
    expect(focused(el)).to.equal(targets[0]);
    await expect(el).to.be.accessible();

    await sendKeys({ press: 'Escape' });
    await settle(el);
    expect(dialog.open).to.equal(false);
    expect(focused(el)).to.equal(open);
    expect(actions.transferCall.called).to.equal(false);

    open.click();
    await waitUntil(() => $(el, 'dialog .target'), 'targets listed again');
    await el.updateComplete;
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    expect(text(focused(el))).to.equal('Bob Brown');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => actions.transferCall.called, 'transferred');
    expect(actions.transferCall.firstCall.args[0]).to.deep.equal({ callId: 'c1', agentId: 'bob' });
    await settle(el);
    expect(dialog.open).to.equal(false);
    expect(store.getState().calls.size).to.equal(0); // the call left this agent
    expect(callShown(el)).to.equal(null);
  });

  it('shows why a transfer was refused and keeps the dialog open', async () => {
    const { el, actions } = await mount([connected()]);
    const transferCall = () => Promise.reject(new HubRequestError('agent_unavailable', 'Bob Brown is not available to take a call.'));
    el.actions = { ...actions, transferCall } as unknown as DesktopActions;
    part(el, 'transfer-button').click();
    await waitUntil(() => $(el, 'dialog .target'), 'targets listed');
    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('dialog .target')][2]!.click();
    await waitUntil(() => text($(el, 'dialog [role="alert"]')) !== '', 'refusal shown');
    expect(text($(el, 'dialog [role="alert"]'))).to.equal(
      'That agent cannot take a call right now. Choose a queue or another agent. (Bob Brown is not available to take a call.)',
    );
    expect($<HTMLDialogElement>(el, 'dialog')!.open).to.equal(true);
  });

  it('wrap-up: notes, a disposition, the time left; "Complete wrap-up" waits for a disposition, with the reason shown', async () => {
    const endsAt = ANSWERED_AT + 5 * 60 * S;
    const { el, actions } = await mount(
      [
        connected({
          state: 'wrap_up',
          endedAt: new Date(endsAt - 60 * S).toISOString(),
          wrapUp: { notes: '', disposition: null, startedAt: new Date(endsAt - 60 * S).toISOString(), endsAt: new Date(endsAt).toISOString(), completedAt: null },
        }),
      ],
      endsAt - 45 * S,
    );
    expect(text($(el, '.title'))).to.equal('Wrap-up');
    expect(text(part(el, 'timer'))).to.equal('Wrap-up time: 0:45 left');
    const complete = part(el, 'complete-button');
    expect(complete.disabled).to.equal(true);
    const reason = $(el, `#${complete.getAttribute('aria-describedby')}`)!;
    expect(text(reason)).to.equal('Choose a disposition to complete the wrap-up.');
    expect(reason.hidden).to.equal(false);
    const select = part<HTMLSelectElement>(el, 'disposition');
    expect([...select.options].map((o) => o.textContent!.trim())).to.deep.equal(['Choose…', 'Resolved', 'Follow-up needed']);
    expect(part<HTMLTextAreaElement>(el, 'notes').maxLength).to.equal(4000);
    await expect(el).to.be.accessible();

    part<HTMLTextAreaElement>(el, 'notes').focus();
    await sendKeys({ type: 'Customer will call back' });
    select.value = 'follow_up';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(complete.disabled).to.equal(false);
    expect(reason.hidden).to.equal(true);
    await expect(el).to.be.accessible();
    complete.click();
    await settle(el);
    expect(actions.completeWrapUp.firstCall.args[0]).to.deep.equal({ callId: 'c1', notes: 'Customer will call back', disposition: 'follow_up' });
    expect(callShown(el)).to.equal(null); // ended: the softphone is free
  });

  it('ticks with fake timers: once a second from the answer, one timer at a time; the wrap-up counts down and stops', async () => {
    const timers = sinon.useFakeTimers({ now: ANSWERED_AT + 400, toFake: ['setTimeout', 'clearTimeout', 'Date'], shouldClearNativeTimers: true });
    const el = await fixture<SoftphonePanel>(html`<ad-softphone-panel .store=${storeWith(connected())}></ad-softphone-panel>`);
    expect(text(part(el, 'timer'))).to.equal('Call time: 0:00');
    await timers.tickAsync(599);
    expect(text(part(el, 'timer'))).to.equal('Call time: 0:00');
    await timers.tickAsync(1);
    expect(text(part(el, 'timer'))).to.equal('Call time: 0:01');
    await timers.tickAsync(59 * S);
    expect(text(part(el, 'timer'))).to.equal('Call time: 1:00');
    expect(timers.countTimers()).to.equal(1);

    el.store = storeWith(
      connected({
        state: 'wrap_up',
        wrapUp: { notes: '', disposition: null, startedAt: new Date(Date.now()).toISOString(), endsAt: new Date(Date.now() + 3 * S).toISOString(), completedAt: null },
      }),
    );
    await el.updateComplete;
    expect(text(part(el, 'timer'))).to.equal('Wrap-up time: 0:03 left');
    await timers.tickAsync(S);
    expect(text(part(el, 'timer'))).to.equal('Wrap-up time: 0:02 left');
    await timers.tickAsync(2 * S);
    expect(text(part(el, 'timer'))).to.equal('Wrap-up time: Time is up: new calls can reach you');
    expect(timers.countTimers()).to.equal(0); // nothing left to count
  });

  it('announces each change of state once (ringing, connected, on hold, wrap-up), never the ticks', async () => {
    const timers = sinon.useFakeTimers({ now: ANSWERED_AT, toFake: ['setTimeout', 'clearTimeout', 'Date'], shouldClearNativeTimers: true });
    const store = storeWith(ringing());
    const el = await fixture<SoftphonePanel>(html`<ad-softphone-panel .store=${store}></ad-softphone-panel>`);
    const region = liveRegion(el);
    const heard: string[] = [text(region)];
    new MutationObserver(() => heard.push(text(region))).observe(region, { subtree: true, childList: true, characterData: true });
    let version = 1;
    const move = async (patch: Partial<Call>) => {
      store.putCall({ ...store.getState().calls.get('c1')!, ...patch, updatedAt: new Date(ANSWERED_AT + version++).toISOString() });
      await timers.tickAsync(10 * S);
    };
    await move({ state: 'connected', answeredAt: new Date().toISOString() });
    await move({ muted: true });
    await move({ state: 'on_hold' });
    await move({ state: 'connected' });
    await move({
      state: 'wrap_up',
      wrapUp: { notes: '', disposition: null, startedAt: new Date().toISOString(), endsAt: new Date(Date.now() + 60 * S).toISOString(), completedAt: null },
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
    const { el } = await mount([
      call({ id: 'w1', state: 'wrap_up', arrivedAt: '2026-03-02T08:00:00.000Z', answeredAt: '2026-03-02T08:00:10.000Z' }),
      connected({ id: 'c2' }),
      call({ id: 'other', assignedAgentId: 'agent-2' }), // a supervisor's store holds other agents' calls too
    ]);
    expect(part(el, 'base').classList.contains('connected')).to.equal(true);
    expect(text(part(el, 'more'))).to.equal('+1 more call');
  });

  it("shows the hub's refusal", async () => {
    const { el, actions } = await mount([ringing()]);
    const answerCall = () => Promise.reject(new HubRequestError('illegal_call_transition', 'The call is ended (ended → connected is not allowed).'));
    el.actions = { ...actions, answerCall } as unknown as DesktopActions;
    part(el, 'answer-button').click();
    await waitUntil(() => !part(el, 'error').hidden, 'refusal shown');
    expect(text(part(el, 'error'))).to.equal(
      'That is no longer possible: the call has moved on (the caller may have hung up, or someone else has it now). (The call is ended (ended → connected is not allowed).)',
    );
    expect(part(el, 'error').getAttribute('role')).to.equal('alert');
  });

  it('is hidden when the organisation has no voice; idle it shows at most the call-alerts offer', async () => {
    const store = storeWith(ringing());
    store.setVoiceSettings({ ...VOICE, enabled: false });
    const el = await fixture<SoftphonePanel>(html`<ad-softphone-panel .store=${store}></ad-softphone-panel>`);
    expect($(el, '[part~="base"]')).to.equal(null);
    expect(el.getBoundingClientRect().height).to.equal(0);

    el.store = storeWith();
    await el.updateComplete;
    const idle = $(el, '[part~="base"]');
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
    const { el } = await mount([]);
    const button = [...el.shadowRoot!.querySelectorAll('button')].find((b) => text(b) === 'Turn on call alerts')!;
    button.click();
    expect(requestPermission.calledOnce).to.equal(true);
  });

  describe('desktop notification', () => {
    const shown: Array<{ title: string; options: NotificationOptions; closed: boolean; onclick: (() => void) | null }> = [];
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
      const { el, store } = await mount([ringing()]);
      await settle(el);
      expect(shown.map((n) => [n.title, n.options.body])).to.deep.equal([['Incoming call', 'Incoming call from Jane Doe, +15551234567.']]);
      el.requestUpdate(); // re-renders do not notify again
      document.dispatchEvent(new Event('visibilitychange'));
      await settle(el);
      expect(shown).to.have.length(1);
      shown[0]!.onclick!();
      expect(focus.calledOnce).to.equal(true);

      store.putCall(connected({ updatedAt: '2026-03-02T09:00:20.000Z' }));
      await settle(el);
      expect(shown[0]!.closed).to.equal(true);
    });

    it('does not notify while the agent sees the tab, but does once it is hidden during the ring', async () => {
      visibility = 'visible';
      const { el } = await mount([ringing()]);
      await settle(el);
      expect(shown).to.have.length(0);
      visibility = 'hidden';
      document.dispatchEvent(new Event('visibilitychange'));
      expect(shown).to.have.length(1);
    });
  });
});
