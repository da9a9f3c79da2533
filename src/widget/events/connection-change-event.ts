import type { ConnectionState } from '../state/connection-state.js';

export interface ConnectionChangeDetail {
  state: ConnectionState;
  previous: ConnectionState;
  /** Why the connection was lost or could not be made, when known. */
  error: string | null;
}

/** `ad-connection-change`: the hub connection moved between connecting, connected, reconnecting and disconnected. */
export class ConnectionChangeEvent extends CustomEvent<ConnectionChangeDetail> {
  static readonly eventName = 'ad-connection-change';

  constructor(detail: ConnectionChangeDetail) {
    super(ConnectionChangeEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ad-connection-change': ConnectionChangeEvent;
  }
}
