/** What an `ad-update-available` listener can do about the new version. */
export interface UpdateAvailableDetail {
  /** Activates the new version (the waiting service worker) and reloads the page once it controls it. */
  reload(): Promise<void>;
}

/**
 * `ad-update-available`: with offline support on (`service-worker`), a new version of the desktop is installed
 * and waits for the page to reload. The desktop shows "A new version of the agent desktop is ready. Reload" in
 * its header; cancel the event to show your own prompt instead, and call `detail.reload()` from it.
 */
export class UpdateAvailableEvent extends CustomEvent<UpdateAvailableDetail> {
  static readonly eventName = 'ad-update-available';

  constructor(detail: UpdateAvailableDetail) {
    super(UpdateAvailableEvent.eventName, { detail, bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ad-update-available': UpdateAvailableEvent;
  }
}
