import type { Call, VoiceSettings } from '../../protocol/calls.js';
import type { OutboundActivity } from '../../protocol/outbound.js';
import type { AgentIdentity, ConversationSummary, Message, CustomerActivity } from '../../protocol/payloads.js';
import type { RoutingOverview, RoutingState } from '../../protocol/routing.js';
import type { MessageTemplate } from '../../protocol/templates.js';
import { DISCONNECTED, type ConnectionInfo } from './connection-state.js';
import type { OutboxEntry } from '../outbox/outbox-entry.js';

/** Where the conversations on screen came from: nothing yet, this browser's cache, or the hub. */
export type DataSource = 'none' | 'cache' | 'live';

/** A failure shown to the agent until dismissed. */
export interface DesktopError {
  id: number;
  /** An ErrorCode from the hub, or a widget code such as `hub_unreachable`. */
  code: string;
  /** Text for the agent. */
  message: string;
  /** What was being done: `sync`, `markRead`, `loadMessages`, `cache`… */
  action: string;
  conversationId: string | null;
  at: number;
}

/** Everything the desktop's components render. Replaced (never mutated) on every change. */
export interface DesktopState {
  connection: ConnectionInfo;
  identity: AgentIdentity | null;
  conversations: ReadonlyMap<string, ConversationSummary>;
  conversationsSource: DataSource;
  /** Messages of the conversations whose history is loaded, sorted by seq. */
  messages: ReadonlyMap<string, readonly Message[]>;
  /**
   * Outbound messages on the timelines of the conversations whose history is loaded (configurations with
   * show-on-timeline), oldest first: `getOutboundActivities` when a conversation opens, then `outboundActivityAdded`.
   */
  outboundActivities: ReadonlyMap<string, readonly OutboundActivity[]>;
  /** Conversations whose history is being fetched. */
  loadingHistory: ReadonlySet<string>;
  /** The agent's messages not yet accepted by the hub (sending, waiting for the network, or failed), by conversation, oldest first. */
  outbox: ReadonlyMap<string, readonly OutboxEntry[]>;
  /**
   * Null when the desktop holds what the hub has (as far as it knows). While it catches up after a (re)connect or a
   * wake (the laptop slept, the browser was offline): the conversations whose messages are still on their way
   * (until the hub's list arrives, those open here); everything else on screen may be stale meanwhile.
   */
  catchingUp: ReadonlySet<string> | null;
  selectedConversationId: string | null;
  errors: readonly DesktopError[];
  /** The organisation's approved message templates (from the hub, or the cache while offline). */
  templates: readonly MessageTemplate[];
  templatesSource: DataSource;
  /**
   * What the host page (the CRM) knows about the record on screen, e.g. `{ CustomerName, CaseName, locale }`:
   * fills template placeholders of the same name; `locale` picks the template language.
   */
  crmContext: Readonly<Record<string, string>>;
  /**
   * How far the hub's clock is ahead of this computer's, in ms (measured on every connect and each minute):
   * countdowns such as WhatsApp's window follow the clock the hub enforces, whatever this computer's says.
   */
  clockSkewMs: number;
  /**
   * Voice calls by id: this agent's calls that are not over (offered, connected, on hold, in wrap-up); a
   * supervisor's: every call of the organisation not yet ended. From `getCalls` on every (re)connect, then
   * `callUpdated`; a call leaves when it ends (after its wrap-up) or moves to another agent.
   */
  calls: ReadonlyMap<string, Call>;
  /** What each conversation's customer is doing now (typing, asked for a person), on channels that say so. */
  customerActivity: ReadonlyMap<string, CustomerActivity>;
  /** The organisation's voice settings (`getVoiceSettings`); null until the hub answers. */
  voice: VoiceSettings | null;
  /**
   * This agent's routing: presence, capacity, queues, open offers (past `expiresAt` they are dropped) and the
   * counters of their queues. `getRoutingState` after every (re)connect, then `presenceChanged`,
   * `conversationOffered`, `offerWithdrawn` and `queueStatsUpdated`; null until the hub answers (or a hub without
   * routing).
   */
  routing: RoutingState | null;
  /** Supervisors: every queue and agent of the organisation (`getRoutingOverview`, then its updates); else null. */
  routingOverview: RoutingOverview | null;
}

export const initialDesktopState: DesktopState = {
  connection: DISCONNECTED,
  identity: null,
  conversations: new Map(),
  conversationsSource: 'none',
  messages: new Map(),
  outboundActivities: new Map(),
  loadingHistory: new Set(),
  outbox: new Map(),
  catchingUp: null,
  selectedConversationId: null,
  errors: [],
  templates: [],
  templatesSource: 'none',
  crmContext: {},
  clockSkewMs: 0,
  customerActivity: new Map(),
  calls: new Map(),
  voice: null,
  routing: null,
  routingOverview: null,
};
