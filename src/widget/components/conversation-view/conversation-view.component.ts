import { html, nothing, type PropertyValues } from 'lit';
import { query } from 'lit/decorators.js';
import type { OutboundActivity } from '../../../protocol/outbound.js';
import type { Attachment, Message, MessageStatus } from '../../../protocol/payloads.js';
import { describeError } from '../../desktop/describe-error.js';
import { ClockController, untilNextWhole } from '../../controllers/clock-controller.js';
import { ConversationCloseEvent } from '../../events/conversation-close-event.js';
import { MessageEditEvent } from '../../events/message-edit-event.js';
import { attachmentView } from '../../format/attachments.js';
import {
  CHANNEL_LABELS,
  CONVERSATION_STATUS_LABELS,
  MESSAGE_STATUS_LABELS,
  transferText,
} from '../../format/labels.js';
import { splitTextLinks } from '../../format/text-links.js';
import { callClock, fullTime, messageTime } from '../../format/time-format.js';
import type { OutboxEntry } from '../../outbox/outbox-entry.js';
import type { DesktopState } from '../../state/desktop-state.js';
import { isMine } from '../../state/routing.js';
import { paneStyles } from '../../styles/pane.styles.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { themeStyles } from '../../styles/theme.styles.js';
import { DesktopElement } from '../desktop-element.js';
import { showTransferDialog } from '../../utilities/load-part.js';
import { conversationViewStyles } from './conversation-view.styles.js';

const NO_MESSAGES: readonly Message[] = [];
const NO_ACTIVITIES: readonly OutboundActivity[] = [];
const NO_ENTRIES: readonly OutboxEntry[] = [];
/** Distance from the bottom (px) within which new messages keep the view scrolled to the end. */
const STICK_TO_BOTTOM_PX = 48;

function selectView(state: DesktopState) {
  const id = state.selectedConversationId;
  return {
    conversation: id !== null ? (state.conversations.get(id) ?? null) : null,
    messages: id !== null ? (state.messages.get(id) ?? NO_MESSAGES) : NO_MESSAGES,
    activities: id !== null ? (state.outboundActivities.get(id) ?? NO_ACTIVITIES) : NO_ACTIVITIES,
    outbox: id !== null ? (state.outbox.get(id) ?? NO_ENTRIES) : NO_ENTRIES,
    catchingUp: id !== null && !!state.catchingUp?.has(id),
    loading: id !== null && state.loadingHistory.has(id),
    activity: id !== null ? state.customerActivity.get(id) : undefined,
    connected: state.connection.state === 'connected',
    agentId: state.identity?.agentId,
  };
}

/**
 * @summary The open conversation: a header (customer, channel, status, and for the agent's own conversation Park or
 * Resume, Transfer, and Close; in wrap-up the time left and "Close now") and its messages oldest to newest
 * with time, direction and delivery state. Customer text is shown as text only; http(s) URLs become links that
 * open in a new tab. Files show as images inline or as links with name, type and size (http(s) URLs only).
 * Outbound messages on the customer's timeline (sent by an outbound configuration with show-on-timeline) are among
 * the messages by time, set apart: who sent them, the template and the delivery state; their text as plain text.
 * A conversation transferred to this agent shows who sent it and their note. The agent's messages not yet with the
 * hub (the outbox) follow, as "Sending…" or "Waiting for the network"; one the hub refused says why, with Retry,
 * Edit (`ad-message-edit`: the composer takes the text) and Discard. While the conversation is being caught up after
 * a reconnect, "Catching up…" says its messages may not be complete yet.
 *
 * @slot empty - Replaces the text shown when no conversation is open.
 *
 * @event ad-conversation-close - The agent asked to close (resolve) the conversation (cancelable).
 * @event ad-message-edit - The agent chose Edit on a message the hub refused.
 *
 * @csspart base - The wrapper.
 * @csspart header - Customer, channel, status and the Close button.
 * @csspart privacy-notice - On Business Messages: the conversation may be monitored, recorded or stored.
 * @csspart activity - "The customer is typing…" and live-agent requests (a polite live region).
 * @csspart close-button - The Close (resolve) button; "Close now" in wrap-up.
 * @csspart park-button - "Park" (active) or "Resume" (parked).
 * @csspart transfer-button - "Transfer" (opens the `<ad-transfer-dialog>`).
 * @csspart transfer-dialog - The `<ad-transfer-dialog>`.
 * @csspart wrap-up - "Wrap-up — closes in m:ss".
 * @csspart transfer-note - Who transferred the conversation to this agent, and their note.
 * @csspart log - The scrolling message list.
 * @csspart message - One message (also `message-inbound` or `message-outbound`).
 * @csspart bubble - A message's text (absent when a message is files only).
 * @csspart template-label - "Template: <name>" above a message sent from a template.
 * @csspart outbound-activity - An outbound message on the timeline (also `message`).
 * @csspart activity-label - "Sent by <configuration> · template <name>" above it.
 * @csspart attachments - A message's files.
 * @csspart attachment - One file (also `attachment-image` or `attachment-file`).
 * @csspart attachment-image - A file shown as an image inline.
 * @csspart attachment-file - A file shown as a link (name, type and size).
 * @csspart meta - A message's time and delivery state.
 * @csspart failure - Why a message was not delivered (or not sent).
 * @csspart outbox-actions - Retry, Edit and Discard on a message the hub refused.
 * @csspart catching-up - "Catching up…" while the conversation's messages are fetched after a reconnect.
 * @csspart empty - The text shown when no conversation is open.
 *
 * @cssproperty --ad-conversation-background - Background behind the messages.
 * @cssproperty --ad-attachment-image-max-width - Widest an inline image is shown (default 16rem).
 * @cssproperty --ad-attachment-image-max-height - Tallest an inline image is shown (default 12rem).
 */
