import type { DesktopError } from '../state/desktop-state.js';

/** `ad-error`: something the agent asked for, or a background sync, failed; the desktop shows it too. */
export class DesktopErrorEvent extends CustomEvent<DesktopError> {
  static readonly eventName = 'ad-error';

  constructor(detail: DesktopError) {
    super(DesktopErrorEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ad-error': DesktopErrorEvent;
  }
}
