import type { CurrentHub } from './current-hub.js';
import type { DesktopData } from './desktop-data.js';
import { reportFailure } from './report-failure.js';

/** Wait before marking the open conversation read again when new customer messages arrive in it. */
const MARK_READ_DELAY_MS = 400;

/**
 * Marks conversations read: at once on the agent's screen, and on the hub when connected. The open conversation is
 * marked read again when customer messages arrive in it while the agent can see it (the tab is visible), or when
 * the tab shows again.
 */
export class ReadMarker {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly data: DesktopData,
    private readonly hub: CurrentHub,
  ) {}

  /** Watches the tab's visibility, until stop(). */
  start(): void {
    document.addEventListener('visibilitychange', this.onVisibilityChange);
  }

  stop(): void {
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Marks a conversation read: on screen at once, then on the hub (a failure shows as an error). */
  async markRead(conversationId: string): Promise<void> {
    const current = this.data.store.getState().conversations.get(conversationId);
    if (current && current.unreadCount > 0) this.data.keepConversations([{ ...current, unreadCount: 0 }]);
    const hub = this.hub.link;
    if (!hub?.isConnected) return; // the sync after (re)connecting marks the open conversation read
    try {
      this.data.keepConversations([await hub.invoke('markRead', conversationId)]);
    } catch (error) {
      reportFailure(this.data.store, 'markRead', error, conversationId);
    }
  }

  /** Marks the open conversation read if it has unread messages. */
  async markOpenRead(): Promise<void> {
    const { selectedConversationId: selected, conversations } = this.data.store.getState();
    if (selected && (conversations.get(selected)?.unreadCount ?? 0) > 0) await this.markRead(selected);
  }

  /** Marks the open conversation read shortly, when the agent can see it (the tab is visible). */
  schedule(): void {
    if (this.timer !== null || document.visibilityState !== 'visible') return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.markOpenRead();
    }, MARK_READ_DELAY_MS);
  }

  private readonly onVisibilityChange = (): void => {
    if (document.visibilityState === 'visible') this.schedule();
  };
}
