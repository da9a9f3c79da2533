import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { CHANNEL_LABELS, type ConversationSummary } from '../../../protocol/payloads.js';
import { SessionWindowController, type SessionWindowPhase } from '../../controllers/session-window-controller.js';
import { TemplatePickerRequestEvent } from '../../events/template-picker-request-event.js';
import { fullTime, relativeTime, timeLeft } from '../../format/time-format.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { themeStyles } from '../../styles/theme.styles.js';
import { DesktopElement } from '../desktop-element.js';
import { sessionWindowBannerStyles } from './session-window-banner.styles.js';

/** What the live region says when the window changes (once per change, never per tick). */
const ANNOUNCEMENTS: Record<SessionWindowPhase, string> = {
  none: '',
  open: 'The customer wrote again: the reply window is open.',
  closing: 'Less than an hour left in the reply window.',
  closed: 'The reply window has closed. Only approved templates can be sent until the customer writes again.',
};

/**
 * @summary WhatsApp's 24-hour customer-service window for a conversation: a live countdown of the time left to
 * reply freely, a warning in the last hour, and once it has closed, why only templates can be sent, with a
 * button for the template picker. Hidden for channels without a window (SMS). Screen readers hear each change
 * of state once (open, closing soon, closed), never the countdown's ticks.
 *
 * @event ad-template-picker-request - The agent asked for the template picker (cancelable; inside an
 * `<ad-desktop>` the composer's picker opens unless it is canceled).
 *
 * @csspart base - The banner (class `open`, `closing` or `closed`).
 * @csspart countdown - The time left.
 * @csspart explanation - Why only templates can be sent (closed window).
 * @csspart template-button - The "Choose template" button (closed window).
 *
 * @cssproperty --ad-session-window-background - Background while the window is open.
 * @cssproperty --ad-session-window-warning-background - Background in the last hour.
 * @cssproperty --ad-session-window-closed-background - Background once closed.
 */
export class SessionWindowBanner extends DesktopElement {
  static override styles = [themeStyles, sharedStyles, sessionWindowBannerStyles];

  private readonly view = this.select((state) => {
    const id = state.selectedConversationId;
    return { conversation: id !== null ? (state.conversations.get(id) ?? null) : null };
  });
  private readonly window = new SessionWindowController(this, {
    conversation: () => this.currentConversation,
    now: () => this.now(),
    updates: 'countdown',
  });
  /** The conversation and phase last seen, to announce changes only. */
  private seen: { conversationId: string | null; phase: SessionWindowPhase } = { conversationId: null, phase: 'none' };
  private announcement = '';

  /** The conversation to show the window of; by default the one open in the desktop. */
  @property({ attribute: false }) conversation?: ConversationSummary | null;

  private get currentConversation(): ConversationSummary | null {
    return this.conversation !== undefined ? this.conversation : this.view.value.conversation;
  }

  /** Works out what to announce, once the window's state is fresh (after the controllers, before rendering). */
  protected override update(changed: PropertyValues): void {
    const conversationId = this.currentConversation?.id ?? null;
    const { phase } = this.window.value;
    if (conversationId !== this.seen.conversationId) {
      this.announcement = ''; // another conversation: its state is on screen, nothing changed
    } else if (phase !== this.seen.phase) {
      this.announcement = ANNOUNCEMENTS[phase];
    }
    this.seen = { conversationId, phase };
    super.update(changed);
  }

  private readonly onChooseTemplate = (): void => {
    const conversation = this.currentConversation;
    if (conversation)
      this.dispatchEvent(new TemplatePickerRequestEvent({ conversationId: conversation.id, mode: 'send' }));
  };

  override render() {
    return html`${this.renderBanner()}
      <p class="visually-hidden" role="status">${this.announcement}</p>`;
  }

  private renderBanner() {
    const conversation = this.currentConversation;
    const { phase, remainingMs, endsAt, now } = this.window.value;
    if (!conversation || phase === 'none') return nothing;
    const channel = CHANNEL_LABELS[conversation.channel] ?? conversation.channel;
    if (phase !== 'closed') {
      return html`
        <div part="base" class="base ${phase}">
          <p class="text">
            Reply window:
            <time
              part="countdown"
              class="countdown"
              datetime=${endsAt!.toISOString()}
              title="Closes ${fullTime(endsAt!.toISOString())}"
              >${timeLeft(remainingMs)} left</time
            >${phase === 'closing' ? html`<span class="detail"> · then only approved templates can be sent</span>` : nothing}
          </p>
        </div>
      `;
    }
    const wrote = conversation.lastInboundAt
      ? `The customer last wrote ${relativeTime(conversation.lastInboundAt, now)}.`
      : 'The customer has not written yet.';
    return html`
      <div part="base" class="base closed">
        <p part="explanation" class="text">
          <strong>Reply window closed.</strong> ${wrote} ${channel} allows only approved templates until they write
          again.
        </p>
        ${
          conversation.status === 'closed'
            ? nothing
            : html`<button part="template-button" class="button" type="button" @click=${this.onChooseTemplate}>
                Choose template
              </button>`
        }
      </div>
    `;
  }
}
