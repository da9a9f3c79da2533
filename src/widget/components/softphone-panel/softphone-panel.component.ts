import { consume } from '@lit/context';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import {
  agentActionsFor,
  DEFAULT_CALL_DISPOSITIONS,
  MAX_WRAP_UP_NOTES_CHARACTERS,
  type Call,
  type CallAction,
  type CallDisposition,
  type CallState,
  type TransferTargets,
} from '../../../protocol/calls.js';
import { RingTone } from '../../audio/ring-tone.js';
import type { DesktopActions } from '../../desktop/desktop-actions.js';
import { describeError } from '../../desktop/describe-error.js';
import { callerOf } from '../../format/labels.js';
import { callClock } from '../../format/time-format.js';
import { HUB_UNREACHABLE, toHubRequestError } from '../../hub/hub-request-error.js';
import { agentCalls } from '../../state/active-call.js';
import { desktopActionsContext, desktopStoreContext } from '../../state/desktop-context.js';
import type { DesktopStore } from '../../state/desktop-store.js';
import { StoreController } from '../../state/store-controller.js';
import { formStyles } from '../../styles/form.styles.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { themeStyles } from '../../styles/theme.styles.js';
import { softphonePanelStyles } from './softphone-panel.styles.js';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

const TITLES: Partial<Record<CallState, string>> = {
  offered: 'Incoming call',
  connected: 'In call',
  on_hold: 'On hold',
  wrap_up: 'Wrap-up',
};

/** What the live region says when the shown call changes state (once per change, never the timer's ticks). */
const ANNOUNCEMENTS: Partial<Record<CallState, string>> = {
  connected: 'Call connected.',
  on_hold: 'The caller is on hold.',
  wrap_up: 'The call has ended. Wrap up: add notes and choose a disposition.',
};

type Target = { queueId: string } | { agentId: string };

interface SoftphoneView {
  calls: Call[];
  /** Whether the organisation has voice: null until the hub says. */
  voice: boolean | null;
  dispositions: readonly CallDisposition[];
  /** Another tab of the agent holds the hub connection: that tab rings and notifies, this one only shows. */
  relayed: boolean;
}

const sameView = (a: SoftphoneView, b: SoftphoneView) =>
  a.voice === b.voice && a.relayed === b.relayed && a.dispositions === b.dispositions && a.calls.length === b.calls.length && a.calls.every((call, i) => call === b.calls[i]);

/**
 * @summary The agent's phone: an incoming call rings (a tone made in the browser, and a desktop notification
 * while the tab is hidden, when notifications are allowed) with the caller's number and name; Answer or Decline.
 * During the call: a timer, Mute, Hold/Resume, a DTMF keypad, Transfer (to a queue or an available agent) and
 * Hang up. Afterwards the wrap-up: notes, a disposition and the wrap-up time left, then "Complete wrap-up".
 *
 * It shows the agent's most urgent call (a call in progress, else a ringing one, else the oldest wrap-up) and how
 * many more there are. Buttons follow the contract's `agentActionsFor(state)`; every state comes from the hub,
 * so a reload shows the call again as it is. Screen readers hear each change of state once (ringing, connected,
 * on hold, wrap-up), never the timer. The ring is silent until the agent has used the page (browsers allow sound
 * only after a click or key press); of the agent's tabs sharing one hub connection, only the one holding it rings and
 * notifies (`ConnectionInfo.relayed`). Hidden while the organisation has no voice (`VoiceSettings.enabled` false).
 * When notifications have not been allowed or refused yet, an idle bar offers "Turn on call alerts".
 *
 * @csspart base - The panel (class `offered`, `connected`, `on_hold`, `wrap_up`, or `idle`).
 * @csspart caller - The caller's name and number.
 * @csspart timer - The call's duration, or the wrap-up time left.
 * @csspart controls - The row of call buttons.
 * @csspart answer-button - "Answer".
 * @csspart decline-button - "Decline".
 * @csspart mute-button - "Mute" (aria-pressed while muted).
 * @csspart hold-button - "Hold", or "Resume" while on hold.
 * @csspart keypad-button - "Keypad" (aria-expanded).
 * @csspart keypad - The DTMF keypad.
 * @csspart transfer-button - "Transfer".
 * @csspart hang-up-button - "Hang up".
 * @csspart transfer-dialog - The transfer `<dialog>`.
 * @csspart wrap-up - The wrap-up form.
 * @csspart notes - The notes field.
 * @csspart disposition - The disposition select.
 * @csspart complete-button - "Complete wrap-up".
 * @csspart more - How many more calls the agent has.
 * @csspart error - Why the last action failed.
 *
 * @cssproperty --ad-softphone-background - Background during a call.
 * @cssproperty --ad-softphone-ringing-background - Background while a call rings.
 */
