/**
 * Routing's rows: queue places, offers, assignment, parking, wrap-up and transfers of conversations, each change
 * a compare-and-set on the conversation's state (two hubs or two tabs never both win), recorded in
 * conversation_events; and agents' chosen presence. Always scoped to one organisation.
 */
import type { Channel } from '../../protocol/payloads.js';
import type { ChoosablePresence, QueueStats, TransferNote } from '../../protocol/routing.js';
import type { Database, Queryable } from './database.js';
import type { ConversationRow } from './rows.js';

export type ConversationEventKind =
  | 'queued'
  | 'offered'
  | 'declined'
  | 'offer_expired'
  | 'offer_withdrawn'
  | 'assigned'
  | 'parked'
  | 'resumed'
  | 'wrap_up'
  | 'closed'
  | 'transferred';

export interface ConversationEvent {
  kind: ConversationEventKind;
  agentId?: string | null;
  queueId?: string | null;
  detail?: Record<string, unknown> | null;
}

/** Runs one conditional UPDATE … RETURNING * and, when it changed the row, records the event in the same transaction. */
async function change(
  db: Database,
  orgId: string,
  sql: string,
  params: unknown[],
  event: (row: ConversationRow) => ConversationEvent,
  at: Date,
): Promise<ConversationRow | null> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<ConversationRow>(sql, params);
    const row = rows[0];
    if (row) await recordEvent(tx, orgId, row.id, event(row), at);
    return row ?? null;
  });
}

export async function recordEvent(
  db: Queryable,
  orgId: string,
  conversationId: string,
  event: ConversationEvent,
  at: Date,
): Promise<void> {
  await db.query(
    'INSERT INTO conversation_events (org_id, conversation_id, kind, agent_id, queue_id, detail, at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [
      orgId,
      conversationId,
      event.kind,
      event.agentId ?? null,
      event.queueId ?? null,
      event.detail ? JSON.stringify(event.detail) : null,
      at,
    ],
  );
}

/** Work each agent holds: conversations active or in wrap-up, and open offers, by channel. */
export async function loadByAgent(db: Queryable, orgId: string): Promise<Map<string, Map<Channel, number>>> {
  const { rows } = await db.query<{ agent_id: string; channel: Channel; n: number }>(
    `SELECT agent_id, channel, count(*)::int AS n FROM (
       SELECT assigned_agent_id AS agent_id, channel FROM conversations
        WHERE org_id = $1 AND status IN ('active', 'wrap_up') AND assigned_agent_id IS NOT NULL
       UNION ALL
       SELECT offered_agent_id, channel FROM conversations
        WHERE org_id = $1 AND status = 'open' AND offered_agent_id IS NOT NULL
     ) AS held GROUP BY agent_id, channel`,
    [orgId],
  );
  const load = new Map<string, Map<Channel, number>>();
  for (const row of rows) {
    const byChannel = load.get(row.agent_id) ?? new Map<Channel, number>();
    byChannel.set(row.channel, row.n);
    load.set(row.agent_id, byChannel);
  }
  return load;
}

/** Open conversations not being offered to anyone, longest waiting first (`unqueuedOnly`: those not in a queue yet). */
export async function listUnofferedQueued(
  db: Queryable,
  orgId: string,
  unqueuedOnly = false,
): Promise<ConversationRow[]> {
  const { rows } = await db.query<ConversationRow>(
    `SELECT * FROM conversations WHERE org_id = $1 AND status = 'open' AND offered_agent_id IS NULL ${unqueuedOnly ? 'AND queue_id IS NULL' : ''}
     ORDER BY queued_at ASC NULLS FIRST, created_at ASC`,
    [orgId],
  );
  return rows;
}

/** Offers still open to an agent. */
export async function listOffersTo(
  db: Queryable,
  orgId: string,
  agentId: string,
  now: Date,
): Promise<ConversationRow[]> {
  const { rows } = await db.query<ConversationRow>(
    `SELECT * FROM conversations WHERE org_id = $1 AND status = 'open' AND offered_agent_id = $2 AND offer_expires_at > $3 ORDER BY offered_at`,
    [orgId, agentId, now],
  );
  return rows;
}

/** Offers (to anyone) whose time is up, and the agents they were offered to. */
export async function listExpiredOffers(db: Queryable, orgId: string, now: Date): Promise<ConversationRow[]> {
  const { rows } = await db.query<ConversationRow>(
    `SELECT * FROM conversations WHERE org_id = $1 AND status = 'open' AND offered_agent_id IS NOT NULL AND offer_expires_at <= $2`,
    [orgId, now],
  );
  return rows;
}

export async function listEndedWrapUps(db: Queryable, orgId: string, now: Date): Promise<ConversationRow[]> {
  const { rows } = await db.query<ConversationRow>(
    `SELECT * FROM conversations WHERE org_id = $1 AND status = 'wrap_up' AND wrap_up_ends_at <= $2`,
    [orgId, now],
  );
  return rows;
}

