/** Conversation rows: reading them for an agent, assigning, reading and resolving. Always scoped to one organisation. */
import type { Queryable } from './database.js';
import type { ConversationRow } from './rows.js';

export async function findConversation(db: Queryable, orgId: string, id: string): Promise<ConversationRow | null> {
  const { rows } = await db.query<ConversationRow>('SELECT * FROM conversations WHERE org_id = $1 AND id = $2', [
    orgId,
    id,
  ]);
  return rows[0] ?? null;
}

export async function findConversationByAddress(
  db: Queryable,
  orgId: string,
  channel: string,
  channelAddress: string,
  customerAddress: string,
): Promise<ConversationRow | null> {
  const { rows } = await db.query<ConversationRow>(
    'SELECT * FROM conversations WHERE org_id = $1 AND channel = $2 AND channel_address = $3 AND customer_address = $4',
    [orgId, channel, channelAddress, customerAddress],
  );
  return rows[0] ?? null;
}

/** The conversations with these customers on one of our numbers, by customer address. */
export async function findConversationsByAddresses(
  db: Queryable,
  orgId: string,
  channel: string,
  channelAddress: string,
  customerAddresses: string[],
): Promise<Map<string, ConversationRow>> {
  if (customerAddresses.length === 0) return new Map();
  const { rows } = await db.query<ConversationRow>(
    'SELECT * FROM conversations WHERE org_id = $1 AND channel = $2 AND channel_address = $3 AND customer_address = ANY($4)',
    [orgId, channel, channelAddress, customerAddresses],
  );
  return new Map(rows.map((r) => [r.customer_address, r]));
}

/** Conversations an agent sees: those assigned or being offered to them, or all of the organisation's for a supervisor. */
export async function listConversationsFor(
  db: Queryable,
  orgId: string,
  agentId: string,
  supervisor: boolean,
): Promise<ConversationRow[]> {
  const { rows } = supervisor
    ? await db.query<ConversationRow>('SELECT * FROM conversations WHERE org_id = $1 ORDER BY last_activity_at DESC', [
        orgId,
      ])
    : await db.query<ConversationRow>(
        'SELECT * FROM conversations WHERE org_id = $1 AND (assigned_agent_id = $2 OR offered_agent_id = $2) ORDER BY last_activity_at DESC',
        [orgId, agentId],
      );
  return rows;
}

export async function markConversationRead(db: Queryable, orgId: string, id: string): Promise<ConversationRow | null> {
  const { rows } = await db.query<ConversationRow>(
    'UPDATE conversations SET unread_count = 0 WHERE org_id = $1 AND id = $2 RETURNING *',
    [orgId, id],
  );
  return rows[0] ?? null;
}

export interface OpenForAgentInput {
  orgId: string;
  channel: string;
  channelAddress: string;
  customerAddress: string;
  customerName: string | null;
  customerLocale: string | null;
  agentId: string;
  now: Date;
}

/**
 * An agent writes first: the customer's conversation on that number, created for the agent (active, assigned to
 * them, no customer message yet), or the existing one: re-opened and given to the agent when resolved or waiting,
 * left as it is when someone works it (the caller checks who).
 */
export async function openConversationForAgent(db: Queryable, input: OpenForAgentInput): Promise<ConversationRow> {
  const { rows } = await db.query<ConversationRow>(
    `INSERT INTO conversations (id, org_id, channel, channel_address, customer_address, customer_name, customer_locale, status,
       assigned_agent_id, last_seq, unread_count, preview, last_activity_at, created_at)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, 'active', $7, 0, 0, '', $8, $8)
     ON CONFLICT (org_id, channel, channel_address, customer_address) DO UPDATE SET
       assigned_agent_id = CASE WHEN conversations.status IN ('closed', 'open') THEN EXCLUDED.assigned_agent_id ELSE conversations.assigned_agent_id END,
       status = CASE WHEN conversations.status IN ('closed', 'open') THEN 'active' ELSE conversations.status END,
       closed_at = CASE WHEN conversations.status = 'closed' THEN NULL ELSE conversations.closed_at END,
       offered_agent_id = CASE WHEN conversations.status IN ('closed', 'open') THEN NULL ELSE conversations.offered_agent_id END,
       offer_expires_at = CASE WHEN conversations.status IN ('closed', 'open') THEN NULL ELSE conversations.offer_expires_at END,
       customer_name = COALESCE(conversations.customer_name, EXCLUDED.customer_name),
       customer_locale = COALESCE(conversations.customer_locale, EXCLUDED.customer_locale)
     RETURNING *`,
    [
      input.orgId,
      input.channel,
      input.channelAddress,
      input.customerAddress,
      input.customerName,
      input.customerLocale,
      input.agentId,
      input.now,
    ],
  );
  return rows[0];
}
