import type { HubLink } from '../hub/hub-link.js';
import { HUB_UNREACHABLE, HubRequestError } from '../hub/hub-request-error.js';

/**
 * The hub link the desktop uses now: set on connect, cleared on disconnect. The desktop's parts read it each time
 * they act, so none holds on to a link that is gone.
 */
export class CurrentHub {
  link: HubLink | null = null;

  /** Whether hub methods can be invoked now. */
  get connected(): boolean {
    return !!this.link?.isConnected;
  }

  /** The link, to invoke a method on (a link that is not connected refuses with `hub_unreachable` itself); none: the same refusal. */
  require(): HubLink {
    if (this.link) return this.link;
    throw new HubRequestError(HUB_UNREACHABLE, 'Not connected to the hub.');
  }
}
