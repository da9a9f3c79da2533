import type {
  Call,
  CompleteWrapUpRequest,
  CreateCaseRequest,
  MuteCallRequest,
  SendDtmfRequest,
  TransferCallRequest,
  TransferTargets,
} from '../../protocol/calls.js';
import type { StartConversationRequest, StartConversationResult } from '../../protocol/outbound.js';
import type {
  ConversationSummary,
  SendMessageRequest,
  SendTemplateRequest,
  UploadedAttachment,
} from '../../protocol/payloads.js';
import type {
  ChoosablePresence,
  ConversationTransferTargets,
  RoutingState,
  TransferConversationRequest,
} from '../../protocol/routing.js';
import type { OutboxEntry } from '../outbox/outbox-entry.js';

/**
 * The intents components send. Components never call the hub: the desktop service implements these by
 * calling the hub client and updating the store. A host can provide its own implementation.
 */
export interface DesktopActions {
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
   * re-opens) the conversation assigned to this agent. Rejects with a HubRequestError the template picker shows
   * (e.g. `customer_opted_out`, `not_assigned`, `invalid_request` for a number that is not one).
   */
  startConversation(request: StartConversationRequest): Promise<StartConversationResult>;
  /**
   * Uploads a file the agent attached (`POST {hubUrl}/api/attachments`); its `id` then goes into
   * `sendMessage`'s `attachmentIds`. Rejects with a HubRequestError (e.g. `attachment_too_large`).
   */
  uploadAttachment(file: File): Promise<UploadedAttachment>;
  /** Resolves a conversation; rejects with a HubRequestError. */
  closeConversation(conversationId: string): Promise<ConversationSummary>;
  /** Marks a conversation read; failures are recorded in the store. */
  markRead(conversationId: string): Promise<void>;
  /** Tells the customer the agent is typing (channels that show it); failures are ignored. */
  setTyping(conversationId: string, isTyping: boolean): void;
  /** Removes an error the agent has seen. */
  dismissError(errorId: number): void;

  // ---- routing: each rejects with a HubRequestError for the component to show (e.g. `offer_gone`,
  // `capacity_full`, `agent_unavailable`); what the hub answers also goes into the store ----

  /** Sets the agent's presence (all their tabs follow); answers the routing state. */
  setPresence(presence: ChoosablePresence): Promise<RoutingState>;
  /** Takes an offered conversation: it becomes `active` with this agent. */
  acceptOffer(conversationId: string): Promise<ConversationSummary>;
  /** Declines an offer: the conversation goes to the next agent. */
  declineOffer(conversationId: string): Promise<void>;
  /** Parks a conversation (`active` → `waiting`, freeing capacity). */
  parkConversation(conversationId: string): Promise<ConversationSummary>;
  /** Takes a parked conversation back (`waiting` → `active`). */
  resumeConversation(conversationId: string): Promise<ConversationSummary>;
  /** Queues and agents a conversation may be transferred to. */
  getConversationTransferTargets(): Promise<ConversationTransferTargets>;
  /** Hands a conversation to a queue or an agent, with a note; it stops being this agent's. */
  transferConversation(request: TransferConversationRequest): Promise<ConversationSummary>;

  // ---- voice: each answers the call as it now is (also put in the store) or rejects with a HubRequestError
  // (e.g. `illegal_call_transition`, `agent_unavailable`, `crm_unavailable`) for the component to show ----

  /** Answers the call ringing at this agent. */
  answerCall(callId: string): Promise<Call>;
  /** Declines it: the hub offers it to another agent. */
  declineCall(callId: string): Promise<Call>;
  holdCall(callId: string): Promise<Call>;
  resumeCall(callId: string): Promise<Call>;
  /** Mutes or unmutes the agent's microphone. */
  muteCall(request: MuteCallRequest): Promise<Call>;
  /** Sends touch-tones (0-9, *, #) on a connected call. */
  sendDtmf(request: SendDtmfRequest): Promise<Call>;
  /** Queues and connected agents the call can go to. */
  getTransferTargets(): Promise<TransferTargets>;
  /** Transfers the call to a queue or an available agent; it leaves this agent. */
  transferCall(request: TransferCallRequest): Promise<Call>;
  /** Ends the conversation with the caller: the call goes to wrap-up. */
  hangUpCall(callId: string): Promise<Call>;
  /** Notes and a disposition: the call ends and leaves the softphone. */
  completeWrapUp(request: CompleteWrapUpRequest): Promise<Call>;
  /** Runs the CRM look-up of the caller again (after `unavailable`). */
  lookupCustomer(callId: string): Promise<Call>;
  /** Creates a CRM case for the caller (and a contact for an unknown caller); the call then shows it. */
  createCase(request: CreateCaseRequest): Promise<Call>;
}
