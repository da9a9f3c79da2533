/** Payload types carried on the hub connection and the hub's HTTP API. Timestamps are ISO-8601 strings (UTC). */
import type { TransferNote } from './routing.js';

export type Channel = 'sms' | 'whatsapp' | 'gbm';

/** Display names for channel badges. */
export const CHANNEL_LABELS: Record<Channel, string> = {
  sms: 'SMS',
  whatsapp: 'WhatsApp',
  gbm: 'Business Messages',
};

/**
 * Conversation lifecycle. `open`: waiting in a queue for an agent (perhaps being offered to one); `active`: with an
 * agent; `waiting`: parked by the agent (it does not use their capacity; the customer writing again brings it back
 * to `active` when the agent has room); `wrap_up`: the agent finishing up after resolving (closes by itself when the
 * organisation's wrap-up time is over; the customer writing meanwhile makes it `active` with the agent again); `closed`: resolved (a new customer message re-opens it, to the same agent
 * when that agent is available).
 */
export type ConversationStatus = 'open' | 'active' | 'waiting' | 'wrap_up' | 'closed';

export type MessageDirection = 'inbound' | 'outbound';

/**
 * Delivery state of a message. Inbound messages are `received`. Agent messages go
 * `pending` (accepted by the hub, not yet taken by the provider) → `sent` → `delivered` | `read`, or `failed`.
 */
export type MessageStatus = 'received' | 'pending' | 'sent' | 'delivered' | 'read' | 'failed';

export interface AgentIdentity {
  agentId: string;
  organisationId: string;
  displayName: string;
  roles: string[];
}

export interface ConversationSummary {
  id: string;
  organisationId: string;
  channel: Channel;
  /** Our number (or channel address) the customer wrote to, digits only for SMS. */
  channelAddress: string;
  /** The customer's number (or channel address). */
  customerAddress: string;
  customerName: string | null;
  /** The customer's language when a channel or the CRM told us (BCP 47, e.g. "fr-FR"); picks template versions. */
  customerLocale: string | null;
  status: ConversationStatus;
  assignedAgentId: string | null;
  /** Whether the agent may attach files here (the channel's setting: WhatsApp by default, never TeleSign SMS). */
  agentAttachments: boolean;
  /** Highest message sequence number in this conversation (0 when it has none). */
  lastSeq: number;
  /** Messages from the customer the assigned agent has not read. */
  unreadCount: number;
  /** Text of the latest message, shortened for the inbox. */
  preview: string;
  lastActivityAt: string;
  /** Time of the customer's most recent message (drives WhatsApp's 24-hour window). */
  lastInboundAt: string | null;
  createdAt: string;
  /** The queue the workstream rules (or a transfer) put it in; null before routing ever saw it. */
  queueId: string | null;
  /** When it last entered its queue (its place in the queue; declines and expired offers keep it). */
  queuedAt: string | null;
  /** The agent it is being offered to right now (status `open`), else null. */
  offeredAgentId: string | null;
  /** While in `wrap_up`: when the hub closes it by itself. */
  wrapUpEndsAt: string | null;
  /** The latest transfer's hand-over note, for the receiving agent; null when never transferred. */
  transfer: TransferNote | null;
}

export interface Message {
  id: string;
  organisationId: string;
  conversationId: string;
  /** Per-conversation sequence number: 1, 2, 3… without gaps, for catch-up. */
  seq: number;
  direction: MessageDirection;
  /** Client-generated id of an agent message (exactly-once sending); null for inbound. */
  clientMessageId: string | null;
  /** Agent who wrote an outbound message; null for inbound. */
  agentId: string | null;
  text: string;
  /** Files that came with the message (customer media, or files the agent attached). */
  attachments: Attachment[];
  /** The approved template this message was sent from, when it was. */
  templateName: string | null;
  status: MessageStatus;
  /** Why a message failed, as an ErrorCode, plus the provider's own detail. */
  errorCode: string | null;
  errorDetail: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Attachment {
  /** Where the file can be fetched: the provider's media URL, or the hub's signed media URL. */
  url: string;
  contentType: string;
  /** A name to show; for customer media, derived from the type when the provider gives none. */
  name: string;
  sizeBytes: number | null;
}

/** What `POST /api/attachments` answers: a file the agent uploaded, to reference in sendMessage. */
export interface UploadedAttachment extends Attachment {
  id: string;
}

export interface GetMessagesRequest {
  conversationId: string;
  /** Return messages with seq greater than this (0 for all). */
  afterSeq: number;
  /** At most this many (default and maximum 500); ask again from the last seq for more. */
  limit?: number;
}

export interface SendMessageRequest {
  conversationId: string;
  /** A UUID the client made; sending the same id again returns the first message and sends nothing. */
  clientMessageId: string;
  /** May be empty when attachments are given. */
  text: string;
  /** Ids of files uploaded with `POST /api/attachments` (channels that allow agent attachments only). */
  attachmentIds?: string[];
}

export interface SendTemplateRequest {
  conversationId: string;
  clientMessageId: string;
  templateName: string;
  /** The localization to send (a language the template has). */
  language: string;
  /** A value for every placeholder of that localization, by placeholder name ("CustomerName", "1", …). */
  values: Record<string, string>;
}

/** What a customer is doing right now, as their channel reports it (Business Messages). */
export interface CustomerActivity {
  conversationId: string;
  /** True while typing, false when they stopped, null when the channel did not say. */
  isTyping: boolean | null;
  /** The customer asked for a person (Business Messages' live-agent request). */
  requestedLiveAgent: boolean;
  at: string;
}

/** Error body of every failing HTTP response from the hub. */
export interface HttpErrorBody {
  error: string;
  message: string;
  /** The offending field, when one input field is to blame. */
  field?: string;
}