/** Puts a conversation waiting without a queue into one (workstream rules decided which). */
export async function placeInQueue(
  db: Database,
  orgId: string,
  id: string,
  queueId: string,
  now: Date,
): Promise<ConversationRow | null> {
  return change(
    db,
    orgId,
    `UPDATE conversations SET queue_id = $3, queued_at = COALESCE(queued_at, $4)
     WHERE org_id = $1 AND id = $2 AND status = 'open' AND queue_id IS NULL RETURNING *`,
    [orgId, id, queueId, now],
    () => ({ kind: 'queued', queueId }),
    now,
  );
}

export async function offer(
  db: Database,
  orgId: string,
  id: string,
  agentId: string,
  now: Date,
  expiresAt: Date,
): Promise<ConversationRow | null> {
  return change(
    db,
    orgId,
    `UPDATE conversations SET offered_agent_id = $3, offered_at = $4, offer_expires_at = $5
     WHERE org_id = $1 AND id = $2 AND status = 'open' AND offered_agent_id IS NULL RETURNING *`,
    [orgId, id, agentId, now, expiresAt],
    (row) => ({ kind: 'offered', agentId, queueId: row.queue_id }),
    now,
  );
}

/**
 * Gives an open conversation to an agent: `offeredTo` set, only when it is offered to them (accepting); null, only
 * when it is offered to nobody (auto-assignment). Null when someone else got there first or the offer ended.
 */
export async function assign(
  db: Database,
  orgId: string,
  id: string,
  agentId: string,
  now: Date,
  offeredTo: string | null,
): Promise<ConversationRow | null> {
  const condition = offeredTo === null ? 'offered_agent_id IS NULL' : 'offered_agent_id = $4 AND offer_expires_at > $5';
  return change(
    db,
    orgId,
    `UPDATE conversations SET status = 'active', assigned_agent_id = $3, offered_agent_id = NULL, offered_at = NULL,
       offer_expires_at = NULL, declined_agent_ids = '{}', offer_ended_at = NULL
     WHERE org_id = $1 AND id = $2 AND status = 'open' AND ${condition} RETURNING *`,
    offeredTo === null ? [orgId, id, agentId] : [orgId, id, agentId, offeredTo, now],
    (row) => ({ kind: 'assigned', agentId, queueId: row.queue_id }),
    now,
  );
}

/**
 * Ends an offer without assigning it (declined, expired, or withdrawn because the agent went offline): it keeps its
 * place in the queue and the agent is not offered it again while others can take it.
 */
export async function endOffer(
  db: Database,
  orgId: string,
  id: string,
  agentId: string,
  kind: 'declined' | 'offer_expired' | 'offer_withdrawn',
  now: Date,
): Promise<ConversationRow | null> {
  return change(
    db,
    orgId,
    `UPDATE conversations SET offered_agent_id = NULL, offered_at = NULL, offer_expires_at = NULL, offer_ended_at = $4,
       declined_agent_ids = CASE WHEN $3 = ANY(declined_agent_ids) THEN declined_agent_ids ELSE array_append(declined_agent_ids, $3) END
     WHERE org_id = $1 AND id = $2 AND status = 'open' AND offered_agent_id = $3 RETURNING *`,
    [orgId, id, agentId, now],
    (row) => ({ kind, agentId, queueId: row.queue_id }),
    now,
  );
}

/** Every agent who can take it has declined it: start again from everyone. */
export async function forgetDeclines(db: Queryable, orgId: string, id: string): Promise<void> {
  await db.query(`UPDATE conversations SET declined_agent_ids = '{}' WHERE org_id = $1 AND id = $2`, [orgId, id]);
}

export async function park(
  db: Database,
  orgId: string,
  id: string,
  agentId: string,
  now: Date,
): Promise<ConversationRow | null> {
  return change(
    db,
    orgId,
    `UPDATE conversations SET status = 'waiting' WHERE org_id = $1 AND id = $2 AND status = 'active' RETURNING *`,
    [orgId, id],
    () => ({ kind: 'parked', agentId }),
    now,
  );
}

export async function resume(
  db: Database,
  orgId: string,
  id: string,
  agentId: string | null,
  now: Date,
): Promise<ConversationRow | null> {
  return change(
    db,
    orgId,
    `UPDATE conversations SET status = 'active' WHERE org_id = $1 AND id = $2 AND status = 'waiting' RETURNING *`,
    [orgId, id],
    () => ({ kind: 'resumed', agentId }),
    now,
  );
}

