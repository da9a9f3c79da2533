import { html, nothing, type PropertyValues } from 'lit';
import type { ConversationSummary } from '../../../protocol/payloads.js';
import type { ConversationOffer } from '../../../protocol/routing.js';
import { ClockController, soonestWhole } from '../../controllers/clock-controller.js';
import { ConversationSelectEvent } from '../../events/conversation-select-event.js';
import { CHANNEL_LABELS, transferText } from '../../format/labels.js';
import { formStyles } from '../../styles/form.styles.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { themeStyles } from '../../styles/theme.styles.js';
import { deepActiveElement } from '../../utilities/deep-active-element.js';
import { DesktopElement } from '../desktop-element.js';
import { offerToastStyles } from './offer-toast.styles.js';

const NO_OFFERS: readonly ConversationOffer[] = [];

/**
 * @summary Conversations offered to the agent, one toast each (stacked, oldest first): the customer, channel,
 * preview, queue, a transfer's note ("From Ann: …"), the seconds left (on the hub's clock) with a bar, and Accept /
 * Decline. A toast goes when the offer ends, at the latest when its time is up. Accepting opens the conversation.
 * Screen readers hear each new offer once (a polite live region); the new offer's Accept button takes the focus
 * unless the agent is typing somewhere. No key accepts or declines by itself: both are buttons.
 *
 * @event ad-conversation-select - The agent accepted an offer, which then opens (cancelable: it does not).
 *
 * @csspart base - The stack.
 * @csspart offer - One offer.
 * @csspart transfer-note - Who transferred it and their note.
 * @csspart countdown - Seconds left.
 * @csspart progress - The `<progress>` of the time left.
 * @csspart accept-button - "Accept".
 * @csspart decline-button - "Decline".
 * @csspart error - Why the last answer was refused.
 */
export class OfferToast extends DesktopElement {
  static override styles = [themeStyles, sharedStyles, formStyles, offerToastStyles];

  private readonly view = this.select((state) => ({
    offers: state.routing?.offers ?? NO_OFFERS,
    queues: state.routing?.queues,
  }));
  /** Offers already shown (conversation and offer time), to announce and focus new ones only. */
  private seen = new Set<string>();
  private announcement = '';
  private focusNew = false;

  constructor() {
    super();
    // The countdowns move each second, and an offer goes when its time is up.
    new ClockController(this, {
      now: () => this.now(),
      next: (now) =>
        soonestWhole(
          1000,
          this.view.value.offers.map((offer) => Date.parse(offer.expiresAt)).filter((end) => end > now),
          now,
        ),
    });
  }

  /** The offers still open on the hub's clock. */
  private get open(): readonly ConversationOffer[] {
    const now = this.now().getTime();
    return this.view.value.offers.filter((offer) => Date.parse(offer.expiresAt) > now);
  }

  protected override willUpdate(): void {
    const { seen, open } = this;
    const key = (offer: ConversationOffer) => offer.conversation.id + offer.offeredAt;
    this.seen = new Set(open.map(key));
    const fresh = open.filter((offer) => !seen.has(key(offer))).pop()?.conversation;
    if (fresh) {
      this.announcement = `Conversation offered: ${whoOf(fresh)}.`;
      // Never taken from where the agent is typing (the composer, a form of the host page).
      this.focusNew = !deepActiveElement()?.matches('input,textarea,select,[contenteditable]');
    }
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.focusNew)
      this.renderRoot.querySelector<HTMLElement>('.offer:last-of-type [part~="accept-button"]')?.focus();
    this.focusNew = false;
  }

  /** Takes the conversation, then opens it as choosing it in the inbox does (`ad-conversation-select`, cancelable). */
  private accept(conversationId: string): Promise<boolean> {
    return this.run(async (actions) => {
      await actions.acceptOffer(conversationId);
      const event = new ConversationSelectEvent({ conversationId });
      if (this.dispatchEvent(event)) actions.selectConversation(conversationId);
    });
  }

  override render() {
    const offers = this.open;
    return html`${
        offers.length > 0 || this.error
          ? html`<section part="base" aria-label="Offers">
              ${offers.map((offer) => this.renderOffer(offer))}
              <p part="error" class="error" role="alert" ?hidden=${!this.error}>${this.error}</p>
            </section>`
          : nothing
      }
      <p class="visually-hidden" role="status">${this.announcement}</p>`;
  }

  private renderOffer({ conversation, transfer, queueId, expiresAt, offeredAt }: ConversationOffer) {
    const left = Date.parse(expiresAt) - this.now().getTime();
    const queue = this.view.value.queues?.find((q) => q.id === queueId)?.name;
    const who = whoOf(conversation);
    return html`<div part="offer" class="offer" role="group" aria-label=${who}>
      <b>${who}</b>
      <span class="hint"
        >${conversation.customerName ? conversation.customerAddress : ''} ${CHANNEL_LABELS[conversation.channel]}
        ${queue ? `· ${queue}` : ''}</span
      >
      <span part="countdown" class="countdown"
        >${Math.ceil(left / 1000)} s<span class="visually-hidden"> left</span></span
      >
      <progress
        part="progress"
        aria-hidden="true"
        max=${Date.parse(expiresAt) - Date.parse(offeredAt)}
        .value=${left}
      ></progress>
      <p>${conversation.preview}</p>
      ${transfer ? html`<p part="transfer-note" class="note">${transferText(transfer)}</p>` : nothing}
      <button
        part="accept-button"
        class="button primary small"
        type="button"
        ?disabled=${this.busy}
        @click=${() => this.accept(conversation.id)}
      >
        Accept
      </button>
      <button
        part="decline-button"
        class="button small"
        type="button"
        ?disabled=${this.busy}
        @click=${() => this.run((actions) => actions.declineOffer(conversation.id))}
      >
        Decline
      </button>
    </div>`;
  }
}

function whoOf(conversation: ConversationSummary): string {
  return conversation.customerName || conversation.customerAddress;
}
