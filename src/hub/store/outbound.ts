/**
 * Outbound rows: configurations, the send log (whose show-on-timeline rows are the timeline's activities),
 * schedules and the per-organisation request counter. Always scoped to one organisation.
 */
import { randomUUID } from 'node:crypto';
import type { MessageStatus } from '../../protocol/payloads.js';
import type {
  OutboundActivity,
  OutboundConfiguration,
  OutboundConfigurationInput,
  OutboundOutcome,
  OutboundSchedule,
  OutboundScheduleSpec,
  OutboundSummary,
  OutboundTrigger,
  OutboundChannel,
} from '../../protocol/outbound.js';
import type { Queryable } from './database.js';

const iso = (d: Date | string) => new Date(d).toISOString();

// ---- configurations ----

export interface ConfigurationRow {
  id: string;
  org_id: string;
  name: string;
  show_on_timeline: boolean;
  channel: OutboundChannel;
  channel_address: string;
  template_name: string;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

export function toConfiguration(row: ConfigurationRow): OutboundConfiguration {
  return {
    id: row.id,
    organisationId: row.org_id,
    name: row.name,
    showOnTimeline: row.show_on_timeline,
    channelType: row.channel,
    channelNumber: row.channel_address,
    templateName: row.template_name,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export async function insertConfiguration(
  db: Queryable,
  orgId: string,
  input: OutboundConfigurationInput,
  now: Date,
): Promise<ConfigurationRow> {
  const { rows } = await db.query<ConfigurationRow>(
    `INSERT INTO outbound_configurations (id, org_id, name, show_on_timeline, channel, channel_address, template_name, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING *`,
    [
      randomUUID(),
      orgId,
      input.name,
      input.showOnTimeline,
      input.channelType,
      input.channelNumber,
      input.templateName,
      now,
    ],
  );
  return rows[0];
}

export async function updateConfiguration(
  db: Queryable,
  orgId: string,
  id: string,
  input: OutboundConfigurationInput,
  now: Date,
): Promise<ConfigurationRow | null> {
  const { rows } = await db.query<ConfigurationRow>(
    `UPDATE outbound_configurations SET name = $3, show_on_timeline = $4, channel = $5, channel_address = $6, template_name = $7, updated_at = $8
     WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING *`,
    [orgId, id, input.name, input.showOnTimeline, input.channelType, input.channelNumber, input.templateName, now],
  );
  return rows[0] ?? null;
}

/** Marks it deleted (the send log keeps pointing at it) and cancels its schedules; false when there was none. */
export async function deleteConfiguration(db: Queryable, orgId: string, id: string, now: Date): Promise<boolean> {
  const { rows } = await db.query(
    'UPDATE outbound_configurations SET deleted_at = $3 WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING id',
    [orgId, id, now],
  );
  if (rows.length === 0) return false;
  await db.query(
    'UPDATE outbound_schedules SET deleted_at = $3, next_run_at = NULL WHERE org_id = $1 AND configuration_id = $2 AND deleted_at IS NULL',
    [orgId, id, now],
  );
  return true;
}

export async function findConfiguration(db: Queryable, orgId: string, id: string): Promise<ConfigurationRow | null> {
  const { rows } = await db.query<ConfigurationRow>(
    'SELECT * FROM outbound_configurations WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL',
    [orgId, id],
  );
  return rows[0] ?? null;
}

export async function findConfigurationByName(
  db: Queryable,
  orgId: string,
  name: string,
): Promise<ConfigurationRow | null> {
  const { rows } = await db.query<ConfigurationRow>(
    'SELECT * FROM outbound_configurations WHERE org_id = $1 AND lower(name) = lower($2) AND deleted_at IS NULL',
    [orgId, name],
  );
  return rows[0] ?? null;
}

export async function listConfigurations(db: Queryable, orgId: string): Promise<ConfigurationRow[]> {
  const { rows } = await db.query<ConfigurationRow>(
    'SELECT * FROM outbound_configurations WHERE org_id = $1 AND deleted_at IS NULL ORDER BY lower(name), id',
    [orgId],
  );
  return rows;
}

// ---- the send log ----

export interface SendRow {
  id: string;
  org_id: string;
  configuration_id: string;
  trigger: OutboundTrigger;
  trigger_ref: string | null;
  dedupe_key: string | null;
  channel: OutboundChannel;
  channel_address: string;
  customer_address: string;
  outcome: OutboundOutcome;
  error_code: string | null;
  error_field: string | null;
  error_detail: string | null;
  message_id: string | null;
  show_on_timeline: boolean;
  customer_name: string | null;
  case_name: string | null;
  entity_relationship_name: string | null;
  locale: string | null;
  language: string | null;
  created_at: Date;
}

export type SendInput = Omit<SendRow, 'id' | 'created_at'>;

export async function insertSend(db: Queryable, input: SendInput, now: Date): Promise<SendRow> {
  const { rows } = await db.query<SendRow>(
    `INSERT INTO outbound_sends (id, org_id, configuration_id, trigger, trigger_ref, dedupe_key, channel, channel_address, customer_address,
       outcome, error_code, error_field, error_detail, message_id, show_on_timeline, customer_name, case_name, entity_relationship_name,
       locale, language, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) RETURNING *`,
    [
      randomUUID(),
      input.org_id,
      input.configuration_id,
      input.trigger,
      input.trigger_ref,
      input.dedupe_key,
      input.channel,
      input.channel_address,
      input.customer_address,
      input.outcome,
      input.error_code,
      input.error_field,
      input.error_detail,
      input.message_id,
      input.show_on_timeline,
      input.customer_name,
      input.case_name,
      input.entity_relationship_name,
      input.locale,
      input.language,
      now,
    ],
  );
  return rows[0];
}

export async function setSendOutcome(
  db: Queryable,
  id: string,
  outcome: OutboundOutcome,
  errorCode: string | null,
  detail: string | null,
): Promise<void> {
  await db.query('UPDATE outbound_sends SET outcome = $2, error_code = $3, error_detail = $4 WHERE id = $1', [
    id,
    outcome,
    errorCode,
    detail,
  ]);
}

export type LoggedSend = SendRow & { message_status: MessageStatus | null };

/** Sends already attempted under these dedupe keys, by key, with their messages' status now. */
export async function findSendsByDedupeKeys(
  db: Queryable,
  orgId: string,
  dedupeKeys: string[],
): Promise<Map<string, LoggedSend>> {
  if (dedupeKeys.length === 0) return new Map();
  const { rows } = await db.query<LoggedSend>(
    `SELECT s.*, m.status AS message_status FROM outbound_sends s LEFT JOIN messages m ON m.id = s.message_id
     WHERE s.org_id = $1 AND s.dedupe_key = ANY($2)`,
    [orgId, dedupeKeys],
  );
  return new Map(rows.map((r) => [r.dedupe_key!, r]));
}

interface ActivityRow extends SendRow {
  configuration_name: string;
  body: string;
  template_name: string;
  message_status: MessageStatus;
  message_error_code: string | null;
}

const ACTIVITY_SELECT = `SELECT s.*, c.name AS configuration_name, m.body, m.template_name, m.status AS message_status, m.error_code AS message_error_code
  FROM outbound_sends s JOIN messages m ON m.id = s.message_id JOIN outbound_configurations c ON c.id = s.configuration_id`;

export function toActivity(row: ActivityRow, conversationId: string | null): OutboundActivity {
  return {
    id: row.id,
    organisationId: row.org_id,
    conversationId,
    configurationId: row.configuration_id,
    configurationName: row.configuration_name,
    trigger: row.trigger,
    channel: row.channel,
    channelAddress: row.channel_address,
    customerAddress: row.customer_address,
    text: row.body,
    templateName: row.template_name,
    language: row.language ?? '',
    status: row.message_status,
    errorCode: row.message_error_code,
    customerName: row.customer_name,
    caseName: row.case_name,
    entityRelationshipName: row.entity_relationship_name,
    sentAt: iso(row.created_at),
  };
}

/** The timeline's outbound activities for one customer on one of our numbers, oldest first. */
export async function listActivities(
  db: Queryable,
  orgId: string,
  channel: string,
  channelAddress: string,
  customerAddress: string,
): Promise<OutboundActivity[]> {
  const { rows } = await db.query<ActivityRow>(
    `${ACTIVITY_SELECT}
     WHERE s.org_id = $1 AND s.channel = $2 AND s.channel_address = $3 AND s.customer_address = $4 AND s.show_on_timeline
     ORDER BY s.created_at, s.id`,
    [orgId, channel, channelAddress, customerAddress],
  );
  return rows.map((r) => toActivity(r, null));
}

export async function findActivity(db: Queryable, orgId: string, sendId: string): Promise<OutboundActivity | null> {
  const { rows } = await db.query<ActivityRow>(`${ACTIVITY_SELECT} WHERE s.org_id = $1 AND s.id = $2`, [orgId, sendId]);
  return rows[0] ? toActivity(rows[0], null) : null;
}

// ---- the request counter (fixed clock-hour windows) ----

/**
 * Counts one request in the window starting at `windowStart`, unless the window already holds `limit`: returns
 * the count including this request, or null when over the limit. One statement, so concurrent requests (and
 * hubs) never both take the last slot.
 */
export async function takeRequestSlot(
  db: Queryable,
  orgId: string,
  bucket: string,
  windowStart: Date,
  limit: number,
): Promise<number | null> {
  const { rows } = await db.query<{ count: number }>(
    `INSERT INTO api_rate_counters (org_id, bucket, window_start, count) VALUES ($1, $2, $3, 1)
     ON CONFLICT (org_id, bucket, window_start) DO UPDATE SET count = api_rate_counters.count + 1
     WHERE api_rate_counters.count < $4
     RETURNING count`,
    [orgId, bucket, windowStart, limit],
  );
  return rows[0]?.count ?? null;
}

export async function forgetRequestWindowsBefore(db: Queryable, before: Date): Promise<void> {
  await db.query('DELETE FROM api_rate_counters WHERE window_start < $1', [before]);
}

// ---- schedules ----

export interface ScheduleRow {
  id: string;
  org_id: string;
  configuration_id: string;
  name: string | null;
  schedule: OutboundScheduleSpec;
  contacts: unknown[];
  next_run_at: Date | null;
  running_occurrence: Date | null;
  claimed_by: string | null;
  claimed_until: Date | null;
  last_run_at: Date | null;
  last_result: OutboundSummary | null;
  run_count: number;
  created_at: Date;
  deleted_at: Date | null;
}

export function toSchedule(row: ScheduleRow): OutboundSchedule {
  return {
    id: row.id,
    organisationId: row.org_id,
    configurationId: row.configuration_id,
    name: row.name,
    schedule: row.schedule,
    contactCount: row.contacts.length,
    nextRunAt: row.next_run_at ? iso(row.next_run_at) : null,
    lastRunAt: row.last_run_at ? iso(row.last_run_at) : null,
    lastResult: row.last_result,
    runCount: row.run_count,
    createdAt: iso(row.created_at),
  };
}

export async function insertSchedule(
  db: Queryable,
  input: {
    orgId: string;
    configurationId: string;
    name: string | null;
    schedule: OutboundScheduleSpec;
    contacts: unknown[];
    nextRunAt: Date | null;
  },
  now: Date,
): Promise<ScheduleRow> {
  const { rows } = await db.query<ScheduleRow>(
    `INSERT INTO outbound_schedules (id, org_id, configuration_id, name, schedule, contacts, next_run_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
    [
      randomUUID(),
      input.orgId,
      input.configurationId,
      input.name,
      JSON.stringify(input.schedule),
      JSON.stringify(input.contacts),
      input.nextRunAt,
      now,
    ],
  );
  return rows[0];
}

export async function findSchedule(db: Queryable, orgId: string, id: string): Promise<ScheduleRow | null> {
  const { rows } = await db.query<ScheduleRow>(
    'SELECT * FROM outbound_schedules WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL',
    [orgId, id],
  );
  return rows[0] ?? null;
}

export async function listSchedules(db: Queryable, orgId: string): Promise<ScheduleRow[]> {
  const { rows } = await db.query<ScheduleRow>(
    'SELECT * FROM outbound_schedules WHERE org_id = $1 AND deleted_at IS NULL ORDER BY created_at, id',
    [orgId],
  );
  return rows;
}

export async function deleteSchedule(db: Queryable, orgId: string, id: string, now: Date): Promise<boolean> {
  const { rows } = await db.query(
    'UPDATE outbound_schedules SET deleted_at = $3, next_run_at = NULL WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING id',
    [orgId, id, now],
  );
  return rows.length > 0;
}

/** Schedules with an occurrence due, or a claimed occurrence whose claim ran out (a hub stopped mid-run). */
export async function listDueSchedules(db: Queryable, now: Date, limit = 50): Promise<ScheduleRow[]> {
  const { rows } = await db.query<ScheduleRow>(
    `SELECT * FROM outbound_schedules
     WHERE deleted_at IS NULL AND ((running_occurrence IS NULL AND next_run_at <= $1) OR (running_occurrence IS NOT NULL AND claimed_until <= $1))
     ORDER BY COALESCE(running_occurrence, next_run_at) LIMIT $2`,
    [now, limit],
  );
  return rows;
}

/**
 * Takes the occurrence `due` for this hub: moves next_run_at on to `next` and notes the occurrence as running,
 * only if nobody took it first (compare-and-set on next_run_at). Null when another hub (or tick) won.
 */
export async function claimOccurrence(
  db: Queryable,
  id: string,
  due: Date,
  next: Date | null,
  claimedBy: string,
  claimedUntil: Date,
): Promise<ScheduleRow | null> {
  const { rows } = await db.query<ScheduleRow>(
    `UPDATE outbound_schedules SET running_occurrence = next_run_at, next_run_at = $3, claimed_by = $4, claimed_until = $5
     WHERE id = $1 AND next_run_at = $2 AND running_occurrence IS NULL AND deleted_at IS NULL RETURNING *`,
    [id, due, next, claimedBy, claimedUntil],
  );
  return rows[0] ?? null;
}

/** Takes over an occurrence whose claim ran out (its hub stopped mid-run); null when another hub took it. */
export async function reclaimOccurrence(
  db: Queryable,
  id: string,
  occurrence: Date,
  claimedBy: string,
  now: Date,
  claimedUntil: Date,
): Promise<ScheduleRow | null> {
  const { rows } = await db.query<ScheduleRow>(
    `UPDATE outbound_schedules SET claimed_by = $3, claimed_until = $5
     WHERE id = $1 AND running_occurrence = $2 AND claimed_until <= $4 AND deleted_at IS NULL RETURNING *`,
    [id, occurrence, claimedBy, now, claimedUntil],
  );
  return rows[0] ?? null;
}

export async function finishOccurrence(
  db: Queryable,
  id: string,
  occurrence: Date,
  result: OutboundSummary,
): Promise<void> {
  await db.query(
    `UPDATE outbound_schedules SET running_occurrence = NULL, claimed_by = NULL, claimed_until = NULL, last_run_at = $2, last_result = $3,
       run_count = run_count + 1
     WHERE id = $1 AND running_occurrence = $2`,
    [id, occurrence, JSON.stringify(result)],
  );
}
