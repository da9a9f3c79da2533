import type { Call } from '../../protocol/calls.js';
import type { ConversationSummary, Message } from '../../protocol/payloads.js';

/** What happened to one of this agent's calls (see DesktopServiceHooks.onCall). */
export type CallMoment = 'offered' | 'answered' | 'ended';

/**
 * New work for this agent, from live events only (never from a snapshot after a reload): an offer; a conversation
 * assigned to them without asking (`auto` mode); a customer message in one of their conversations.
 */
export interface NewWork {
  kind: 'offer' | 'assigned' | 'message';
  conversation: ConversationSummary;
  /**
   * Names this piece of work, the same in every tab of the agent: the offer, or the conversation and the customer
   * message (so a conversation given to the agent with a message, and that message, are one piece of work).
   */
  key: string;
}

/** What the desktop tells its host (`<ad-desktop>` turns these into events, chimes and notifications). */
export interface DesktopServiceHooks {
  /** A customer message arrived live. */
  onMessageReceived?(message: Message): void;
  /**
   * One of this agent's calls started ringing (`offered`), was answered (`answered`), or its conversation ended
   * (`ended`: hung up, or abandoned while ringing). A call already ringing or answered when the desktop (re)loads
   * is reported as `offered` or `answered` then, so a host can catch up; a call that leaves this agent (declined,
   * transferred) is reported by none.
   */
  onCall?(moment: CallMoment, call: Call): void;
  /** New work arrived (see NewWork): the desktop tells the agent when they are looking elsewhere. */
  onWork?(work: NewWork): void;
}
