/** Call rows and their event log. Always scoped to one organisation; changes go through `updateCall` inside a transaction holding the row. */
import { randomUUID } from 'node:crypto';
import type { Call, CallCustomer, CallState, CustomerLookupStatus } from '../../protocol/calls.js';
import type { Queryable } from './database.js';

export interface CallRow {
  id: string;
  org_id: string;
  interaction_id: string;
  ani: string;
  caller_number: string | null;
  dnis: string;
  state: CallState;
  queue_id: string | null;
  assigned_agent_id: string | null;
  declined_by: string[];
  muted: boolean;
  flow_variables: Record<string, string>;
  lookup_status: CustomerLookupStatus;
  customer: CallCustomer | null;
  greeting: string | null;
  arrived_at: Date;
  queued_at: Date | null;
  offered_at: Date | null;
  answered_at: Date | null;
  held_at: Date | null;
  ended_at: Date | null;
  wrap_up_started_at: Date | null;
  wrap_up_ends_at: Date | null;
  wrap_up_notes: string | null;
  wrap_up_disposition: string | null;
  wrap_up_completed_at: Date | null;
  updated_at: Date;
}

/** Columns a change may set (never id, org_id or interaction_id). */
export type CallChanges = Partial<Omit<CallRow, 'id' | 'org_id' | 'interaction_id' | 'arrived_at'>>;

const JSON_COLUMNS = new Set(['flow_variables', 'customer']);
const CHANGEABLE = new Set<string>([
  'ani',
  'caller_number',
  'dnis',
  'state',
  'queue_id',
  'assigned_agent_id',
  'declined_by',
  'muted',
  'flow_variables',
  'lookup_status',
  'customer',
  'greeting',
  'queued_at',
  'offered_at',
  'answered_at',
  'held_at',
  'ended_at',
  'wrap_up_started_at',
  'wrap_up_ends_at',
  'wrap_up_notes',
  'wrap_up_disposition',
  'wrap_up_completed_at',
  'updated_at',
]);

export interface NewCall {
  orgId: string;
  interactionId: string;
  ani: string;
  callerNumber: string | null;
  dnis: string;
  flowVariables: Record<string, string>;
  now: Date;
}

/** Stores an arriving call; null when the platform already reported this interaction (a retry). */
export async function insertCall(db: Queryable, call: NewCall): Promise<CallRow | null> {
  const { rows } = await db.query<CallRow>(
    `INSERT INTO calls (id, org_id, interaction_id, ani, caller_number, dnis, state, flow_variables, lookup_status, arrived_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'ivr', $7, 'pending', $8, $8)
     ON CONFLICT (org_id, interaction_id) DO NOTHING RETURNING *`,
    [
      randomUUID(),
      call.orgId,
      call.interactionId,
      call.ani,
      call.callerNumber,
      call.dnis,
      JSON.stringify(call.flowVariables),
      call.now,
    ],
  );
  return rows[0] ?? null;
}

export type CallKey = { id: string } | { interactionId: string };

/** One call of the organisation; `forUpdate` holds the row until the transaction ends. */
export async function findCall(db: Queryable, orgId: string, key: CallKey, forUpdate = false): Promise<CallRow | null> {
  const [column, value] = 'id' in key ? ['id', key.id] : ['interaction_id', key.interactionId];
  // a malformed id is a call that does not exist, not a database error
  if (column === 'id' && !/^[0-9a-f-]{36}$/i.test(value)) return null;
  const { rows } = await db.query<CallRow>(
    `SELECT * FROM calls WHERE org_id = $1 AND ${column} = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [orgId, value],
  );
  return rows[0] ?? null;
}

export async function updateCall(db: Queryable, orgId: string, id: string, changes: CallChanges): Promise<CallRow> {
  const entries = Object.entries(changes).filter(([column, value]) => CHANGEABLE.has(column) && value !== undefined);
  const sets = entries.map(([column], i) => `${column} = $${i + 3}`);
  const values = entries.map(([column, value]) =>
    JSON_COLUMNS.has(column) && value !== null ? JSON.stringify(value) : value,
  );
  const { rows } = await db.query<CallRow>(
    `UPDATE calls SET ${sets.join(', ')} WHERE org_id = $1 AND id = $2 RETURNING *`,
    [orgId, id, ...values],
  );
  return rows[0];
}

export interface CallEventInput {
  orgId: string;
  callId: string;
  source: 'platform' | 'agent' | 'hub';
  action: string;
  eventId?: string | null;
  agentId?: string | null;
  fromState: CallState;
  toState: CallState;
  detail?: Record<string, unknown> | null;
  at: Date;
}

export async function recordCallEvent(db: Queryable, event: CallEventInput): Promise<void> {
  await db.query(
    `INSERT INTO call_events (id, org_id, call_id, source, action, event_id, agent_id, from_state, to_state, detail, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      randomUUID(),
      event.orgId,
      event.callId,
      event.source,
      event.action,
      event.eventId ?? null,
      event.agentId ?? null,
      event.fromState,
      event.toState,
      event.detail ? JSON.stringify(event.detail) : null,
      event.at,
    ],
  );
}

