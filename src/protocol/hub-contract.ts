/**
 * The hub contract: the names both sides use on the SignalR connection.
 * The widget invokes `HubMethods` and listens for `HubEvents`; the hub implements the former and sends the latter.
 */

/** Path of the SignalR hub on the hub server (negotiate is `${HUB_PATH}/negotiate`). */
export const HUB_PATH = '/hub';

/** Client → hub invocations (each answers with a completion). */
export const HubMethods = {
  /** () → AgentIdentity: who the token says this connection is. */
  whoAmI: 'whoAmI',
  /**
   * () → string: the hub's time (ISO-8601). The widget measures its own clock's skew against it, so
   * countdowns such as WhatsApp's 24-hour window agree with what the hub enforces.
   */
  getServerTime: 'getServerTime',
  /** () → ConversationSummary[]: every conversation this agent may see, newest activity first. */
  getConversations: 'getConversations',
  /** (GetMessagesRequest) → Message[]: messages of one conversation with seq > afterSeq, oldest first. */
  getMessages: 'getMessages',
  /**
   * (SendMessageRequest) → Message: the accepted agent message (de-duplicated on clientMessageId).
   * Free text is refused outside WhatsApp's 24-hour window (`session_window_closed`).
   */
  sendMessage: 'sendMessage',
  /**
   * (SendTemplateRequest) → Message: sends an approved template, filled, on the conversation's channel.
   * Allowed outside WhatsApp's 24-hour window; refused while a placeholder has no value.
   */
  sendTemplate: 'sendTemplate',
  /** () → MessageTemplate[]: the organisation's templates. */
  getTemplates: 'getTemplates',
  /**
   * (conversationId, isTyping: boolean) → void: tells the customer the agent is typing (or stopped), on channels
   * that show it (Business Messages); elsewhere it does nothing. Send true when typing starts, false after a pause.
   */
  setTyping: 'setTyping',
  /** (conversationId) → ConversationSummary: marks the conversation read for this agent. */
  markRead: 'markRead',
  /**
   * (conversationId) → ConversationSummary: resolves the conversation: `active`/`waiting` → `wrap_up` when the
   * organisation has a messaging wrap-up time (closed by the hub when it is over), else → `closed`; on a
   * conversation in `wrap_up` → `closed` at once.
   */
  closeConversation: 'closeConversation',

  // ---- routing (payloads in routing.ts) ----

  /** () → RoutingState: presence, capacity, load, queues, open offers and queue counters, for (re)connecting. */
  getRoutingState: 'getRoutingState',
  /** (ChoosablePresence) → RoutingState: the agent's presence; kept by the hub across reconnects and restarts. */
  setPresence: 'setPresence',
  /** (conversationId) → ConversationSummary: takes an offered conversation → `active` with this agent. */
  acceptOffer: 'acceptOffer',
  /** (conversationId) → void: declines an offer; the conversation keeps its place and goes to the next agent. */
  declineOffer: 'declineOffer',
  /** (conversationId) → ConversationSummary: parks it, `active` → `waiting` (frees capacity). */
  parkConversation: 'parkConversation',
  /** (conversationId) → ConversationSummary: `waiting` → `active` again; `capacity_full` when the agent has no room. */
  resumeConversation: 'resumeConversation',
  /** () → ConversationTransferTargets: queues and agents a conversation may be transferred to. */
  getConversationTransferTargets: 'getConversationTransferTargets',
  /**
   * (TransferConversationRequest) → ConversationSummary: to a queue (→ `open` there) or to an agent (→ offered to
   * them, or assigned in `auto` mode; `agent_unavailable` when they cannot take it), with a note the receiver sees.
   */
  transferConversation: 'transferConversation',
  /** () → RoutingOverview: queues and agents of the organisation; supervisors only (`forbidden` otherwise). */
  getRoutingOverview: 'getRoutingOverview',

  // ---- voice (payloads in calls.ts). Every call action answers the Call as it now is, and is also pushed
  // as `callUpdated`. A call action the call's state does not allow fails with `illegal_call_transition`
  // ("… (on_hold → offered is not allowed)"); repeating one that already happened (hold on a held call) is not
  // an error and answers the call unchanged. Only the agent the call is offered to or with may act on it
  // (`not_assigned`); supervisors see every call and may look up customers and create cases.

  /** () → VoiceSettings: queues, dispositions, wrap-up and ring times of the agent's organisation. */
  getVoiceSettings: 'getVoiceSettings',
  /**
   * () → Call[]: the agent's calls that are not over (offered, connected, on hold, in wrap-up), oldest first;
   * a supervisor's: every call of the organisation not yet ended. A reloaded softphone re-syncs from this.
   */
  getCalls: 'getCalls',
  /** () → TransferTargets: queues and connected agents to transfer a call to. */
  getTransferTargets: 'getTransferTargets',
  /** (callId) → Call: answers the call offered (ringing) to this agent → `connected`. */
  answerCall: 'answerCall',
  /** (callId) → Call: declines it → back to `queued`, then offered to another available agent (never again to this one). */
  declineCall: 'declineCall',
  /** (callId) → Call: `connected` → `on_hold` (heldAt set). */
  holdCall: 'holdCall',
  /** (callId) → Call: `on_hold` → `connected`. */
  resumeCall: 'resumeCall',
  /** (MuteCallRequest) → Call: mutes or unmutes the agent's microphone on a connected or held call. */
  muteCall: 'muteCall',
  /** (SendDtmfRequest) → Call: sends touch-tones on a connected call (the digits are not stored). */
  sendDtmf: 'sendDtmf',
  /**
   * (TransferCallRequest) → Call: to a queue (→ `queued`, offered to someone else) or to a connected, available
   * agent (→ `offered` to them; `agent_unavailable` otherwise). The call leaves this agent without a wrap-up.
   */
  transferCall: 'transferCall',
  /** (callId) → Call: ends the conversation → `wrap_up` with the organisation's wrap-up time. */
  hangUpCall: 'hangUpCall',
  /** (CompleteWrapUpRequest) → Call: notes and a disposition → `ended`; the agent is offered calls again. */
  completeWrapUp: 'completeWrapUp',
  /** (callId) → Call: runs the CRM data dip again (e.g. after `unavailable`) and attaches the result. */
  lookupCustomer: 'lookupCustomer',
  /**
   * (CreateCaseRequest) → Call: creates the case in the CRM for the call's contact (creating the contact first
   * for an unknown caller, with the caller's number) and attaches it as `customer.latestCase`.
   * `crm_unavailable` when the CRM fails (a contact already created stays attached, so a retry does not make a second one).
   */
  createCase: 'createCase',

  // ---- outbound (payloads in outbound.ts) ----

  /**
   * (conversationId) → OutboundActivity[]: outbound messages on this customer's timeline (configurations with
   * show-on-timeline) sent to the conversation's customer from its number, oldest first, whenever they were sent
   * (before the conversation existed too). The view merges them with the messages by time.
   */
  getOutboundActivities: 'getOutboundActivities',
  /**
   * (StartConversationRequest) → StartConversationResult: the agent writes first with an approved template (allowed
   * outside WhatsApp's window). Opens the customer's conversation assigned to this agent (or re-opens theirs; one
   * active with another agent is `not_assigned` unless a supervisor asks), then sends like sendTemplate.
   * `customer_opted_out` when the customer sent STOP on that channel; de-duplicated on clientMessageId.
   */
  startConversation: 'startConversation',
} as const;
export type HubMethod = (typeof HubMethods)[keyof typeof HubMethods];

