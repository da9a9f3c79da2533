import type { Call } from '../../protocol/calls.js';
import type { HubMethodArgs, HubMethodName, HubMethodResult, HubMethods } from '../../protocol/hub-contract.js';
import type { StartConversationRequest, StartConversationResult } from '../../protocol/outbound.js';
import type {
  ConversationSummary,
  SendMessageRequest,
  SendTemplateRequest,
  UploadedAttachment,
} from '../../protocol/payloads.js';
import type { RoutingState } from '../../protocol/routing.js';
import type { OutboxEntry } from '../outbox/outbox-entry.js';

/**
 * Actions that are one hub call each: the contract's method of the same name, with its arguments and its answer (and
 * its documentation, in an editor). A hub method becomes such an action by adding its name to one of the lists below.
 */
export type HubBackedActions<M extends HubMethodName> = {
  [K in keyof Pick<HubMethods, M>]: (...args: HubMethodArgs<K>) => Promise<HubMethodResult<K>>;
};

/** The hub methods whose answer is a `T` (so a list of actions can be checked against what is done with answers). */
type HubMethodsAnswering<T> = { [M in HubMethodName]: HubMethodResult<M> extends T ? M : never }[HubMethodName];

/**
 * Voice: each answers the call as it now is, which also goes into the store at once (its `callUpdated` may come
 * later), or rejects (e.g. `illegal_call_transition`, `agent_unavailable`, `crm_unavailable`) for the component to show.
 */
export const CALL_ACTIONS = [
  'answerCall',
  'declineCall',
  'holdCall',
  'resumeCall',
  'muteCall',
  'sendDtmf',
  'transferCall',
  'hangUpCall',
  'completeWrapUp',
  'lookupCustomer',
  'createCase',
] as const satisfies readonly HubMethodsAnswering<Call>[];

/**
 * Conversation changes: each answers the conversation as it now is, which also goes into the store at once (one
 * transferred away leaves it), or rejects (e.g. `capacity_full`, `agent_unavailable`).
 */
export const CONVERSATION_ACTIONS = [
  'closeConversation',
  'parkConversation',
  'resumeConversation',
  'transferConversation',
] as const satisfies readonly HubMethodsAnswering<ConversationSummary>[];

/** Answers to an offer: the offer leaves the store; an accepted conversation goes in (rejects e.g. with `offer_gone`). */
export const OFFER_ACTIONS = [
  'acceptOffer',
  'declineOffer',
] as const satisfies readonly HubMethodsAnswering<ConversationSummary | void>[];

/** Routing: the presence the agent chose (all their tabs follow); the routing state answered goes into the store. */
export const ROUTING_ACTIONS = ['setPresence'] as const satisfies readonly HubMethodsAnswering<RoutingState>[];

/** Look-ups, answered as the hub answers them (queues and agents to transfer a call or a conversation to). */
export const LOOKUP_ACTIONS = [
  'getTransferTargets',
  'getConversationTransferTargets',
] as const satisfies readonly HubMethodName[];

/** Every action that is a plain hub call. */
export type HubBackedActionName =
  | (typeof CALL_ACTIONS)[number]
  | (typeof CONVERSATION_ACTIONS)[number]
  | (typeof OFFER_ACTIONS)[number]
  | (typeof ROUTING_ACTIONS)[number]
  | (typeof LOOKUP_ACTIONS)[number];

/**
 * The intents components send. Components never call the hub: the desktop service implements these by calling the
 * hub and updating the store. Failures are read with `actionFailure(error)` (action-failure.ts). A host can provide
 * its own implementation.
 */
export interface DesktopActions extends HubBackedActions<HubBackedActionName> {
  /** Opens a conversation: loads its history and marks it read. */
  selectConversation(conversationId: string | null): void;
  /**
   * Sends an agent message through the outbox: resolves once it is stored in this browser and shown as pending (at
   * once, online or not); it goes to the hub when it can (see DesktopState.outbox). A final refusal shows on it.
   */
  sendMessage(request: SendMessageRequest): Promise<OutboxEntry>;
  /** Sends an approved template, filled, through the outbox as sendMessage does. */
  sendTemplate(request: SendTemplateRequest): Promise<OutboxEntry>;
  /** Sends a failed outbox entry again, with the same clientMessageId. */
  retryMessage(clientMessageId: string): Promise<void>;
  /** Forgets a failed outbox entry (discarded, or replaced by an edited message). */
  discardMessage(clientMessageId: string): Promise<void>;
  /**
   * The agent writes first, with a template, to a customer who may have no conversation yet: the hub opens (or
   * re-opens) the conversation assigned to this agent; it and the message go into the store. Rejects with a failure
   * the template picker shows (e.g. `customer_opted_out`, `not_assigned`, `invalid_request` for a number that is not one).
   */
  startConversation(request: StartConversationRequest): Promise<StartConversationResult>;
  /**
   * Uploads a file the agent attached (`POST {hubUrl}/api/attachments`); its `id` then goes into `sendMessage`'s
   * `attachmentIds`. Rejects with a failure (e.g. `attachment_too_large`).
   */
  uploadAttachment(file: File): Promise<UploadedAttachment>;
  /** Marks a conversation read; failures are recorded in the store. */
  markRead(conversationId: string): Promise<void>;
  /** Tells the customer the agent is typing (channels that show it); failures are ignored. */
  setTyping(conversationId: string, isTyping: boolean): void;
  /** Removes an error the agent has seen. */
  dismissError(errorId: number): void;
}
