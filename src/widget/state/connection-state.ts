/**
 * Where the hub connection stands, as the agent sees it.
 * `connecting`: first attempt; `connected`; `reconnecting`: lost or never reached, retrying (it never gives up);
 * `disconnected`: stopped on purpose (the desktop left the page, or no hub is configured).
 */
export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'reconnecting';

export interface ConnectionInfo {
  state: ConnectionState;
  /** Failed attempts since the connection was last up. */
  attempt: number;
  /** Why the last attempt failed or the connection dropped. */
  error: string | null;
  /** Wait before the next attempt, while reconnecting. */
  retryInMs: number | null;
  /** This tab uses another tab's connection to the hub (see src/widget/tabs/shared-hub-client.ts): that tab rings. */
  relayed?: boolean;
}

export const DISCONNECTED: ConnectionInfo = { state: 'disconnected', attempt: 0, error: null, retryInMs: null };
