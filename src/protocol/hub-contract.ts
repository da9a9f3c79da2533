/**
 * The hub contract: every hub method (arguments → result) and every hub event (payload), declared once.
 * The widget's hub client (`invoke`/`on`), the hub's method table (one zod schema and handler per method, checked
 * against these signatures) and the hub's typed fan-out are all derived from these two interfaces: adding a method
 * is one line here, one schema plus handler in the hub, and the widget can call it.
 */
import type {
  Call,
  CompleteWrapUpRequest,
  CreateCaseRequest,
  MuteCallRequest,
  SendDtmfRequest,
  TransferCallRequest,
  TransferTargets,
  VoiceSettings,
} from './calls.js';
import type { OutboundActivity, StartConversationRequest, StartConversationResult } from './outbound.js';
import type {
  AgentIdentity,
  ConversationSummary,
  CustomerActivity,
  GetMessagesRequest,
  Message,
  SendMessageRequest,
  SendTemplateRequest,
} from './payloads.js';
import type {
  ChoosablePresence,
  ConversationOffer,
  ConversationTransferTargets,
  OfferWithdrawn,
  QueueStats,
  RoutingOverview,
  RoutingState,
  TransferConversationRequest,
} from './routing.js';
import type { MessageTemplate } from './templates.js';

/** Path of the SignalR hub on the hub server (negotiate is `${HUB_PATH}/negotiate`). */
export const HUB_PATH = '/hub';

/**
 * Client → hub invocations, each answering with a completion. A method's parameters are the invocation's
 * arguments in order; its return type is the completion's result (`void`: a completion without a result).
 * A refusal is a hub error whose message starts with an `ErrorCodes` code (see errors.ts).
 */
export interface HubMethods {
  /** Who the token says this connection is. */
  whoAmI(): AgentIdentity;
  /**
   * The hub's time (ISO-8601). The widget measures its own clock's skew against it, so
   * countdowns such as WhatsApp's 24-hour window agree with what the hub enforces.
   */
  getServerTime(): string;
  /** Every conversation this agent may see, newest activity first. */
  getConversations(): ConversationSummary[];
  /** Messages of one conversation with seq > afterSeq, oldest first. */
  getMessages(request: GetMessagesRequest): Message[];
  /**
   * The accepted agent message (de-duplicated on clientMessageId: the caller's own earlier send into this conversation;
   * one used by another agent or elsewhere is `conflict`). NUL is dropped from the text (lone surrogates become U+FFFD).
   * Free text is refused outside WhatsApp's 24-hour window (`session_window_closed`).
   */
  sendMessage(request: SendMessageRequest): Message;
  /**
   * Sends an approved template, filled, on the conversation's channel.
   * Allowed outside WhatsApp's 24-hour window; refused while a placeholder has no value.
   */
  sendTemplate(request: SendTemplateRequest): Message;
  /** The organisation's templates. */
  getTemplates(): MessageTemplate[];
  /**
   * Tells the customer the agent is typing (or stopped), on channels
   * that show it (Business Messages); elsewhere it does nothing. Send true when typing starts, false after a pause.
   */
  setTyping(conversationId: string, isTyping: boolean): void;
  /** Marks the conversation read for this agent. */
  markRead(conversationId: string): ConversationSummary;
  /**
   * Resolves the conversation: `active`/`waiting` → `wrap_up` when the
   * organisation has a messaging wrap-up time (closed by the hub when it is over), else → `closed`; on a
   * conversation in `wrap_up` → `closed` at once.
   */
  closeConversation(conversationId: string): ConversationSummary;

  // ---- routing (payloads in routing.ts) ----

  /** Presence, capacity, load, queues, open offers and queue counters, for (re)connecting. */
  getRoutingState(): RoutingState;
  /** The agent's presence; kept by the hub across reconnects and restarts. */
  setPresence(presence: ChoosablePresence): RoutingState;
  /** Takes an offered conversation → `active` with this agent. */
  acceptOffer(conversationId: string): ConversationSummary;
  /** Declines an offer; the conversation keeps its place and goes to the next agent. */
  declineOffer(conversationId: string): void;
  /** Parks it, `active` → `waiting` (frees capacity). */
  parkConversation(conversationId: string): ConversationSummary;
  /** `waiting` → `active` again; `capacity_full` when the agent has no room. */
  resumeConversation(conversationId: string): ConversationSummary;
  /** Queues and agents this conversation may be transferred to (`canTakeWork` judged for its channel). */
  getConversationTransferTargets(conversationId: string): ConversationTransferTargets;
  /**
   * To a queue (→ `open` there) or to an agent (→ offered to
   * them, or assigned in `auto` mode; `agent_unavailable` when they cannot take it), with a note the receiver sees.
   */
  transferConversation(request: TransferConversationRequest): ConversationSummary;
  /** Queues and agents of the organisation; supervisors only (`forbidden` otherwise). */
  getRoutingOverview(): RoutingOverview;

  // ---- voice (payloads in calls.ts). Every call action answers the Call as it now is, and is also pushed
  // as `callUpdated`. A call action the call's state does not allow fails with `illegal_call_transition`
  // ("… (on_hold → offered is not allowed)"); repeating one that already happened (hold on a held call) is not
  // an error and answers the call unchanged. Only the agent the call is offered to or with may act on it
  // (`not_assigned`); supervisors see every call and may look up customers and create cases.

