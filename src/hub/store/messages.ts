/**
 * Message rows. Every new message takes the next sequence number of its conversation inside the same
 * transaction that stores it, so numbers have no gaps; de-duplication rests on unique constraints
 * (provider message id for webhooks, client message id for agents).
 */
import { randomUUID } from 'node:crypto';
import type { Attachment, Channel, MessageStatus } from '../../protocol/payloads.js';
import type { Database, Queryable } from './database.js';
import { isUniqueViolation } from './database.js';
import { recordOptOutChange } from './opt-outs.js';
import { previewOf, type ConversationRow, type MessageRow } from './rows.js';

export interface InboundMessageInput {
  orgId: string;
  channel: Channel;
  channelAddress: string;
  customerAddress: string;
  customerName?: string | null;
  customerLocale?: string | null;
  /** What the channel says about where the customer came from (Business Messages context), for routing. */
  channelContext?: Record<string, unknown> | null;
  text: string;
  attachments?: Attachment[];
  provider: string;
  providerMessageId: string;
  receivedAt: Date;
  /** The provider's own opt-out signal (Twilio's OptOutType: STOP, START, HELP), when it sent one. */
  optOutType?: string | null;
  /** The customer opted out of (or back in to) this channel with this message: recorded in the same transaction. */
  optOut?: { optedOut: boolean; keyword: string; source: string } | null;
}

export type InboundResult =
  | { duplicate: true; message: MessageRow }
  | { duplicate: false; message: MessageRow; conversation: ConversationRow; reopened: boolean };

async function findByProviderId(
  db: Queryable,
  provider: string,
  providerMessageId: string,
): Promise<MessageRow | null> {
  const { rows } = await db.query<MessageRow>(
    'SELECT * FROM messages WHERE provider = $1 AND provider_message_id = $2',
    [provider, providerMessageId],
  );
  return rows[0] ?? null;
}

/**
 * Stores a customer's message: finds or opens the conversation on that address (re-opening a resolved one),
 * takes the next sequence number and commits. A provider retry of the same message returns the first one.
 */
export async function recordInboundMessage(db: Database, input: InboundMessageInput): Promise<InboundResult> {
  // On a PostgreSQL server two deliveries can race: the loser's transaction rolls back on a unique
  // constraint, and the next attempt sees what the winner committed.
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction((tx) => storeInbound(tx, input));
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 3) throw error;
    }
  }
}

async function storeInbound(tx: Queryable, input: InboundMessageInput): Promise<InboundResult> {
  const existing = await findByProviderId(tx, input.provider, input.providerMessageId);
  if (existing) return { duplicate: true, message: existing };
  const attachments = input.attachments ?? [];
  const preview = previewOf(input.text, attachments);
  const { rows: found } = await tx.query<ConversationRow>(
    `SELECT * FROM conversations WHERE org_id = $1 AND channel = $2 AND channel_address = $3 AND customer_address = $4 FOR UPDATE`,
    [input.orgId, input.channel, input.channelAddress, input.customerAddress],
  );
  const before = found[0];
  let conversation: ConversationRow;
  if (before) {
    const { rows } = await tx.query<ConversationRow>(
      `UPDATE conversations SET last_seq = last_seq + 1, unread_count = unread_count + 1, preview = $2,
         last_activity_at = $3, last_inbound_at = $3, customer_name = COALESCE($4, customer_name),
         customer_locale = COALESCE($5, customer_locale), channel_context = COALESCE($6, channel_context),
         queued_at = CASE WHEN status = 'closed' THEN $3 ELSE queued_at END,
         queue_id = CASE WHEN status = 'closed' THEN NULL ELSE queue_id END,
         declined_agent_ids = CASE WHEN status = 'closed' THEN '{}' ELSE declined_agent_ids END,
         status = CASE WHEN status = 'closed' THEN 'open' ELSE status END, closed_at = NULL
       WHERE id = $1 RETURNING *`,
      [
        before.id,
        preview,
        input.receivedAt,
        input.customerName ?? null,
        input.customerLocale ?? null,
        input.channelContext ? JSON.stringify(input.channelContext) : null,
      ],
    );
    conversation = rows[0]!;
  } else {
    const { rows } = await tx.query<ConversationRow>(
      `INSERT INTO conversations (id, org_id, channel, channel_address, customer_address, customer_name, customer_locale,
         channel_context, status, last_seq, unread_count, preview, last_activity_at, last_inbound_at, created_at, queued_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', 1, 1, $9, $10, $10, $10, $10) RETURNING *`,
      [
        randomUUID(),
        input.orgId,
        input.channel,
        input.channelAddress,
        input.customerAddress,
        input.customerName ?? null,
        input.customerLocale ?? null,
        input.channelContext ? JSON.stringify(input.channelContext) : null,
        preview,
        input.receivedAt,
      ],
    );
    conversation = rows[0]!;
  }
  const { rows: messages } = await tx.query<MessageRow>(
    `INSERT INTO messages (id, org_id, conversation_id, seq, direction, body, attachments, status, provider, provider_message_id, created_at, updated_at)
     VALUES ($1, $2, $3, $4, 'inbound', $5, $6, 'received', $7, $8, $9, $9) RETURNING *`,
    [
      randomUUID(),
      input.orgId,
      conversation.id,
      conversation.last_seq,
      input.text,
      JSON.stringify(attachments),
      input.provider,
      input.providerMessageId,
      input.receivedAt,
    ],
  );
  if (input.optOut) {
    await recordOptOutChange(tx, {
      orgId: input.orgId,
      channel: input.channel,
      channelAddress: input.channelAddress,
      customerAddress: input.customerAddress,
      ...input.optOut,
      at: input.receivedAt,
    });
  }
  return { duplicate: false, message: messages[0], conversation, reopened: before?.status === 'closed' };
}