/** Hub → client invocations (fire and forget). */
export const HubEvents = {
  /** (ConversationSummary): a conversation was created, assigned, re-opened, closed, read or got a message. */
  conversationUpdated: 'conversationUpdated',
  /** (Message): a new message in a conversation the agent can see. */
  messageAdded: 'messageAdded',
  /** (Message): a message changed (delivery status, error). */
  messageUpdated: 'messageUpdated',
  /** (CustomerActivity): the customer started or stopped typing, or asked for a live agent (Business Messages). */
  customerActivity: 'customerActivity',
  /**
   * (Call): a call changed. Sent to the agent it is offered to or with, to the agent it just left (declined,
   * transferred, not answered in time: their `assignedAgentId` is no longer theirs, so the softphone drops it),
   * and to the organisation's supervisors.
   */
  callUpdated: 'callUpdated',
  /**
   * (OutboundActivity): an outbound message went out (show-on-timeline) to the customer of a conversation that
   * exists; sent to that conversation's agent and the organisation's supervisors. `conversationId` names it.
   */
  outboundActivityAdded: 'outboundActivityAdded',
  /** (ChoosablePresence): this agent chose a presence (in this or another tab); after a reconnect getRoutingState tells it. */
  presenceChanged: 'presenceChanged',
  /** (ConversationOffer): a conversation is offered to this agent. */
  conversationOffered: 'conversationOffered',
  /** (OfferWithdrawn): an offer to this agent ended (accepted, declined, expired, or given to someone else). */
  offerWithdrawn: 'offerWithdrawn',
  /**
   * (QueueStats[]): queue counters of every queue of the organisation changed; sent to all its agents (at most a few
   * times a second). Counts and names only, no customer data; the widget shows the agent's own queues (myQueueIds).
   */
  queueStatsUpdated: 'queueStatsUpdated',
  /** (RoutingOverview): sent to supervisors when queues or agents changed (at most a few times a second). */
  routingOverviewUpdated: 'routingOverviewUpdated',
} as const;
export type HubEvent = (typeof HubEvents)[keyof typeof HubEvents];
