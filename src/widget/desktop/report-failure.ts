import type { DesktopStore } from '../state/desktop-store.js';
import { actionFailure } from './action-failure.js';

/** Shows the agent why something the desktop did on its own (a sync, a look-up, marking read) failed. */
export function reportFailure(
  store: DesktopStore,
  action: string,
  error: unknown,
  conversationId: string | null = null,
): void {
  const { code, description } = actionFailure(error);
  store.addError({ code, message: description, action, conversationId });
}
