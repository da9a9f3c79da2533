import { html, nothing, type PropertyValues } from 'lit';
import { query, state } from 'lit/decorators.js';
import { agentActionsFor, type Call, type CallAction, type CallState } from '../../../protocol/calls.js';
import { CallAlertsController } from '../../controllers/call-alerts-controller.js';
import { ClockController, untilNextWhole } from '../../controllers/clock-controller.js';
import type { DesktopActions } from '../../desktop/desktop-actions.js';
import { callerOf, incomingCallText } from '../../format/labels.js';
import { callClock } from '../../format/time-format.js';
import { agentCalls } from '../../state/active-call.js';
import { formStyles } from '../../styles/form.styles.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { themeStyles } from '../../styles/theme.styles.js';
import { showTransferDialog } from '../../utilities/load-part.js';
import '../call-keypad/call-keypad.js';
import type { CallKeypad } from '../call-keypad/call-keypad.component.js';
import '../call-wrap-up/call-wrap-up.js';
import { DesktopElement } from '../desktop-element.js';
import type { TransferDialog } from '../transfer-dialog/transfer-dialog.component.js';
import { softphonePanelStyles } from './softphone-panel.styles.js';

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

interface SoftphoneView {
  calls: Call[];
  /** Whether the organisation has voice: null until the hub says. */
  voice: boolean | null;
  /** Another tab of the agent holds the hub connection: that tab rings and notifies, this one only shows. */
  relayed: boolean;
}

const sameView = (a: SoftphoneView, b: SoftphoneView) =>
  a.voice === b.voice &&
  a.relayed === b.relayed &&
  a.calls.length === b.calls.length &&
  a.calls.every((call, i) => call === b.calls[i]);

/** A call that can be transferred: one the agent is talking to or holding. */
const inProgress = (state: CallState | null | undefined) => state === 'connected' || state === 'on_hold';

/**
 * @summary The agent's phone: an incoming call rings (a tone made in the browser, and a desktop notification
 * while the tab is hidden, when notifications are allowed) with the caller's number and name; Answer or Decline.
 * During the call: a timer, Mute, Hold/Resume, a DTMF keypad (`<ad-call-keypad>`), Transfer (to a queue or an
 * available agent, in an `<ad-transfer-dialog>`) and Hang up. Afterwards the wrap-up (`<ad-call-wrap-up>`: notes, a
 * disposition, then "Complete wrap-up") with the wrap-up time left.
 *
 * It shows the agent's most urgent call (a call in progress, else a ringing one, else the oldest wrap-up) and how
 * many more there are. Buttons follow the contract's `agentActionsFor(state)`; every state comes from the hub,
 * so a reload shows the call again as it is. Screen readers hear each change of state once (ringing, connected,
 * on hold, wrap-up), never the timer. When what had the focus goes (Answer once answered, Hang up once hung up),
 * the focus moves to the next control. The ring is silent until the agent has used the page (browsers allow sound
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
 * @csspart keypad - The `<ad-call-keypad>` (its keys exported as part `key`).
 * @csspart transfer-button - "Transfer".
 * @csspart hang-up-button - "Hang up".
 * @csspart transfer-dialog - The `<ad-transfer-dialog>`.
 * @csspart wrap-up - The `<ad-call-wrap-up>` (its `notes`, `disposition` and `complete-button` parts exported).
 * @csspart notes - The wrap-up's notes field.
 * @csspart disposition - The wrap-up's disposition select.
 * @csspart complete-button - "Complete wrap-up".
 * @csspart key - A key of the keypad.
 * @csspart more - How many more calls the agent has.
 * @csspart error - Why the last action failed.
 * @csspart alerts-button - "Turn on call alerts" (idle, while notifications are neither allowed nor refused).
 *
 * @cssproperty --ad-softphone-background - Background during a call.
 * @cssproperty --ad-softphone-ringing-background - Background while a call rings.
 */
export class SoftphonePanel extends DesktopElement {
  static override styles = [themeStyles, sharedStyles, formStyles, softphonePanelStyles];

  private readonly view = this.select<SoftphoneView>(
    (state) => ({
      calls: agentCalls(state),
      voice: state.voice ? state.voice.enabled : null,
      relayed: !!state.connection.relayed,
    }),
    sameView,
  );
  private readonly alerts = new CallAlertsController(this, {
    call: () => this.call,
    relayed: () => this.view.value.relayed,
  });
  /** The call's timer and the wrap-up's time left move each second. */
  private readonly clock = new ClockController(this, { now: () => this.now(), next: (now) => this.nextSecond(now) });
  /** The shown call's id and state when last rendered, to announce changes only. */
  private seen: { id: string | null; state: CallState | null } = { id: null, state: null };
  private announcement = '';
  /** Focus was in the panel when it last rendered: if what had it went away, focus moves to the next control. */
  private hadFocus = false;

  @query('ad-call-keypad') private keypad?: CallKeypad;
  @query('ad-transfer-dialog') private transferDialog?: TransferDialog;

  @state() private keypadOpen = false;

  private get call(): Call | null {
    return this.view.value.calls[0] ?? null;
  }

