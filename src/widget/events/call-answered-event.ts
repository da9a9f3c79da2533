import type { Call } from '../../protocol/calls.js';

/** `ad-call-answered`: one of this agent's calls was answered by this agent (also for a call already answered when the desktop loads, e.g. after a reload). The detail is the call. */
export class CallAnsweredEvent extends CustomEvent<Call> {
  static readonly eventName = 'ad-call-answered';

  constructor(detail: Call) {
    super(CallAnsweredEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ad-call-answered': CallAnsweredEvent;
  }
}