  /** Queues, dispositions, wrap-up and ring times of the agent's organisation. */
  getVoiceSettings(): VoiceSettings;
  /**
   * The agent's calls that are not over (offered, connected, on hold, in wrap-up), oldest first;
   * a supervisor's: every call of the organisation not yet ended. A reloaded softphone re-syncs from this.
   */
  getCalls(): Call[];
  /** Queues and connected agents to transfer a call to. */
  getTransferTargets(): TransferTargets;
  /** Answers the call offered (ringing) to this agent → `connected`. */
  answerCall(callId: string): Call;
  /** Declines it → back to `queued`, then offered to another available agent (never again to this one). */
  declineCall(callId: string): Call;
  /** `connected` → `on_hold` (heldAt set). */
  holdCall(callId: string): Call;
  /** `on_hold` → `connected`. */
  resumeCall(callId: string): Call;
  /** Mutes or unmutes the agent's microphone on a connected or held call. */
  muteCall(request: MuteCallRequest): Call;
  /** Sends touch-tones on a connected call (the digits are not stored). */
  sendDtmf(request: SendDtmfRequest): Call;
  /**
   * To a queue (→ `queued`, offered to someone else) or to a connected, available
   * agent (→ `offered` to them; `agent_unavailable` otherwise). The call leaves this agent without a wrap-up.
   */
  transferCall(request: TransferCallRequest): Call;
  /** Ends the conversation → `wrap_up` with the organisation's wrap-up time. */
  hangUpCall(callId: string): Call;
  /** Notes and a disposition → `ended`; the agent is offered calls again. */
  completeWrapUp(request: CompleteWrapUpRequest): Call;
  /** Runs the CRM data dip again (e.g. after `unavailable`) and attaches the result. */
  lookupCustomer(callId: string): Call;
  /**
   * Creates the case in the CRM for the call's contact (creating the contact first
   * for an unknown caller, with the caller's number) and attaches it as `customer.latestCase`.
   * `crm_unavailable` when the CRM fails (a contact already created stays attached, so a retry does not make a second one).
   */
  createCase(request: CreateCaseRequest): Call;

  // ---- outbound (payloads in outbound.ts) ----

  /**
   * Outbound messages on this customer's timeline (configurations with
   * show-on-timeline) sent to the conversation's customer from its number, oldest first, whenever they were sent
   * (before the conversation existed too). The view merges them with the messages by time.
   */
  getOutboundActivities(conversationId: string): OutboundActivity[];
  /**
   * The agent writes first with an approved template (allowed
   * outside WhatsApp's window). Opens the customer's conversation assigned to this agent (or re-opens theirs; one
   * active with another agent is `not_assigned` unless a supervisor asks), then sends like sendTemplate.
   * A customer waiting in a queue is taken only as routing would give them: `agent_unavailable` unless the agent is
   * available, `capacity_full` when they have no room on the channel (a supervisor may always take them).
   * `customer_opted_out` when the customer sent STOP on that channel; de-duplicated on clientMessageId (the caller's
   * own earlier send; a clientMessageId another agent used is `conflict`).
   */
  startConversation(request: StartConversationRequest): StartConversationResult;
}

/** Every hub method's name. */
export type HubMethodName = keyof HubMethods;
/** The arguments an invocation of method `M` carries, in order. */
export type HubMethodArgs<M extends HubMethodName> = Parameters<HubMethods[M]>;
/** What method `M` answers. */
export type HubMethodResult<M extends HubMethodName> = ReturnType<HubMethods[M]>;

/** Hub → client invocations (fire and forget), each with one payload. */
export interface HubEvents {
  /** A conversation was created, assigned, re-opened, closed, read or got a message. */
  conversationUpdated: ConversationSummary;
  /** A new message in a conversation the agent can see. */
  messageAdded: Message;
  /** A message changed (delivery status, error). */
  messageUpdated: Message;
  /** The customer started or stopped typing, or asked for a live agent (Business Messages). */
  customerActivity: CustomerActivity;
  /**
   * A call changed. Sent to the agent it is offered to or with, to the agent it just left (declined,
   * transferred, not answered in time: their `assignedAgentId` is no longer theirs, so the softphone drops it),
   * and to the organisation's supervisors.
   */
  callUpdated: Call;
  /**
   * An outbound message went out (show-on-timeline) to the customer of a conversation that
   * exists; sent to that conversation's agent and the organisation's supervisors. `conversationId` names it.
   */
  outboundActivityAdded: OutboundActivity;
  /** This agent chose a presence (in this or another tab); after a reconnect getRoutingState tells it. */
  presenceChanged: ChoosablePresence;
  /** A conversation is offered to this agent. */
  conversationOffered: ConversationOffer;
  /** An offer to this agent ended (accepted, declined, expired, or given to someone else). */
  offerWithdrawn: OfferWithdrawn;
  /**
   * Queue counters of every queue of the organisation changed; sent to all its agents (at most a few
   * times a second). Counts and names only, no customer data; the widget shows the agent's own queues (myQueueIds).
   */
  queueStatsUpdated: QueueStats[];
  /** Sent to supervisors when queues or agents changed (at most a few times a second). */
  routingOverviewUpdated: RoutingOverview;
}

/** Every hub event's name. */
export type HubEventName = keyof HubEvents;
/** The payload event `E` carries. */
export type HubEventPayload<E extends HubEventName> = HubEvents[E];
