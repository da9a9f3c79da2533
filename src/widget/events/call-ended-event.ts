import type { Call } from '../../protocol/calls.js';

/** `ad-call-ended`: one of this agent's calls ended: hung up by either side (the agent now wraps it up), or abandoned by the caller while it rang. The detail is the call. */
export class CallEndedEvent extends CustomEvent<Call> {
  static readonly eventName = 'ad-call-ended';

  constructor(detail: Call) {
    super(CallEndedEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ad-call-ended': CallEndedEvent;
  }
}
