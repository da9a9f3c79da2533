import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { ConversationSummary } from '../../../protocol/payloads.js';
import { ClockController } from '../../controllers/clock-controller.js';
import { ConversationSelectEvent } from '../../events/conversation-select-event.js';
import { CHANNEL_LABELS, CONVERSATION_STATUS_LABELS } from '../../format/labels.js';
import { fullTime, relativeTime } from '../../format/time-format.js';
import { INBOX_FILTERS, matchesFilter, type InboxFilter } from '../../state/routing.js';
import { sortConversations } from '../../state/sort-conversations.js';
import { paneStyles } from '../../styles/pane.styles.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { themeStyles } from '../../styles/theme.styles.js';
import { DesktopElement } from '../desktop-element.js';
import { conversationInboxStyles } from './conversation-inbox.styles.js';
import { scrollTopToReveal, visibleRange } from './visible-range.js';

/** Height of one inbox row in pixels; the list is windowed on it. */
export const INBOX_ROW_HEIGHT = 64;
/** Rows rendered beyond each edge of the visible area. */
const OVERSCAN = 6;
/** Viewport height assumed before the first measurement. */
const DEFAULT_VIEWPORT_HEIGHT = 640;

/**
 * @summary The agent's conversations, newest activity first: customer, channel, preview, relative time, status
 * and unread count. A listbox: Up/Down/Home/End/Page Up/Page Down move, Enter or Space opens. Only the rows in
 * view are rendered, so thousands of conversations stay fast. Filters above it, each with its count (toggle
 * buttons; none pressed shows every conversation): Mine (assigned to this agent: active, waiting or in wrap-up),
 * Open (waiting in a queue), Waiting (parked), Closed. After a reconnect (or a wake), "Catching up…" until every
 * conversation holds what the hub has; rows still behind are dimmed and say "updating".
 *
 * @slot empty - Replaces the text shown when there are no conversations.
 *
 * @event ad-conversation-select - The agent chose a conversation (cancelable).
 *
 * @csspart base - The wrapper.
 * @csspart header - The heading row.
 * @csspart filters - The group of filter buttons.
 * @csspart filter - One filter button (a toggle: `aria-pressed`).
 * @csspart listbox - The scrolling list.
 * @csspart row - One conversation.
 * @csspart unread-badge - The unread count.
 * @csspart empty - The empty-state text.
 *
 * @cssproperty --ad-inbox-selected-color - Background of the open conversation's row.
 */
export class ConversationInbox extends DesktopElement {
  static override styles = [themeStyles, sharedStyles, paneStyles, conversationInboxStyles];

  private readonly view = this.select((state) => ({
    conversations: state.conversations,
    selectedId: state.selectedConversationId,
    source: state.conversationsSource,
    connection: state.connection.state,
    agentId: state.identity?.agentId,
    catchingUp: state.catchingUp,
  }));
  /** Relative times ("5 minutes ago") stay true. */
  private readonly clock = new ClockController(this, { now: () => this.now() });
  private resizeObserver: ResizeObserver | null = null;
  private observed: Element | null = null;
  private rows: readonly ConversationSummary[] = [];
  /** The last filtering, redone only when the conversations, the filter or the agent change. */
  private filtered: {
    all: readonly ConversationSummary[];
    filter: InboxFilter;
    agentId?: string;
    counts: Record<string, number>;
  } | null = null;

  @query('.listbox') private listbox?: HTMLElement;

  /** Heading and accessible name of the list. */
  @property() label = 'Conversations';
  /** Which conversations show: `all`, `mine`, `open`, `waiting` or `closed` (the agent changes it with the filters). */
  @property() filter: InboxFilter = 'all';