export class SoftphonePanel extends LitElement {
  static override styles = [themeStyles, sharedStyles, formStyles, softphonePanelStyles];

  private readonly view = new StoreController<SoftphoneView>(
    this,
    () => this.store ?? this.providedStore,
    (state) => ({
      calls: agentCalls(state),
      voice: state.voice ? state.voice.enabled : null,
      dispositions: state.voice?.dispositions ?? DEFAULT_CALL_DISPOSITIONS,
      relayed: !!state.connection.relayed,
    }),
    sameView,
  );
  private readonly ring = new RingTone();
  /** The shown call's id and state when last rendered, to announce changes only. */
  private seen: { id: string | null; state: CallState | null } = { id: null, state: null };
  private announcement = '';
  /** Focus was in the panel when it last rendered: if what had it went away, focus moves to the next control. */
  private hadFocus = false;
  private tick: ReturnType<typeof setTimeout> | null = null;
  /** The offer last notified (call id and offer time), so each offer notifies once. */
  private notifiedOffer = '';
  private notification: Notification | null = null;
  /** Touch-tones go out one after another, in the order pressed. */
  private dtmf: Promise<unknown> = Promise.resolve();

  @query('dialog') private dialog?: HTMLDialogElement;

  /** The store to read; by default the one an enclosing `<ad-desktop>` provides. */
  @property({ attribute: false }) store?: DesktopStore;
  /** Where call actions go; by default the enclosing `<ad-desktop>`. */
  @property({ attribute: false }) actions?: DesktopActions;
  /** The clock timers are measured with (`<ad-desktop>` passes the hub's; replace it in tests). */
  @property({ attribute: false }) now: () => Date = () => new Date();

  @consume({ context: desktopStoreContext, subscribe: true })
  @state()
  private providedStore?: DesktopStore;
  @consume({ context: desktopActionsContext, subscribe: true })
  @state()
  private providedActions?: DesktopActions;
  /** A call action is on its way to the hub (further clicks are ignored until it answers). */
  private busy = false;
  @state() private error = '';
  @state() private keypadOpen = false;
  /** Digits sent from the keypad during this call. */
  @state() private dialled = '';
  @state() private transferOpen = false;
  @state() private targets: TransferTargets | null = null;
  @state() private transferError = '';
  /** The wrap-up being written: for which call, its notes and disposition. */
  @state() private draft = { callId: '', notes: '', disposition: '' };