export class ConversationView extends DesktopElement {
  static override styles = [themeStyles, sharedStyles, paneStyles, conversationViewStyles];

  private readonly view = this.select(selectView);
  private atBottom = true;
  private shownConversationId: string | null = null;
  private shownMessages: readonly Message[] = NO_MESSAGES;
  private shownActivities: readonly OutboundActivity[] = NO_ACTIVITIES;

  /** The wrap-up countdown moves each second (to its end). */
  private readonly clock = new ClockController(this, {
    now: () => this.now(),
    next: (now) => {
      const { status, wrapUpEndsAt } = this.view.value.conversation ?? {};
      const end = status === 'wrap_up' ? Date.parse(wrapUpEndsAt ?? '') : NaN;
      return end > now ? untilNextWhole(1000, end, now) : null;
    },
  });

  @query('.log') private log?: HTMLElement;

  protected override willUpdate(): void {
    // Another conversation: the last action's refusal was about the previous one.
    if ((this.view.value.conversation?.id ?? null) !== this.shownConversationId) this.error = '';
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const { conversation, messages, activities } = this.view.value;
    const id = conversation?.id ?? null;
    const switched = id !== this.shownConversationId;
    const added = messages !== this.shownMessages || activities !== this.shownActivities;
    if ((switched || (added && this.atBottom)) && this.log) {
      this.log.scrollTop = this.log.scrollHeight;
      this.atBottom = true;
    }
    this.shownConversationId = id;
    this.shownMessages = messages;
    this.shownActivities = activities;
  }

  private readonly onScroll = (): void => {
    const log = this.log;
    if (log) this.atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < STICK_TO_BOTTOM_PX;
  };

  private onClose(id: string): void {
    const event = new ConversationCloseEvent({ conversationId: id });
    this.dispatchEvent(event);
    // Without actions (used alone), only the event goes out.
    if (!event.defaultPrevented && this.hubActions) void this.run((actions) => actions.closeConversation(id));
  }