  /** The row the keyboard is on (aria-activedescendant). */
  @state() private activeId: string | null = null;
  @state() private listScrollTop = 0;
  @state() private viewportHeight = 0;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    this.resizeObserver = null;
    this.observed = null;
  }

  protected override willUpdate(): void {
    const all = sortConversations(this.view.value.conversations);
    const { agentId } = this.view.value;
    const filter = this.filter in INBOX_FILTERS ? this.filter : 'all';
    const last = this.filtered;
    if (last?.all !== all || last.filter !== filter || last.agentId !== agentId) {
      const counts: Record<string, number> = { mine: 0, open: 0, waiting: 0, closed: 0 };
      for (const conversation of all) for (const f of FILTERS) if (matchesFilter(conversation, f, agentId)) counts[f]++;
      this.filtered = { all, filter, agentId, counts };
      this.rows = filter === 'all' ? all : all.filter((conversation) => matchesFilter(conversation, filter, agentId));
    }
    if (this.activeId !== null && this.indexOf(this.activeId) < 0) this.activeId = null;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.listbox !== this.observed) this.observeViewport();
  }

  private observeViewport(): void {
    this.resizeObserver?.disconnect();
    this.observed = this.listbox ?? null;
    if (!this.listbox) return;
    this.resizeObserver ??= new ResizeObserver((entries) => {
      const height = entries[entries.length - 1]?.contentRect.height ?? 0;
      if (height !== this.viewportHeight) this.viewportHeight = height;
    });
    this.resizeObserver.observe(this.listbox);
  }

  private get pageSize(): number {
    return Math.max(1, Math.floor((this.viewportHeight || DEFAULT_VIEWPORT_HEIGHT) / INBOX_ROW_HEIGHT) - 1);
  }

  private readonly onScroll = (): void => {
    if (this.listbox) this.listScrollTop = this.listbox.scrollTop;
  };

  private readonly onFocus = (): void => {
    if (this.activeId !== null || this.rows.length === 0) return;
    const selected = this.view.value.selectedId;
    const index = selected !== null ? this.indexOf(selected) : -1;
    this.moveTo(index >= 0 ? index : 0);
  };

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    if (this.rows.length === 0 || event.altKey || event.ctrlKey || event.metaKey) return;
    const current = this.activeId !== null ? this.indexOf(this.activeId) : -1;
    const last = this.rows.length - 1;
    let target: number;
    switch (event.key) {
      case 'ArrowDown':
        target = current < 0 ? 0 : Math.min(last, current + 1);
        break;
      case 'ArrowUp':
        target = current < 0 ? 0 : Math.max(0, current - 1);
        break;
      case 'Home':
        target = 0;
        break;
      case 'End':
        target = last;
        break;
      case 'PageDown':
        target = Math.min(last, Math.max(0, current) + this.pageSize);
        break;
      case 'PageUp':
        target = Math.max(0, current - this.pageSize);
        break;
      case 'Enter':
      case ' ':
        event.preventDefault();
        if (current >= 0) this.choose(this.rows[current].id);
        return;
      default:
        return;
    }
    event.preventDefault();
    this.moveTo(target);
  };

  private readonly onClick = (event: MouseEvent): void => {
    const row = (event.target as Element).closest<HTMLElement>('[role="option"]');
    const id = row?.dataset['conversationId'];
    if (id !== undefined) this.choose(id);
  };

  /** Makes row `index` the active one and scrolls it into view. */
  private moveTo(index: number): void {
    const row = this.rows[index];
    if (!row) return;
    this.activeId = row.id;
    const height = this.viewportHeight || this.listbox?.clientHeight || DEFAULT_VIEWPORT_HEIGHT;
    const top = scrollTopToReveal(index, INBOX_ROW_HEIGHT, this.listbox?.scrollTop ?? this.listScrollTop, height);
    if (this.listbox && this.listbox.scrollTop !== top) this.listbox.scrollTop = top;
    this.listScrollTop = top;
  }

  /** Shows only the conversations of `filter`, or all of them again when it was already chosen. */
  private setFilter(filter: InboxFilter): void {
    this.filter = this.filter === filter ? 'all' : filter;
    this.activeId = null;
    this.listScrollTop = 0;
    if (this.listbox) this.listbox.scrollTop = 0;
  }

  private choose(conversationId: string): void {
    this.activeId = conversationId;
    const event = new ConversationSelectEvent({ conversationId });
    this.dispatchEvent(event);
    // Without actions (used alone), only the event goes out.
    if (!event.defaultPrevented) this.hubActions?.selectConversation(conversationId);
  }

  private indexOf(conversationId: string): number {
    return this.rows.findIndex((row) => row.id === conversationId);
  }

  /** Moves keyboard focus to the list (on the open conversation, or the first). */
  override focus(options?: FocusOptions): void {
    this.listbox?.focus(options);
  }

  override render() {
    const { source, connection, catchingUp } = this.view.value;
    return html`
      <div part="base" class="base">
        <div part="header" class="header">
          <h2 id="heading" class="heading">${this.label}</h2>
          ${
            catchingUp
              ? html`<span class="note" role="status">Catching up…</span>`
              : source === 'cache'
                ? html`<span class="note">Saved copy · updating…</span>`
                : html`<span class="count">${this.rows.length.toLocaleString()}</span>`
          }
        </div>
        <div part="filters" class="filters" role="group" aria-label="Show">
          ${FILTERS.map(
            (f) =>
              html`<button
                part="filter"
                class="button small"
                type="button"
                aria-pressed=${f === this.filtered?.filter ? 'true' : 'false'}
                @click=${() => this.setFilter(f)}
              >
                ${INBOX_FILTERS[f]} ${this.filtered?.counts[f]}
              </button>`,
          )}
        </div>
        ${
          this.rows.length === 0
            ? html`<p part="empty" class="empty">
                ${
                  source === 'none' && (connection === 'connecting' || connection === 'reconnecting')
                    ? 'Loading conversations…'
                    : this.view.value.conversations.size > 0
                      ? 'None here.'
                      : html`<slot name="empty">No conversations yet. New customer messages appear here.</slot>`
                }
              </p>`
            : this.renderList()
        }
      </div>
    `;
  }

  private renderList() {
    const rows = this.rows;
    const height = this.viewportHeight || DEFAULT_VIEWPORT_HEIGHT;
    const { start, end } = visibleRange(rows.length, INBOX_ROW_HEIGHT, this.listScrollTop, height, OVERSCAN);
    const indices: number[] = [];
    for (let i = start; i < end; i++) indices.push(i);
    const active = this.activeId !== null ? this.indexOf(this.activeId) : -1;
    if (active >= 0 && (active < start || active >= end)) indices.push(active); // aria-activedescendant must exist
    return html`
      <div
        part="listbox"
        class="listbox"
        role="listbox"
        tabindex="0"
        aria-labelledby="heading"
        aria-activedescendant=${active >= 0 ? optionId(rows[active].id) : nothing}
        @scroll=${this.onScroll}
        @focus=${this.onFocus}
        @keydown=${this.onKeyDown}
        @click=${this.onClick}
      >
        <div class="spacer" role="none" style=${styleMap({ height: `${rows.length * INBOX_ROW_HEIGHT}px` })}>
          ${indices.map((index) => this.renderRow(rows[index], index, index === active))}
        </div>
      </div>
    `;
  }

  private renderRow(conversation: ConversationSummary, index: number, active: boolean) {
    const selected = conversation.id === this.view.value.selectedId;
    const unread = conversation.unreadCount;
    const name = conversation.customerName;
    const behind = !!this.view.value.catchingUp?.has(conversation.id);
    return html`
      <div
        part="row"
        role="option"
        id=${optionId(conversation.id)}
        class="row ${active ? 'active' : ''} ${unread > 0 ? 'unread' : ''} ${behind ? 'behind' : ''}"
        data-conversation-id=${conversation.id}
        aria-selected=${selected ? 'true' : 'false'}
        aria-setsize=${this.rows.length}
        aria-posinset=${index + 1}
        style=${styleMap({ top: `${index * INBOX_ROW_HEIGHT}px`, height: `${INBOX_ROW_HEIGHT}px` })}
      >
        <span class="who">
          <span class="badge channel-badge">${CHANNEL_LABELS[conversation.channel] ?? conversation.channel}</span>
          <span class="name">${name || conversation.customerAddress}</span>
          ${name ? html`<span class="number">${conversation.customerAddress}</span>` : nothing}
        </span>
        <time class="time" datetime=${conversation.lastActivityAt} title=${fullTime(conversation.lastActivityAt)}>
          ${relativeTime(conversation.lastActivityAt, this.clock.now)}
        </time>
        <span class="preview">${conversation.preview}</span>
        <span class="end">
          ${behind ? html`<span class="note">updating</span>` : nothing}
          <span class="badge status-badge status-${conversation.status}">
            ${CONVERSATION_STATUS_LABELS[conversation.status] ?? conversation.status}
          </span>
          ${
            unread > 0
              ? html`<span part="unread-badge" class="badge unread-badge"
                  >${unread > 99 ? '99+' : unread}<span class="visually-hidden"> unread</span></span
                >`
              : nothing
          }
        </span>
      </div>
    `;
  }
}

const FILTERS = Object.keys(INBOX_FILTERS) as Array<keyof typeof INBOX_FILTERS>;

function optionId(conversationId: string): string {
  return `conversation-${encodeURIComponent(conversationId)}`;
}
