/** Database rows and their mapping to the protocol's payloads. */
import type { TransferNote } from '../../protocol/routing.js';
import type {
  Attachment,
  Channel,
  ConversationStatus,
  ConversationSummary,
  Message,
  MessageDirection,
  MessageStatus,
} from '../../protocol/payloads.js';

export interface ConversationRow {
  id: string;
  org_id: string;
  channel: Channel;
  channel_address: string;
  customer_address: string;
  customer_name: string | null;
  customer_locale: string | null;
  channel_context: Record<string, unknown> | null;
  status: ConversationStatus;
  assigned_agent_id: string | null;
  last_seq: number;
  unread_count: number;
  preview: string;
  last_activity_at: Date;
  last_inbound_at: Date | null;
  created_at: Date;
  closed_at: Date | null;
  queue_id: string | null;
  queued_at: Date | null;
  offered_agent_id: string | null;
  offered_at: Date | null;
  offer_expires_at: Date | null;
  declined_agent_ids: string[];
  offer_ended_at: Date | null;
  wrap_up_ends_at: Date | null;
  transfer: TransferNote | null;
}

export interface MessageRow {
  id: string;
  org_id: string;
  /** Null for an outbound send (outside any conversation), which carries its own addresses below. */
  conversation_id: string | null;
  seq: number;
  direction: MessageDirection;
  client_message_id: string | null;
  agent_id: string | null;
  body: string;
  attachments: Attachment[];
  template_name: string | null;
  template_language: string | null;
  template_values: Record<string, string> | null;
  agent_display_name: string | null;
  status: MessageStatus;
  error_code: string | null;
  error_detail: string | null;
  provider: string;
  provider_message_id: string | null;
  created_at: Date;
  updated_at: Date;
  /** Outbound sends only (conversation_id null): where the message goes. */
  channel?: Channel | null;
  channel_address?: string | null;
  customer_address?: string | null;
}

const iso = (d: Date | string) => new Date(d).toISOString();

/** A conversation as agents see it; `agentAttachments` is the channel's setting, from the configuration. */
export function toConversationSummary(row: ConversationRow, agentAttachments = false): ConversationSummary {
  return {
    agentAttachments,
    id: row.id,
    organisationId: row.org_id,
    channel: row.channel,
    channelAddress: row.channel_address,
    customerAddress: row.customer_address,
    customerName: row.customer_name,
    customerLocale: row.customer_locale,
    status: row.status,
    assignedAgentId: row.assigned_agent_id,
    lastSeq: row.last_seq,
    unreadCount: row.unread_count,
    preview: row.preview,
    lastActivityAt: iso(row.last_activity_at),
    lastInboundAt: row.last_inbound_at ? iso(row.last_inbound_at) : null,
    createdAt: iso(row.created_at),
    queueId: row.queue_id,
    queuedAt: row.queued_at ? iso(row.queued_at) : null,
    offeredAgentId: row.offered_agent_id,
    wrapUpEndsAt: row.wrap_up_ends_at ? iso(row.wrap_up_ends_at) : null,
    transfer: row.transfer,
  };
}

export function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    organisationId: row.org_id,
    conversationId: row.conversation_id ?? '',
    seq: row.seq,
    direction: row.direction,
    clientMessageId: row.client_message_id,
    agentId: row.agent_id,
    text: row.body,
    attachments: row.attachments ?? [],
    templateName: row.template_name,
    status: row.status,
    errorCode: row.error_code,
    errorDetail: row.error_detail,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** Inbox preview of a message: one line of its text, at most 140 characters, or what it carries. */
export function previewOf(text: string, attachments: Attachment[] = []): string {
  const line = text.replace(/\s+/g, ' ').trim() || attachmentSummary(attachments);
  const chars = Array.from(line);
  return chars.length > 140 ? chars.slice(0, 139).join('') + '…' : line;
}

function attachmentSummary(attachments: Attachment[]): string {
  if (attachments.length === 0) return '';
  const images = attachments.filter((a) => a.contentType.startsWith('image/')).length;
  if (images === attachments.length) return images === 1 ? '📷 Image' : `📷 ${images} images`;
  return attachments.length === 1 ? `📎 ${attachments[0].name}` : `📎 ${attachments.length} files`;
}