/** The customer wrote during wrap-up: the conversation is the agent's again (it already counts against their capacity). */
export async function endWrapUp(db: Database, orgId: string, id: string, now: Date): Promise<ConversationRow | null> {
  return change(
    db,
    orgId,
    `UPDATE conversations SET status = 'active', wrap_up_ends_at = NULL WHERE org_id = $1 AND id = $2 AND status = 'wrap_up' RETURNING *`,
    [orgId, id],
    () => ({ kind: 'resumed', agentId: null }),
    now,
  );
}

/** Resolving: into wrap-up until `wrapUpEndsAt` when given, else closed (an open one's offer ends with it). */
export async function resolve(
  db: Database,
  orgId: string,
  id: string,
  agentId: string | null,
  now: Date,
  wrapUpEndsAt: Date | null,
): Promise<ConversationRow | null> {
  if (wrapUpEndsAt) {
    return change(
      db,
      orgId,
      `UPDATE conversations SET status = 'wrap_up', wrap_up_ends_at = $3, unread_count = 0
       WHERE org_id = $1 AND id = $2 AND status IN ('active', 'waiting') RETURNING *`,
      [orgId, id, wrapUpEndsAt],
      () => ({ kind: 'wrap_up', agentId }),
      now,
    );
  }
  return change(
    db,
    orgId,
    `UPDATE conversations SET status = 'closed', closed_at = $3, unread_count = 0, wrap_up_ends_at = NULL, offered_agent_id = NULL,
       offered_at = NULL, offer_expires_at = NULL, declined_agent_ids = '{}'
     WHERE org_id = $1 AND id = $2 AND status <> 'closed' RETURNING *`,
    [orgId, id, now],
    () => ({ kind: 'closed', agentId }),
    now,
  );
}

/**
 * A transfer: back to a queue (open, a new place at its end, nobody's) or offered straight to one agent (`offerTo`,
 * until `expiresAt`) or assigned to them (`assignTo`). The note travels with it. From any state but closed.
 * The sender counts as having declined it: it is not offered back to them while another agent can take it (and
 * only once an offer time has passed when nobody else can).
 */
export async function transfer(
  db: Database,
  orgId: string,
  id: string,
  target: { queueId: string; offerTo?: string; expiresAt?: Date; assignTo?: string },
  note: TransferNote,
  now: Date,
): Promise<ConversationRow | null> {
  const status = target.assignTo ? 'active' : 'open';
  return change(
    db,
    orgId,
    `UPDATE conversations SET status = $3, queue_id = $4, queued_at = $5, assigned_agent_id = $6, offered_agent_id = $7,
       offered_at = CASE WHEN $7::text IS NULL THEN NULL ELSE $5::timestamptz END, offer_expires_at = $8, declined_agent_ids = ARRAY[$10::text],
       offer_ended_at = $5, wrap_up_ends_at = NULL, transfer = $9
     WHERE org_id = $1 AND id = $2 AND status <> 'closed' RETURNING *`,
    [
      orgId,
      id,
      status,
      target.queueId,
      now,
      target.assignTo ?? null,
      target.offerTo ?? null,
      target.expiresAt ?? null,
      JSON.stringify(note),
      note.fromAgentId,
    ],
    () => ({
      kind: 'transferred',
      agentId: note.fromAgentId,
      queueId: target.queueId,
      detail: { toAgentId: note.toAgentId, note: note.note },
    }),
    now,
  );
}

/** Waiting, offered and oldest place per queue (queues with nothing waiting are absent). */
export async function queueCounts(
  db: Queryable,
  orgId: string,
): Promise<Map<string, Omit<QueueStats, 'queueId' | 'name'>>> {
  const { rows } = await db.query<{ queue_id: string; waiting: number; offered: number; oldest: Date | null }>(
    `SELECT queue_id, count(*)::int AS waiting, count(offered_agent_id)::int AS offered, min(queued_at) AS oldest
     FROM conversations WHERE org_id = $1 AND status = 'open' AND queue_id IS NOT NULL GROUP BY queue_id`,
    [orgId],
  );
  return new Map(
    rows.map((r) => [
      r.queue_id,
      {
        waiting: r.waiting,
        offered: r.offered,
        longestWaitingSince: r.oldest ? new Date(r.oldest).toISOString() : null,
      },
    ]),
  );
}

export async function findPresence(db: Queryable, orgId: string, agentId: string): Promise<ChoosablePresence | null> {
  const { rows } = await db.query<{ presence: ChoosablePresence }>(
    'SELECT presence FROM agent_presence WHERE org_id = $1 AND agent_id = $2',
    [orgId, agentId],
  );
  return rows[0]?.presence ?? null;
}

export async function savePresence(
  db: Queryable,
  orgId: string,
  agentId: string,
  presence: ChoosablePresence,
  now: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO agent_presence (org_id, agent_id, presence, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (org_id, agent_id) DO UPDATE SET presence = EXCLUDED.presence, updated_at = EXCLUDED.updated_at`,
    [orgId, agentId, presence, now],
  );
}
