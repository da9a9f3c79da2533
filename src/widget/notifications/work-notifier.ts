import { CHIME, RingTone } from '../audio/ring-tone.js';

/** One piece of new work to tell the agent about. */
export interface WorkNotice {
  /** Names the piece of work, the same in every tab of the agent (e.g. `message:<id>`). */
  key: string;
  title: string;
  body: string;
  /** Notifications about the same conversation replace each other. */
  conversationId: string;
}

export interface WorkNotifierOptions {
  /** Shows a notice; by default a chime and, when the agent allowed them, a desktop notification. */
  show?: (notice: WorkNotice) => void;
  /** Whether this tab has the agent's attention; by default: the document has focus and is visible. */
  hasFocus?: () => boolean;
}

/** How long the tab that notified keeps the work's lock. */
const HOLD_MS = 30_000;

const FOCUS_EVENTS = ['focus', 'blur', 'pagehide', 'visibilitychange'];

/**
 * Tells the agent about new work (an offer, a conversation given to them, a customer message) with a chime and a
 * desktop notification: only while they are not looking, and once however many tabs of the desktop they have open.
 *
 * Why this needs more than `document.hasFocus()`: every tab of the agent receives the same hub events at about the
 * same moment, and each would notify.
 *  1. Which tab has focus is shared through localStorage (one key per organisation and agent): a tab writes its id
 *     when it gains focus or becomes visible, and removes it when it loses focus, is hidden or unloads. A tab that is
 *     not focused stays quiet while another tab of the same agent is: the agent sees the work there.
 *  2. When no tab is focused, all of them would notify. Each asks for a Web Lock named after the piece of work with
 *     `ifAvailable`: exactly one gets it, notifies, and keeps it for ~30 s, long enough for the other tabs' copies of
 *     the same event to find it taken. (localStorage cannot decide this: two tabs' reads and writes race.)
 * Without Web Locks every unfocused tab notifies; the notification's tag (the conversation) makes the browser show one.
 * Permission is never asked here: only from a click (the presence selector's "Enable notifications").
 */
export class WorkNotifier {
  private readonly tabId = Math.random().toString(36).slice(2);
  private readonly focusKey: string;
  private readonly chime = new RingTone(undefined, CHIME);

  /** `scope` names the agent (organisation and agent id): tabs of other agents in this browser do not count. */
  constructor(
    private readonly scope: string,
    private readonly notifierOptions: WorkNotifierOptions = {},
  ) {
    this.focusKey = `ad-focused-tab:${scope}`;
  }

  /** Starts following this tab's focus. */
  start(): void {
    for (const type of FOCUS_EVENTS) addEventListener(type, this.trackFocus, true);
    this.trackFocus();
  }

  /** Stops, and no longer counts as the agent's focused tab. */
  stop(): void {
    for (const type of FOCUS_EVENTS) removeEventListener(type, this.trackFocus, true);
    this.trackFocus(new Event('pagehide'));
    this.chime.dispose();
  }

  /** Tells the agent, unless they are looking at a tab of the desktop or another tab told them; true when this tab did. */
  async notify(notice: WorkNotice): Promise<boolean> {
    this.trackFocus();
    const focused = this.focusedTab();
    if (this.hasFocus() || (focused && focused !== this.tabId)) return false;
    const show = () => (this.notifierOptions.show ?? this.showNotice)(notice);
    const locks = navigator.locks as LockManager | undefined;
    if (!locks) return (show(), true);
    return new Promise((resolve) => {
      locks
        .request(`ad-work:${this.scope}:${notice.key}`, { ifAvailable: true }, (lock) => {
          resolve(!!lock);
          // Held a while after notifying, so the other tabs' copies of this event find it taken.
          return lock && (show(), new Promise((done) => setTimeout(done, HOLD_MS)));
        })
        .catch(() => resolve(false));
    });
  }

  private hasFocus(): boolean {
    return this.notifierOptions.hasFocus?.() ?? (document.hasFocus() && document.visibilityState === 'visible');
  }

  /** The agent's focused tab, from localStorage (which may be blocked: then each tab decides alone). */
  private focusedTab(value?: string | null): string | null {
    try {
      if (value === undefined) return localStorage.getItem(this.focusKey);
      if (value) localStorage.setItem(this.focusKey, value);
      else localStorage.removeItem(this.focusKey);
    } catch {
      // storage blocked
    }
    return null;
  }

  /** Records (or clears) this tab as the agent's focused one. */
  private readonly trackFocus = (event?: Event): void => {
    if (event?.type !== 'pagehide' && this.hasFocus()) this.focusedTab(this.tabId);
    else if (this.focusedTab() === this.tabId) this.focusedTab(null);
  };

  private readonly showNotice = (notice: WorkNotice): void => {
    this.chime.once();
    try {
      if (Notification.permission !== 'granted') return;
      const notification = new Notification(notice.title, {
        body: notice.body,
        tag: `ad-work-${notice.conversationId}`,
      });
      // A click brings the agent to this tab (the offer's toast, the inbox).
      notification.onclick = () => {
        focus();
        notification.close();
      };
    } catch {
      // no notifications here (e.g. some mobile browsers): the chime and the desktop remain
    }
  };
}
