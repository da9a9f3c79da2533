/**
 * Routing and work distribution on the hub connection: presence, capacity, queues, offers, transfers and the
 * supervisor's overview. Method and event names are in hub-contract.ts; these are their payloads.
 */
import type { Channel, ConversationSummary } from './payloads.js';

/**
 * What the agent says about themselves. Only `available` agents are offered new work; `busy`, `dnd` (do not
 * disturb) and `away` keep the work they have. `offline` is never chosen: the hub sets it when the agent's last
 * tab has been gone longer than the grace period, and the agent's chosen presence returns when they reconnect.
 */
export type Presence = 'available' | 'busy' | 'dnd' | 'away' | 'offline';
/** The presences an agent may choose (setPresence). */
export const CHOOSABLE_PRESENCES = ['available', 'busy', 'dnd', 'away'] as const;
export type ChoosablePresence = (typeof CHOOSABLE_PRESENCES)[number];

export const PRESENCE_LABELS: Record<Presence, string> = {
  available: 'Available',
  busy: 'Busy',
  dnd: 'Do not disturb',
  away: 'Away',
  offline: 'Offline',
};

/** Messaging channels share the `messaging` limit; each may also have its own, lower one. Calls have `voice`. */
export interface AgentCapacity {
  messaging: number;
  voice: number;
  sms?: number;
  whatsapp?: number;
  gbm?: number;
}

/** Work an agent holds now: conversations active or in wrap-up (parked ones do not count), offers, calls. */
export type AgentLoad = Record<'messaging' | 'voice' | Channel, number>;

/** A queue conversations wait in for an agent (workstream rules pick it). */
export interface RoutingQueue {
  id: string;
  name: string;
}

/** How long a queue is, for agents' counters and the supervisor. */
export interface QueueStats {
  queueId: string;
  name: string;
  /** Conversations in the queue that no agent holds yet (offered ones included). */
  waiting: number;
  /** Of those, how many are being offered right now. */
  offered: number;
  /** When the longest-waiting one entered the queue; null when the queue is empty. */
  longestWaitingSince: string | null;
}

/** A transfer's hand-over, which the receiving agent sees on the offer and in the conversation. */
export interface TransferNote {
  fromAgentId: string;
  fromAgentName: string;
  /** To a queue (then `toAgentId` is null) or to one agent. */
  toQueueId: string | null;
  toAgentId: string | null;
  note: string;
  at: string;
}

/** Work offered to this agent, to accept or decline before `expiresAt`. */
export interface ConversationOffer {
  conversation: ConversationSummary;
  queueId: string | null;
  offeredAt: string;
  expiresAt: string;
  /** Set when another agent transferred it, with their note. */
  transfer: TransferNote | null;
}

/** Why an offer left the agent (`offerWithdrawn`). */
export type OfferEndReason = 'accepted' | 'declined' | 'expired' | 'withdrawn';

export interface OfferWithdrawn {
  conversationId: string;
  reason: OfferEndReason;
}

/** What `getRoutingState` answers: everything the widget needs to show routing after (re)connecting. */
export interface RoutingState {
  /** The presence the agent chose (restored on reconnect); `offline` only for a supervisor looking at others. */
  presence: ChoosablePresence;
  capacity: AgentCapacity;
  load: AgentLoad;
  /** Every queue of the organisation, and which of them this agent takes work from. */
  queues: RoutingQueue[];
  myQueueIds: string[];
  /** `offer`: work is offered and the agent accepts or declines; `auto`: it is assigned without asking. */
  mode: 'offer' | 'auto';
  offerTimeoutSeconds: number;
  /** Offers to this agent still open. */
  offers: ConversationOffer[];
  /** The agent's queues (a supervisor's: all). */
  queueStats: QueueStats[];
}

/** One agent as a supervisor sees them. */
export interface AgentStatus {
  agentId: string;
  displayName: string;
  presence: Presence;
  /** Tabs connected now (0 during the grace period after the last one closed). */
  connections: number;
  load: AgentLoad;
  capacity: AgentCapacity;
  queueIds: string[];
  /** Since when the agent has had no new work (ties in distribution go to the longest idle). */
  idleSince: string | null;
}

/** What a supervisor sees (`getRoutingOverview`, and pushed as `routingOverviewUpdated`). */
export interface RoutingOverview {
  queues: QueueStats[];
  agents: AgentStatus[];
  at: string;
}

/** Where a conversation may be transferred (`getConversationTransferTargets`). */
export interface ConversationTransferTargets {
  queues: RoutingQueue[];
  /** The organisation's other agents; `canTakeWork`: connected, available and with room for this conversation. */
  agents: Array<{ agentId: string; displayName: string; presence: Presence; canTakeWork: boolean }>;
}

export interface TransferConversationRequest {
  conversationId: string;
  /** Exactly one of the two. */
  queueId?: string;
  agentId?: string;
  /** What the receiver should know (may be empty). */
  note: string;
}

export const MAX_TRANSFER_NOTE_CHARACTERS = 1000;
