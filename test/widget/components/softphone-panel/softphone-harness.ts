import { waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import type { Call } from '../../../../src/protocol/calls.js';
import type { CallKeypad } from '../../../../src/widget/components/call-keypad/call-keypad.component.js';
import type { CallWrapUp } from '../../../../src/widget/components/call-wrap-up/call-wrap-up.component.js';
import '../../../../src/widget/components/softphone-panel/softphone-panel.js';
import type { SoftphonePanel } from '../../../../src/widget/components/softphone-panel/softphone-panel.component.js';
import type { TransferDialog } from '../../../../src/widget/components/transfer-dialog/transfer-dialog.component.js';
import type { DesktopActions } from '../../../../src/widget/desktop/desktop-actions.js';
import { DesktopStore } from '../../../../src/widget/state/desktop-store.js';
import { deepActiveElement } from '../../../../src/widget/utilities/deep-active-element.js';
import { call, JANE, VOICE } from '../../support/data.js';
import { mount, settle, text } from '../../support/dom.js';
import { fakeActions } from '../../support/fake-actions.js';
import { TransferDialogHarness } from '../transfer-dialog/transfer-dialog-harness.js';

export const S = 1000;
/** When the calls of these tests were answered (the hub's clock). */
export const ANSWERED_AT = Date.parse('2026-03-02T09:00:10.000Z');

/** A call ringing at agent-1 from Jane Doe, whom the CRM knows. */
export const ringing = (overrides: Partial<Call> = {}) =>
  call({ id: 'c1', lookupStatus: 'found', customer: JANE, ...overrides });
/** The same call, answered at ANSWERED_AT. */
export const connected = (overrides: Partial<Call> = {}) =>
  ringing({ state: 'connected', answeredAt: new Date(ANSWERED_AT).toISOString(), ...overrides });
/** The same call in wrap-up, ending at `endsAt`. */
export const inWrapUp = (endsAt: number, overrides: Partial<Call> = {}) =>
  connected({
    state: 'wrap_up',
    endedAt: new Date(endsAt - 60 * S).toISOString(),
    wrapUp: {
      notes: '',
      disposition: null,
      startedAt: new Date(endsAt - 60 * S).toISOString(),
      endsAt: new Date(endsAt).toISOString(),
      completedAt: null,
    },
    ...overrides,
  });

/** A store as the desktop service keeps it for agent-1 (voice on), with these calls. */
export function storeWith(...calls: Call[]): DesktopStore {
  const store = new DesktopStore();
  store.setIdentity({ agentId: 'agent-1', organisationId: 'org-1', displayName: 'Alice', roles: ['agent'] });
  store.setVoiceSettings(VOICE);
  for (const c of calls) store.putCall(c);
  return store;
}

/** Call actions as the hub answers them: the new state of the call goes into the store, as the desktop service does. */
export function callActions(store: DesktopStore, clock: { ms: number }) {
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
    sendDtmf: sinon.spy(({ callId }: { callId: string; digits: string }) =>
      Promise.resolve(store.getState().calls.get(callId)!),
    ),
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
        wrapUp: {
          notes: '',
          disposition: null,
          startedAt: iso(),
          endsAt: new Date(clock.ms + 60 * S).toISOString(),
          completedAt: null,
        },
      }),
    ),
    completeWrapUp: sinon.spy(({ callId }: { callId: string; notes: string; disposition: string }) =>
      change(callId, { state: 'ended' }),
    ),
  };
}

/**
 * The softphone on agent-1's store holding `calls`, with call actions answering as the hub does and a clock the test
 * moves (`clock.ms`); `phone` drives it.
 */
export async function mountSoftphone(calls: Call[], clockMs = ANSWERED_AT, actionsOver: Partial<DesktopActions> = {}) {
  const clock = { ms: clockMs };
  const store = storeWith(...calls);
  const actions = callActions(store, clock);
  const el = await mount('ad-softphone-panel', {
    store,
    actions: fakeActions({ ...actions, ...actionsOver }),
    now: () => new Date(clock.ms),
  });
  return { el, store, actions, clock, phone: new SoftphoneHarness(el) };
}

/** What the agent sees of the softphone and does with it. */
export class SoftphoneHarness {
  constructor(readonly el: SoftphonePanel) {}

  $<T extends HTMLElement = HTMLElement>(selector: string): T | null {
    return this.el.shadowRoot!.querySelector<T>(selector);
  }

  /** A part of the panel (e.g. `answer-button`). */
  part<T extends HTMLElement = HTMLButtonElement>(name: string): T {
    return this.$<T>(`[part~="${name}"]`)!;
  }

  /** The names of the call buttons shown. */
  get buttons(): string[] {
    return [...this.el.shadowRoot!.querySelectorAll('.controls button')].map((b) => text(b));
  }

  /** What screen readers last heard. */
  get announcement(): string {
    return text(this.$('[role="status"]'));
  }

  /** The live region (to follow what it says). */
  get liveRegion(): HTMLElement {
    return this.$('[role="status"]')!;
  }

  /** The call's panel (not the idle call-alerts offer), or null when no call is shown. */
  get callPanel(): HTMLElement | null {
    return this.$('.base:not(.idle)');
  }

  /** What has the keyboard focus, inside the softphone's parts too. */
  get focused(): HTMLElement | null {
    return deepActiveElement();
  }

  /** Clicks a button of the panel and lets the action finish. */
  async click(part: string): Promise<void> {
    this.part(part).click();
    await settle(this.el);
  }

  answer = () => this.click('answer-button');
  decline = () => this.click('decline-button');
  mute = () => this.click('mute-button');
  hold = () => this.click('hold-button');
  hangUp = () => this.click('hang-up-button');

  /** The keypad, while it is open. */
  get keypad(): CallKeypad | null {
    return this.$<CallKeypad>('ad-call-keypad');
  }

  /** The keypad's keys. */
  get keys(): HTMLButtonElement[] {
    return [...(this.keypad?.shadowRoot?.querySelectorAll<HTMLButtonElement>('[part~="key"]') ?? [])];
  }

  /** What the keypad says was sent. */
  get sent(): string {
    return text(this.keypad?.shadowRoot?.querySelector('[part~="sent"]'));
  }

  /** The wrap-up form, in wrap-up. */
  get wrapUp(): CallWrapUp | null {
    return this.$<CallWrapUp>('ad-call-wrap-up');
  }

  /** A part of the wrap-up form (`notes`, `disposition`, `complete-button`). */
  wrapUpPart<T extends HTMLElement = HTMLButtonElement>(name: string): T {
    return this.wrapUp!.shadowRoot!.querySelector<T>(`[part~="${name}"]`)!;
  }

  /** The transfer dialog (once a call is shown). */
  get transfer(): TransferDialogHarness {
    return new TransferDialogHarness(this.$<TransferDialog>('ad-transfer-dialog')!);
  }

  /** Clicks Transfer and waits for the dialog with its queues and agents. */
  async openTransfer(): Promise<TransferDialogHarness> {
    this.part('transfer-button').click();
    await waitUntil(() => this.$('ad-transfer-dialog')?.shadowRoot, 'the transfer dialog loaded');
    await this.transfer.loaded();
    return this.transfer;
  }
}