  override render() {
    const { conversation } = this.view.value;
    if (!conversation) {
      return html`<div part="base" class="base">
        <p part="empty" class="empty"><slot name="empty">Select a conversation to read and reply.</slot></p>
      </div>`;
    }
    const name = conversation.customerName;
    const { status, transfer, wrapUpEndsAt } = conversation;
    const closed = status === 'closed';
    const mine = isMine(conversation, this.view.value.agentId);
    const parked = status === 'waiting';
    const wrapUpLeft = status === 'wrap_up' && wrapUpEndsAt ? Date.parse(wrapUpEndsAt) - this.clock.now.getTime() : NaN;
    return html`
      <section part="base" class="base" aria-labelledby="title">
        <header part="header" class="header">
          <div class="title">
            <h2 id="title">${name || conversation.customerAddress}</h2>
            ${name ? html`<span class="number">${conversation.customerAddress}</span>` : nothing}
            <span class="badge channel-badge">${CHANNEL_LABELS[conversation.channel] ?? conversation.channel}</span>
            <span class="badge status-badge status-${conversation.status}">
              ${CONVERSATION_STATUS_LABELS[conversation.status] ?? conversation.status}
            </span>
          </div>
          ${
            wrapUpLeft >= 0
              ? html`<span part="wrap-up" class="wrap-up">Wrap-up — closes in ${callClock(wrapUpLeft + 999)}</span>`
              : nothing
          }
          ${
            mine && (parked || status === 'active')
              ? html`<button
                    part="park-button"
                    class="button"
                    type="button"
                    ?disabled=${this.busy}
                    @click=${() => this.run((a) => (parked ? a.resumeConversation(conversation.id) : a.parkConversation(conversation.id)))}
                  >
                    ${parked ? 'Resume' : 'Park'}
                  </button>
                  <button
                    part="transfer-button"
                    class="button"
                    type="button"
                    @click=${() => showTransferDialog(this.renderRoot)}
                  >
                    Transfer
                  </button>`
              : nothing
          }
          ${
            closed
              ? nothing
              : html`<button
                  part="close-button"
                  class="button"
                  type="button"
                  ?disabled=${this.busy}
                  @click=${() => this.onClose(conversation.id)}
                >
                  ${status === 'wrap_up' ? 'Close now' : 'Close'}<span class="visually-hidden"> conversation</span>
                </button>`
          }
        </header>
        ${mine && transfer ? html`<p part="transfer-note" class="notice transfer-note">${transferText(transfer)}</p>` : nothing}
        <ad-transfer-dialog
          part="transfer-dialog"
          conversation-id=${conversation.id}
          .store=${this.store}
          .actions=${this.hubActions}
        ></ad-transfer-dialog>
        ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
        ${this.view.value.catchingUp ? html`<p part="catching-up" class="notice" role="status">Catching up…</p>` : nothing}
        ${
          conversation.channel === 'gbm'
            ? html`<p part="privacy-notice" class="notice">
                Business Messages: this conversation may be monitored, recorded or stored, by us and by Google.
              </p>`
            : nothing
        }
        <div
          part="log"
          class="log"
          role="log"
          tabindex="0"
          aria-label="Messages with ${name || conversation.customerAddress}"
          @scroll=${this.onScroll}
        >
          ${this.renderMessages()}
        </div>
        <p part="activity" class="activity" aria-live="polite">
          ${this.view.value.activity?.isTyping ? 'The customer is typing…' : ''}${
            this.view.value.activity?.requestedLiveAgent ? ' The customer asked for a person.' : ''
          }
        </p>
      </section>
    `;
  }

  private renderMessages() {
    const { messages, activities, outbox, loading, connected } = this.view.value;
    if (messages.length + activities.length + outbox.length === 0) {
      const text = loading
        ? 'Loading messages…'
        : connected
          ? 'No messages yet.'
          : 'Messages load when the connection to the hub is back.';
      return html`<p class="empty">${text}</p>`;
    }
    const now = new Date();
    // Both lists are in time order: merge them, an activity before a message sent at the same moment.
    const items: Array<Message | OutboundActivity> = [];
    let next = 0;
    for (const message of messages) {
      const at = Date.parse(message.createdAt);
      while (next < activities.length && Date.parse(activities[next].sentAt) <= at) items.push(activities[next++]);
      items.push(message);
    }
    items.push(...activities.slice(next));
    return html`<ol class="messages">
      ${items.map((item) => ('sentAt' in item ? this.renderActivity(item, now) : this.renderMessage(item, now)))}
      ${outbox.map((entry) => {
        const { request, error } = entry;
        const template = 'templateName' in request ? request.templateName : null;
        const { text, attachments, createdAt } = entry;
        return this.renderMessage(
          {
            direction: 'outbound',
            status: error ? 'failed' : 'pending',
            text,
            attachments,
            templateName: template,
            createdAt,
          },
          now,
          entry,
        );
      })}
    </ol>`;
  }

  /** An outbound message on the customer's timeline: who sent it and how, its text as text (no links). */
  private renderActivity(activity: OutboundActivity, now: Date) {
    return html`
      <li part="message outbound-activity" class="message outbound automated ${activity.status}">
        <span class="visually-hidden">Outbound message:</span>
        <span part="activity-label" class="template-label"
          >Sent by ${activity.configurationName} · template ${activity.templateName}</span
        >
        <div part="bubble" class="bubble">${activity.text}</div>
        ${this.renderMeta(activity.sentAt, activity.status, activity.errorCode, null, now)}
      </li>
    `;
  }