  /** Works out what to announce and resets per-call state when another call is shown (before rendering). */
  protected override update(changed: PropertyValues): void {
    const call = this.call;
    const id = call?.id ?? null;
    const callState = call?.state ?? null;
    if (id !== this.seen.id) {
      // Another call: only a new ring is news (a call already connected after a reload is not).
      this.announcement = callState === 'offered' ? incomingCallText(call!) : '';
      this.keypadOpen = false;
      this.error = '';
      this.closeTransfer();
    } else if (callState !== this.seen.state && callState) {
      this.announcement =
        callState === 'connected' && this.seen.state === 'on_hold'
          ? 'The call is resumed.'
          : (ANNOUNCEMENTS[callState] ?? '');
      if (callState !== 'connected') this.keypadOpen = false;
      if (!inProgress(callState)) this.closeTransfer();
    }
    this.seen = { id, state: callState };
    this.hadFocus = this.shadowRoot!.activeElement !== null;
    super.update(changed);
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.hadFocus && this.shadowRoot!.activeElement === null) {
      this.renderRoot.querySelector<HTMLElement>('.base button:not(:disabled), .base ad-call-wrap-up')?.focus();
    }
  }

  /** Closes the transfer dialog (the call moved on); before its chunk has loaded, it was never opened. */
  private closeTransfer(): void {
    if (customElements.get('ad-transfer-dialog')) this.transferDialog?.close();
  }

  /** When the timer (from the answer) or the wrap-up's countdown (to its end, where it stops) shows its next second. */
  private nextSecond(now: number): number | null {
    const call = this.call;
    if (call?.state === 'wrap_up') {
      const end = Date.parse(call.wrapUp?.endsAt ?? '');
      return end > now ? untilNextWhole(1000, end, now) : null;
    }
    const answered = call && call.state !== 'offered' ? Date.parse(call.answeredAt ?? '') : NaN;
    return Number.isNaN(answered) ? null : untilNextWhole(1000, answered, now);
  }

  private can(call: Call, action: CallAction): boolean {
    return agentActionsFor(call.state).includes(action);
  }

  /** A button's click: a call action on the shown call, its refusal shown in the panel. */
  private act(work: (actions: DesktopActions, call: Call) => Promise<unknown>): () => void {
    return () => {
      const call = this.call;
      if (call) void this.run((actions) => work(actions, call));
    };
  }

  private async toggleKeypad(): Promise<void> {
    this.keypadOpen = !this.keypadOpen;
    await this.updateComplete;
    if (this.keypadOpen) this.keypad?.focus();
    else this.renderRoot.querySelector<HTMLElement>('[part~="keypad-button"]')?.focus();
  }

  /** Escape in the keypad closes it. */
  private readonly onKeypadKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    void this.toggleKeypad();
  };

  override render() {
    const call = this.call;
    return html`${this.view.value.voice === false ? nothing : call ? this.renderCall(call) : this.renderIdle()}
      <p class="visually-hidden" role="status">${this.announcement}</p>
      ${
        call
          ? html`<ad-transfer-dialog
              part="transfer-dialog"
              call-id=${call.id}
              .store=${this.store}
              .actions=${this.hubActions}
            ></ad-transfer-dialog>`
          : nothing
      }`;
  }

  private renderIdle() {
    if (!this.view.value.voice || !this.alerts.canAsk) return nothing;
    return html`<div part="base" class="base idle">
      <span class="hint">Calls can alert you while this tab is hidden.</span>
      <button part="alerts-button" class="button" type="button" @click=${() => void this.alerts.ask()}>
        Turn on call alerts
      </button>
    </div>`;
  }

  private renderCall(call: Call) {
    const { name, number } = callerOf(call);
    const more = this.view.value.calls.length - 1;
    const now = this.clock.now.getTime();
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
          <span part="caller" class="caller"
            >${name ? html`<strong>${name}</strong> ` : nothing}<span class="number">${number}</span></span
          >
          ${call.state === 'offered' && call.queue ? html`<span class="hint">${call.queue.name}</span>` : nothing}
          ${
            timer
              ? html`<span part="timer" class="timer"
                  ><span class="visually-hidden">${call.state === 'wrap_up' ? 'Wrap-up time: ' : 'Call time: '}</span
                  >${timer}</span
                >`
              : nothing
          }
          ${more > 0 ? html`<span part="more" class="badge more">+${more} more ${more === 1 ? 'call' : 'calls'}</span>` : nothing}
        </div>
        ${
          call.state === 'wrap_up'
            ? html`<ad-call-wrap-up
                part="wrap-up"
                class="wrap-up"
                exportparts="notes, disposition, complete-button"
                call-id=${call.id}
                .store=${this.store}
                .actions=${this.hubActions}
              ></ad-call-wrap-up>`
            : this.renderControls(call)
        }
        <p part="error" class="error" role="alert" ?hidden=${!this.error}>${this.error}</p>
      </div>
    `;
  }

  private renderControls(call: Call) {
    const act = this.act.bind(this);
    if (call.state === 'offered') {
      return html`<div part="controls" class="controls">
        <button
          part="answer-button"
          class="button primary"
          type="button"
          ?disabled=${!this.can(call, 'answer')}
          @click=${act((a, c) => a.answerCall(c.id))}
        >
          Answer
        </button>
        <button
          part="decline-button"
          class="button"
          type="button"
          ?disabled=${!this.can(call, 'decline')}
          @click=${act((a, c) => a.declineCall(c.id))}
        >
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
          @click=${() => void showTransferDialog(this.renderRoot)}
        >
          Transfer
        </button>
        <button
          part="hang-up-button"
          class="button danger"
          type="button"
          ?disabled=${!this.can(call, 'hang_up')}
          @click=${act((a, c) => a.hangUpCall(c.id))}
        >
          Hang up
        </button>
      </div>
      ${
        this.keypadOpen
          ? html`<ad-call-keypad
              id="keypad"
              part="keypad"
              class="keypad"
              exportparts="key"
              call-id=${call.id}
              .store=${this.store}
              .actions=${this.hubActions}
              @keydown=${this.onKeypadKeyDown}
            ></ad-call-keypad>`
          : nothing
      }`;
  }
}