export interface AgentMessageInput {
  orgId: string;
  conversationId: string;
  agentId: string;
  clientMessageId: string;
  /** Shown to the customer on channels that name the person writing (Business Messages). */
  agentDisplayName?: string;
  text: string;
  attachments?: Attachment[];
  template?: { name: string; language: string; values: Record<string, string> };
  provider: string;
  now: Date;
}

export async function findByClientMessageId(
  db: Queryable,
  orgId: string,
  clientMessageId: string,
): Promise<MessageRow | null> {
  const { rows } = await db.query<MessageRow>('SELECT * FROM messages WHERE org_id = $1 AND client_message_id = $2', [
    orgId,
    clientMessageId,
  ]);
  return rows[0] ?? null;
}

/** Stores an agent's message as `pending` with the next sequence number; the caller has checked the conversation. */
export async function insertAgentMessage(
  tx: Queryable,
  input: AgentMessageInput,
): Promise<{ message: MessageRow; conversation: ConversationRow }> {
  const { rows } = await tx.query<ConversationRow>(
    `UPDATE conversations SET last_seq = last_seq + 1, preview = $3, last_activity_at = $4
     WHERE org_id = $1 AND id = $2 RETURNING *`,
    [input.orgId, input.conversationId, previewOf(input.text, input.attachments), input.now],
  );
  const conversation = rows[0];
  const { rows: messages } = await tx.query<MessageRow>(
    `INSERT INTO messages (id, org_id, conversation_id, seq, direction, client_message_id, agent_id, body, attachments,
       template_name, template_language, template_values, status, provider, created_at, updated_at, agent_display_name)
     VALUES ($1, $2, $3, $4, 'outbound', $5, $6, $7, $8, $9, $10, $11, 'pending', $12, $13, $13, $14) RETURNING *`,
    [
      randomUUID(),
      input.orgId,
      input.conversationId,
      conversation.last_seq,
      input.clientMessageId,
      input.agentId,
      input.text,
      JSON.stringify(input.attachments ?? []),
      input.template?.name ?? null,
      input.template?.language ?? null,
      input.template ? JSON.stringify(input.template.values) : null,
      input.provider,
      input.now,
      input.agentDisplayName ?? null,
    ],
  );
  return { message: messages[0], conversation };
}

export interface OutboundMessageInput {
  orgId: string;
  channel: Channel;
  channelAddress: string;
  customerAddress: string;
  text: string;
  template: { name: string; language: string; values: Record<string, string> };
  provider: string;
  now: Date;
}

/**
 * Stores an outbound send (no conversation, no agent) as `pending`, for the same provider dispatch as agent
 * messages; it carries its own addresses. Sequence number 0: it belongs to no conversation's numbering.
 */
export async function insertOutboundMessage(tx: Queryable, input: OutboundMessageInput): Promise<MessageRow> {
  const { rows } = await tx.query<MessageRow>(
    `INSERT INTO messages (id, org_id, conversation_id, seq, direction, body, template_name, template_language, template_values,
       status, provider, created_at, updated_at, channel, channel_address, customer_address)
     VALUES ($1, $2, NULL, 0, 'outbound', $3, $4, $5, $6, 'pending', $7, $8, $8, $9, $10, $11) RETURNING *`,
    [
      randomUUID(),
      input.orgId,
      input.text,
      input.template.name,
      input.template.language,
      JSON.stringify(input.template.values),
      input.provider,
      input.now,
      input.channel,
      input.channelAddress,
      input.customerAddress,
    ],
  );
  return rows[0];
}

