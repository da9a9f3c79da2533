import type { Call } from '../../protocol/calls.js';

/** `ad-call-offered`: one of this agent's calls started ringing at this agent (also for a call already ringing when the desktop loads). The detail is the call. */
export class CallOfferedEvent extends CustomEvent<Call> {
  static readonly eventName = 'ad-call-offered';

  constructor(detail: Call) {
    super(CallOfferedEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ad-call-offered': CallOfferedEvent;
  }
}