  /** A message of the conversation, or (with `entry`) one of the agent's still in the outbox. */
  private renderMessage(
    message: Pick<Message, 'direction' | 'status' | 'text' | 'attachments' | 'templateName' | 'createdAt'> &
      Partial<Message>,
    now: Date,
    entry?: OutboxEntry,
  ) {
    const inbound = message.direction === 'inbound';
    const attachments = message.attachments ?? []; // messages cached before attachments existed have none
    return html`
      <li part="message message-${message.direction}" class="message ${message.direction} ${message.status}">
        <span class="visually-hidden">${inbound ? 'Customer:' : 'Agent:'}</span>
        ${
          message.templateName
            ? html`<span part="template-label" class="template-label">Template: ${message.templateName}</span>`
            : nothing
        }
        ${
          message.text !== '' || attachments.length === 0
            ? html`<div part="bubble" class="bubble">${renderText(message.text)}</div>`
            : nothing
        }
        ${
          attachments.length > 0
            ? html`<ul part="attachments" class="attachments" aria-label="Attachments">
                ${attachments.map(renderAttachment)}
              </ul>`
            : nothing
        }
        ${entry ? this.renderPending(entry, now) : this.renderMeta(message.createdAt, inbound ? null : message.status, message.errorCode ?? null, message.errorDetail ?? null, now)}
      </li>
    `;
  }

  /** An outbox entry's state: on its way, or refused with why, and what the agent can do about it. */
  private renderPending({ clientMessageId, conversationId, createdAt, error, request, text }: OutboxEntry, now: Date) {
    const actions = this.hubActions;
    const time = html`<time datetime=${createdAt} title=${fullTime(createdAt)}>${messageTime(createdAt, now)}</time>`;
    if (!error) {
      return html`<div part="meta" class="meta">
        ${time} · ${this.view.value.connected ? 'Sending…' : 'Waiting for the network'}
      </div>`;
    }
    return html`<div part="meta" class="meta">${time} · Not sent</div>
      <div part="failure" class="failure">Not sent: ${describeError(error.code, error.message)}</div>
      <div part="outbox-actions" class="outbox-actions">
        <button class="button small" type="button" @click=${() => actions?.retryMessage(clientMessageId)}>Retry</button>
        ${
          'templateName' in request || request.attachmentIds?.length
            ? nothing
            : html`<button
                class="button small"
                type="button"
                @click=${() => this.dispatchEvent(new MessageEditEvent({ conversationId, clientMessageId, text }))}
              >
                Edit
              </button>`
        }
        <button class="button small" type="button" @click=${() => actions?.discardMessage(clientMessageId)}>
          Discard
        </button>
      </div>`;
  }

  /** When it was sent, its delivery state (none for a customer's message), and why it failed. */
  private renderMeta(
    at: string,
    status: MessageStatus | null,
    errorCode: string | null,
    errorDetail: string | null,
    now: Date,
  ) {
    return html`<div part="meta" class="meta">
        <time datetime=${at} title=${fullTime(at)}>${messageTime(at, now)}</time>${
          status ? ` · ${MESSAGE_STATUS_LABELS[status] ?? status}` : nothing
        }
      </div>
      ${
        status === 'failed'
          ? html`<div part="failure" class="failure">
              Not delivered: ${describeError(errorCode ?? 'provider_error', errorDetail)}
            </div>`
          : nothing
      }`;
  }
}

/**
 * A file in a message: an image inline (lazy, its name as alt text, opening full size in a new tab), anything
 * else as a link with its name, type and size. Only http(s) URLs are ever used; others show the name only.
 */
function renderAttachment(attachment: Attachment) {
  const file = attachmentView(attachment);
  if (file.kind === 'image') {
    return html`<li part="attachment attachment-image" class="attachment image">
      <a
        href=${file.href}
        target="_blank"
        rel="noopener noreferrer"
        title="${file.name} (${file.details}), opens in a new tab"
        ><img src=${file.href} alt=${file.name} loading="lazy" decoding="async" referrerpolicy="no-referrer"
      /></a>
    </li>`;
  }
  if (file.kind === 'link') {
    return html`<li part="attachment attachment-file" class="attachment file">
      <a href=${file.href} target="_blank" rel="noopener noreferrer">${file.name}</a>
      <span class="file-details">${file.details}</span>
    </li>`;
  }
  return html`<li part="attachment attachment-file" class="attachment file unavailable">
    <span>${file.name}</span>
    <span class="file-details">${file.details} · unavailable</span>
  </li>`;
}

/** Customer text as text nodes, with http(s) URLs as links; never parsed as HTML. */
function renderText(text: string) {
  return splitTextLinks(text).map((part) =>
    part.kind === 'link'
      ? html`<a href=${part.href} target="_blank" rel="noopener noreferrer">${part.text}</a>`
      : part.text,
  );
}
