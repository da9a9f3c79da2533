/**
 * WhatsApp's 24-hour rule: free-form messages only within 24 hours of the customer's most recent message;
 * after that only approved templates, until the customer writes again. 23:59:59 after it is inside,
 * 24:00:00 is outside. Other channels have no window.
 */
import type { Channel } from './payloads.js';

export const SESSION_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Channels whose provider enforces a customer-service window. */
export function hasSessionWindow(channel: Channel): boolean {
  return channel === 'whatsapp';
}

export interface SessionWindowState {
  /** False for channels without a window (then `open` is always true). */
  applies: boolean;
  open: boolean;
  /** When the window closes (or closed); null when it never opened or does not apply. */
  endsAt: Date | null;
}

export function sessionWindow(
  conversation: { channel: Channel; lastInboundAt: string | null },
  now: Date,
): SessionWindowState {
  if (!hasSessionWindow(conversation.channel)) return { applies: false, open: true, endsAt: null };
  if (!conversation.lastInboundAt) return { applies: true, open: false, endsAt: null };
  const endsAt = new Date(new Date(conversation.lastInboundAt).getTime() + SESSION_WINDOW_MS);
  return { applies: true, open: now.getTime() < endsAt.getTime(), endsAt };
}