/** Whether the platform's event with this id was already applied to the call. */
export async function hasCallEvent(db: Queryable, orgId: string, callId: string, eventId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM call_events WHERE org_id = $1 AND call_id = $2 AND event_id = $3', [
    orgId,
    callId,
    eventId,
  ]);
  return rows.length > 0;
}

/** The agent's calls that are not over, or (supervisor) every call of the organisation not yet ended; oldest first. */
export async function listCallsFor(
  db: Queryable,
  orgId: string,
  agentId: string,
  supervisor: boolean,
): Promise<CallRow[]> {
  const { rows } = supervisor
    ? await db.query<CallRow>(`SELECT * FROM calls WHERE org_id = $1 AND state <> 'ended' ORDER BY arrived_at`, [orgId])
    : await db.query<CallRow>(
        `SELECT * FROM calls WHERE org_id = $1 AND assigned_agent_id = $2 AND state IN ('offered', 'connected', 'on_hold', 'wrap_up') ORDER BY arrived_at`,
        [orgId, agentId],
      );
  return rows;
}

/** Calls waiting in a queue, longest waiting first. */
export async function listQueuedCalls(db: Queryable, orgId: string): Promise<CallRow[]> {
  const { rows } = await db.query<CallRow>(
    `SELECT * FROM calls WHERE org_id = $1 AND state = 'queued' ORDER BY queued_at, arrived_at`,
    [orgId],
  );
  return rows;
}

/** Agents busy with a call: ringing, talking, holding, or wrapping up within their wrap-up time. */
export async function busyAgents(db: Queryable, orgId: string, now: Date): Promise<Set<string>> {
  const { rows } = await db.query<{ assigned_agent_id: string }>(
    `SELECT DISTINCT assigned_agent_id FROM calls WHERE org_id = $1 AND assigned_agent_id IS NOT NULL
       AND (state IN ('offered', 'connected', 'on_hold') OR (state = 'wrap_up' AND wrap_up_ends_at > $2))`,
    [orgId, now],
  );
  return new Set(rows.map((r) => r.assigned_agent_id));
}

/** Calls still ringing (their ring timeout is re-armed after a restart) and wrap-ups still running. */
export async function listTimedCalls(db: Queryable): Promise<CallRow[]> {
  const { rows } = await db.query<CallRow>(`SELECT * FROM calls WHERE state IN ('offered', 'wrap_up')`);
  return rows;
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export function toCall(row: CallRow, queueName: (queueId: string) => string | undefined): Call {
  return {
    id: row.id,
    organisationId: row.org_id,
    interactionId: row.interaction_id,
    ani: row.ani,
    callerNumber: row.caller_number,
    dnis: row.dnis,
    state: row.state,
    assignedAgentId: row.assigned_agent_id,
    queue: row.queue_id ? { id: row.queue_id, name: queueName(row.queue_id) ?? row.queue_id } : null,
    muted: row.muted,
    flowVariables: row.flow_variables ?? {},
    lookupStatus: row.lookup_status,
    customer: row.customer,
    greeting: row.greeting,
    arrivedAt: iso(row.arrived_at)!,
    queuedAt: iso(row.queued_at),
    offeredAt: iso(row.offered_at),
    answeredAt: iso(row.answered_at),
    heldAt: iso(row.held_at),
    endedAt: iso(row.ended_at),
    wrapUp: row.wrap_up_started_at
      ? {
          notes: row.wrap_up_notes ?? '',
          disposition: row.wrap_up_disposition,
          startedAt: iso(row.wrap_up_started_at)!,
          endsAt: iso(row.wrap_up_ends_at)!,
          completedAt: iso(row.wrap_up_completed_at),
        }
      : null,
    updatedAt: iso(row.updated_at)!,
  };
}