  private get call(): Call | null {
    return this.view.value.calls[0] ?? null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.notifyOffer);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.notifyOffer);
    this.ring.dispose();
    this.notification?.close();
    if (this.tick !== null) clearTimeout(this.tick);
    this.tick = null;
  }

  /** Works out what to announce and resets per-call state when another call is shown (before rendering). */
  protected override update(changed: PropertyValues): void {
    const call = this.call;
    const id = call?.id ?? null;
    const callState = call?.state ?? null;
    if (id !== this.seen.id) {
      // Another call: only a new ring is news (a call already connected after a reload is not).
      this.announcement = callState === 'offered' ? this.offerText(call!) : '';
      this.keypadOpen = false;
      this.dialled = '';
      this.error = '';
      if (this.transferOpen) this.closeTransfer();
    } else if (callState !== this.seen.state && callState) {
      this.announcement =
        callState === 'connected' && this.seen.state === 'on_hold' ? 'The call is resumed.' : (ANNOUNCEMENTS[callState] ?? '');
      if (callState !== 'connected') this.keypadOpen = false;
      if (this.transferOpen && callState !== 'connected' && callState !== 'on_hold') this.closeTransfer();
    }
    this.seen = { id, state: callState };
    if (call && this.draft.callId !== call.id) this.draft = { callId: call.id, notes: '', disposition: '' };
    this.hadFocus = this.shadowRoot!.activeElement !== null;
    super.update(changed);
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const call = this.call;
    if (call?.state === 'offered' && !this.view.value.relayed) this.ring.start();
    else this.ring.stop();
    this.notifyOffer();
    if (call?.state !== 'offered' && this.notification) {
      this.notification.close();
      this.notification = null;
    }
    if (this.hadFocus && this.shadowRoot!.activeElement === null) {
      this.renderRoot.querySelector<HTMLElement>('.base button:not(:disabled), .base textarea')?.focus();
    }
    this.scheduleTick();
  }

  /** The timer and the wrap-up countdown move each second; one timeout at a time, set from the injected clock. */
  private scheduleTick(): void {
    if (this.tick !== null) clearTimeout(this.tick);
    this.tick = null;
    const call = this.call;
    const now = this.now().getTime();
    // The timer counts from the answer; the wrap-up counts down to its end (and stops there).
    const from = call?.state === 'wrap_up' ? call.wrapUp?.endsAt : call?.state !== 'offered' ? call?.answeredAt : null;
    const at = from ? Date.parse(from) : NaN;
    if (Number.isNaN(at) || (call!.state === 'wrap_up' && at <= now)) return;
    this.tick = setTimeout(() => {
      this.tick = null;
      this.requestUpdate();
    }, 1000 - ((((now - at) % 1000) + 1000) % 1000));
  }

  private offerText(call: Call): string {
    const { name, number } = callerOf(call);
    return `Incoming call from ${name ? `${name}, ` : ''}${number}.`;
  }

  /** A desktop notification for a ring the agent may not see: notifications allowed and the tab hidden. */
  private readonly notifyOffer = (): void => {
    const call = this.call;
    const key = call?.state === 'offered' ? `${call.id} ${call.offeredAt}` : '';
    if (!key || key === this.notifiedOffer || this.view.value.relayed || typeof Notification === 'undefined') return;
    if (Notification.permission !== 'granted' || document.visibilityState !== 'hidden') return;
    try {
      const notification = new Notification('Incoming call', { body: this.offerText(call!), tag: `ad-call-${call!.id}` });
      notification.onclick = () => {
        window.focus();
        notification.close();
      };
      this.notification = notification;
      this.notifiedOffer = key;
    } catch {
      // notifications that cannot be made here (e.g. some mobile browsers): the ring and the panel remain
    }
  };

  private readonly askPermission = (): void => {
    void Notification.requestPermission()
      .catch(() => undefined)
      .then(() => this.requestUpdate());
  };

  private get hubActions(): DesktopActions | undefined {
    return this.actions ?? this.providedActions;
  }

  /** Runs a call action, one at a time; a refusal is shown in the panel. */
  private async act(work: (actions: DesktopActions, call: Call) => Promise<unknown>): Promise<void> {
    const call = this.call;
    const actions = this.hubActions;
    if (!call || this.busy) return;
    this.error = '';
    if (!actions) {
      this.error = describeError(HUB_UNREACHABLE);
      return;
    }
    this.busy = true;
    try {
      await work(actions, call);
    } catch (error) {
      const { code, message } = toHubRequestError(error);
      this.error = describeError(code, message);
    } finally {
      this.busy = false;
    }
  }

  private can(call: Call, action: CallAction): boolean {
    return agentActionsFor(call.state).includes(action);
  }

  private async toggleKeypad(): Promise<void> {
    this.keypadOpen = !this.keypadOpen;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(this.keypadOpen ? '.key' : '[part~="keypad-button"]')?.focus();
  }

  private dial(digit: string): void {
    const call = this.call;
    const actions = this.hubActions;
    if (!call || call.state !== 'connected') return;
    this.dialled = (this.dialled + digit).slice(-32);
    this.dtmf = this.dtmf.then(async () => {
      try {
        await actions?.sendDtmf({ callId: call.id, digits: digit });
      } catch (error) {
        const { code, message } = toHubRequestError(error);
        this.error = describeError(code, message);
      }
    });
  }

  /** Digits, * and # typed anywhere in the keypad are sent; Escape closes it. */
  private readonly onKeypadKey = (event: KeyboardEvent): void => {
    if (/^[0-9*#]$/.test(event.key)) {
      event.preventDefault();
      this.dial(event.key);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      void this.toggleKeypad();
    }
  };

  private async openTransfer(): Promise<void> {
    const actions = this.hubActions;
    this.transferOpen = true;
    this.targets = null;
    this.transferError = '';
    await this.updateComplete;
    this.dialog?.showModal();
    this.renderRoot.querySelector<HTMLElement>('dialog .button')?.focus();
    try {
      if (!actions) throw toHubRequestError(new Error(HUB_UNREACHABLE));
      this.targets = await actions.getTransferTargets();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('dialog .target:not(:disabled)')?.focus();
    } catch (error) {
      const { code, message } = toHubRequestError(error);
      this.transferError = describeError(code, message);
    }
  }

  private closeTransfer(): void {
    this.transferOpen = false;
    if (this.dialog?.open) this.dialog.close();
    this.renderRoot.querySelector<HTMLElement>('[part~="transfer-button"]')?.focus();
  }

  /** The dialog closed by itself (Escape). */
  private readonly onDialogClose = (): void => {
    if (this.transferOpen) this.closeTransfer();
  };

  private async transfer(target: Target): Promise<void> {
    const call = this.call;
    const actions = this.hubActions;
    if (!call || !actions || this.busy) return;
    this.busy = true;
    this.transferError = '';
    try {
      await actions.transferCall({ callId: call.id, ...target });
      this.closeTransfer();
    } catch (error) {
      const { code, message } = toHubRequestError(error);
      this.transferError = describeError(code, message);
    } finally {
      this.busy = false;
    }
  }

  private readonly onCompleteWrapUp = (event: Event): void => {
    event.preventDefault();
    const { notes, disposition } = this.draft;
    if (disposition) void this.act((actions, call) => actions.completeWrapUp({ callId: call.id, notes, disposition }));
  };

  override render() {
    const call = this.call;
    return html`${this.view.value.voice === false ? nothing : call ? this.renderCall(call) : this.renderIdle()}
      <p class="visually-hidden" role="status">${this.announcement}</p>
      <dialog part="transfer-dialog" class="dialog" aria-labelledby="transfer-title" @close=${this.onDialogClose}>
        ${this.transferOpen ? this.renderTransfer() : nothing}
      </dialog>`;
  }

  private renderIdle() {
    if (!this.view.value.voice || typeof Notification === 'undefined' || Notification.permission !== 'default') return nothing;
    return html`<div part="base" class="base idle">
      <span class="hint">Calls can alert you while this tab is hidden.</span>
      <button class="button" type="button" @click=${this.askPermission}>Turn on call alerts</button>
    </div>`;
  }

  private renderCall(call: Call) {
    const { name, number } = callerOf(call);
    const more = this.view.value.calls.length - 1;
    const now = this.now().getTime();
    let timer = '';
    if (call.state === 'wrap_up' && call.wrapUp) {
      const left = Date.parse(call.wrapUp.endsAt) - now;
      timer = left > 0 ? `${callClock(left + 999)} left` : 'Time is up: new calls can reach you';
    } else if (call.state !== 'offered' && call.answeredAt) {
      timer = callClock(now - Date.parse(call.answeredAt));
    }
    return html`
      <div part="base" class="base ${call.state}">
        <div class="summary">
          <span class="title">${TITLES[call.state]}</span>
          <span part="caller" class="caller">${name ? html`<strong>${name}</strong> ` : nothing}<span class="number">${number}</span></span>
          ${call.state === 'offered' && call.queue ? html`<span class="hint">${call.queue.name}</span>` : nothing}
          ${timer
            ? html`<span part="timer" class="timer"
                ><span class="visually-hidden">${call.state === 'wrap_up' ? 'Wrap-up time: ' : 'Call time: '}</span>${timer}</span
              >`
            : nothing}
          ${more > 0 ? html`<span part="more" class="badge more">+${more} more ${more === 1 ? 'call' : 'calls'}</span>` : nothing}
        </div>
        ${call.state === 'wrap_up' ? this.renderWrapUp(call) : this.renderControls(call)}
        <p part="error" class="error" role="alert" ?hidden=${!this.error}>${this.error}</p>
      </div>
    `;
  }

  private renderControls(call: Call) {
    const act = (work: (actions: DesktopActions, call: Call) => Promise<unknown>) => () => void this.act(work);
    if (call.state === 'offered') {
      return html`<div part="controls" class="controls">
        <button part="answer-button" class="button primary" type="button" ?disabled=${!this.can(call, 'answer')} @click=${act((a, c) => a.answerCall(c.id))}>
          Answer
        </button>
        <button part="decline-button" class="button" type="button" ?disabled=${!this.can(call, 'decline')} @click=${act((a, c) => a.declineCall(c.id))}>
          Decline
        </button>
      </div>`;
    }
    const held = call.state === 'on_hold';
    return html`<div part="controls" class="controls">
        <button
          part="mute-button"
          class="button"
          type="button"
          aria-pressed=${call.muted ? 'true' : 'false'}
          @click=${act((a, c) => a.muteCall({ callId: c.id, muted: !c.muted }))}
        >
          Mute
        </button>
        <button
          part="hold-button"
          class="button"
          type="button"
          ?disabled=${!this.can(call, held ? 'resume' : 'hold')}
          @click=${act((a, c) => (held ? a.resumeCall(c.id) : a.holdCall(c.id)))}
        >
          ${held ? 'Resume' : 'Hold'}
        </button>
        <button
          part="keypad-button"
          class="button"
          type="button"
          aria-expanded=${this.keypadOpen ? 'true' : 'false'}
          aria-controls="keypad"
          ?disabled=${held}
          @click=${() => void this.toggleKeypad()}
        >
          Keypad
        </button>
        <button
          part="transfer-button"
          class="button"
          type="button"
          ?disabled=${!this.can(call, 'transfer_to_queue')}
          @click=${() => void this.openTransfer()}
        >
          Transfer
        </button>
        <button part="hang-up-button" class="button danger" type="button" ?disabled=${!this.can(call, 'hang_up')} @click=${act((a, c) => a.hangUpCall(c.id))}>
          Hang up
        </button>
      </div>
      ${this.keypadOpen
        ? html`<div id="keypad" part="keypad" class="keypad" role="group" aria-label="Keypad" @keydown=${this.onKeypadKey}>
            <div class="keys">
              ${KEYS.map((key) => html`<button class="button key" type="button" @click=${() => this.dial(key)}>${key}</button>`)}
            </div>
            <output class="hint">${this.dialled ? `Sent: ${this.dialled}` : 'Press or type digits, * and #.'}</output>
          </div>`
        : nothing}`;
  }

  private renderWrapUp(call: Call) {
    const { notes, disposition } = this.draft;
    const { dispositions } = this.view.value;
    return html`
      <form part="wrap-up" class="wrap-up" aria-label="Wrap-up" @submit=${this.onCompleteWrapUp}>
        <label class="label" for="notes">Notes</label>
        <textarea
          id="notes"
          part="notes"
          class="input"
          rows="2"
          maxlength=${MAX_WRAP_UP_NOTES_CHARACTERS}
          .value=${notes}
          @input=${(event: Event) => (this.draft = { ...this.draft, notes: (event.target as HTMLTextAreaElement).value })}
        ></textarea>
        <label class="label" for="disposition">Disposition</label>
        <select
          id="disposition"
          part="disposition"
          class="input"
          @change=${(event: Event) => (this.draft = { ...this.draft, disposition: (event.target as HTMLSelectElement).value })}
        >
          <option value="" ?selected=${!disposition}>Choose…</option>
          ${dispositions.map((d) => html`<option value=${d.id} ?selected=${d.id === disposition}>${d.label}</option>`)}
        </select>
        <div class="actions">
          <span id="wrap-up-reason" class="hint" ?hidden=${!!disposition}>Choose a disposition to complete the wrap-up.</span>
          <button
            part="complete-button"
            class="button primary"
            type="submit"
            aria-describedby="wrap-up-reason"
            ?disabled=${!disposition || !this.can(call, 'complete_wrap_up')}
          >
            Complete wrap-up
          </button>
        </div>
      </form>
    `;
  }

  private renderTransfer() {
    const targets = this.targets;
    const list = (id: string, title: string, items: Array<{ label: string; available: boolean; target: Target }>, empty: string) => html`
      <h3 id=${id}>${title}</h3>
      ${items.length > 0
        ? html`<ul class="targets" aria-labelledby=${id}>
            ${items.map(
              (item) => html`<li>
                <button class="button target" type="button" ?disabled=${!item.available} @click=${() => void this.transfer(item.target)}>
                  ${item.label}${item.available ? nothing : html`<span class="hint"> (busy)</span>`}
                </button>
              </li>`,
            )}
          </ul>`
        : html`<p class="empty">${empty}</p>`}
    `;
    return html`
      <div class="dialog-header">
        <h2 id="transfer-title">Transfer the call</h2>
        <button class="button" type="button" @click=${() => this.closeTransfer()}>Cancel</button>
      </div>
      ${targets
        ? html`${list('queues', 'Queues', targets.queues.map((q) => ({ label: q.name, available: true, target: { queueId: q.id } })), 'No queues.')}
          ${list(
            'agents',
            'Agents',
            targets.agents.map((a) => ({ label: a.displayName, available: a.available, target: { agentId: a.agentId } })),
            'No other agent is connected.',
          )}`
        : this.transferError
          ? nothing
          : html`<p class="hint">Loading queues and agents…</p>`}
      <p class="error" role="alert" ?hidden=${!this.transferError}>${this.transferError}</p>
    `;
  }
}