export async function findMessage(db: Queryable, id: string): Promise<MessageRow | null> {
  const { rows } = await db.query<MessageRow>('SELECT * FROM messages WHERE id = $1', [id]);
  return rows[0] ?? null;
}

/** Agent messages committed but never handed to a provider (the hub stopped in between), oldest first. */
export async function listUnsentAgentMessages(db: Queryable): Promise<MessageRow[]> {
  const { rows } = await db.query<MessageRow>(
    `SELECT * FROM messages WHERE direction = 'outbound' AND status = 'pending' AND provider_message_id IS NULL ORDER BY created_at ASC`,
  );
  return rows;
}

export async function listMessages(
  db: Queryable,
  orgId: string,
  conversationId: string,
  afterSeq: number,
  limit: number,
): Promise<MessageRow[]> {
  const { rows } = await db.query<MessageRow>(
    'SELECT * FROM messages WHERE org_id = $1 AND conversation_id = $2 AND seq > $3 ORDER BY seq ASC LIMIT $4',
    [orgId, conversationId, afterSeq, limit],
  );
  return rows;
}

/** How far along a message is; a report never moves a message backwards (a late "sent" after "delivered"). */
const PROGRESS: Record<MessageStatus, number> = { received: 0, pending: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

export interface StatusChange {
  status: MessageStatus;
  errorCode?: string | null;
  errorDetail?: string | null;
}

/** Applies a status to a message by our id; returns the row when it changed. */
export async function updateMessageStatus(
  db: Queryable,
  messageId: string,
  change: StatusChange,
  now: Date,
  providerMessageId?: string,
): Promise<MessageRow | null> {
  const { rows } = await db.query<MessageRow>(
    `UPDATE messages SET status = $2, error_code = $3, error_detail = $4, updated_at = $5,
       provider_message_id = COALESCE($6, provider_message_id)
     WHERE id = $1 AND (CASE status WHEN 'failed' THEN 4 WHEN 'read' THEN 3 WHEN 'delivered' THEN 2 WHEN 'sent' THEN 1 ELSE 0 END) < $7
     RETURNING *`,
    [
      messageId,
      change.status,
      change.errorCode ?? null,
      change.errorDetail ?? null,
      now,
      providerMessageId ?? null,
      PROGRESS[change.status],
    ],
  );
  return rows[0] ?? null;
}

/**
 * Records that the provider took a message (its id and status), then applies any delivery report that
 * arrived before we knew the id. Returns the message as it ends up.
 */
export async function recordProviderAcceptance(
  db: Database,
  messageId: string,
  provider: string,
  providerMessageId: string,
  now: Date,
): Promise<MessageRow | null> {
  return db.transaction(async (tx) => {
    let row = await updateMessageStatus(tx, messageId, { status: 'sent' }, now, providerMessageId);
    const { rows: early } = await tx.query<{
      status: MessageStatus;
      error_code: string | null;
      error_detail: string | null;
    }>(
      'DELETE FROM early_status_reports WHERE provider = $1 AND provider_message_id = $2 RETURNING status, error_code, error_detail',
      [provider, providerMessageId],
    );
    for (const report of early.sort((a, b) => PROGRESS[a.status] - PROGRESS[b.status])) {
      row =
        (await updateMessageStatus(
          tx,
          messageId,
          { status: report.status, errorCode: report.error_code, errorDetail: report.error_detail },
          now,
        )) ?? row;
    }
    if (!row) {
      const { rows } = await tx.query<MessageRow>('SELECT * FROM messages WHERE id = $1', [messageId]);
      row = rows[0] ?? null;
    }
    return row;
  });
}

/**
 * Applies a provider's delivery report. Returns `{ message }` when it changed a message, `{ message: null }`
 * when it changed nothing, and keeps a report for a message whose provider id we do not know yet.
 */
export async function applyStatusReport(
  db: Database,
  provider: string,
  providerMessageId: string,
  change: StatusChange,
  now: Date,
): Promise<{ message: MessageRow | null; known: boolean }> {
  return db.transaction(async (tx) => {
    const known = await findByProviderId(tx, provider, providerMessageId);
    if (!known) {
      await tx.query(
        `INSERT INTO early_status_reports (provider, provider_message_id, status, error_code, error_detail, received_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [provider, providerMessageId, change.status, change.errorCode ?? null, change.errorDetail ?? null, now],
      );
      return { message: null, known: false };
    }
    if (known.direction !== 'outbound') return { message: null, known: true };
    return { message: await updateMessageStatus(tx, known.id, change, now), known: true };
  });
}
