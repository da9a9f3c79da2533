/** The CRM record an agent asked to open: the case (`incident`) or the caller's `contact`. */
export interface RecordOpenDetail {
  entityName: 'incident' | 'contact';
  /** The record's id in the CRM (Dataverse GUID). */
  id: string;
  /** The http(s) URL the screen pop opens in a new tab unless the event is canceled; null when there is none. */
  url: string | null;
}

/**
 * `ad-record-open`: the agent asked to open a CRM record from the screen pop. Cancelable: a host that opens
 * records itself (in its own tab, or a side pane) calls `preventDefault()` and the screen pop opens nothing.
 */
export class RecordOpenEvent extends CustomEvent<RecordOpenDetail> {
  static readonly eventName = 'ad-record-open';

  constructor(detail: RecordOpenDetail) {
    super(RecordOpenEvent.eventName, { detail, bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ad-record-open': RecordOpenEvent;
  }
}
