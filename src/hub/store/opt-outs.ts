/**
 * Opt-outs: a customer who sent STOP (or whom the provider reports as unsubscribed) on one of our numbers is not
 * sent outbound messages from it; START opts them back in. One row per (organisation, channel, number, customer).
 */
import type { Queryable } from './database.js';

export interface OptOutChange {
  orgId: string;
  channel: string;
  channelAddress: string;
  customerAddress: string;
  optedOut: boolean;
  /** What the customer wrote (STOP, START, …) or the provider's signal. */
  keyword: string;
  /** Where it came from: "inbound" (a keyword), "twilio" (OptOutType, error 21610). */
  source: string;
  at: Date;
}

/** Records an opt-out, or an opt-in for a customer who had opted out (an opt-in for anyone else changes nothing). */
export async function recordOptOutChange(db: Queryable, change: OptOutChange): Promise<void> {
  const params = [
    change.orgId,
    change.channel,
    change.channelAddress,
    change.customerAddress,
    change.optedOut,
    change.keyword,
    change.source,
    change.at,
  ];
  if (change.optedOut) {
    await db.query(
      `INSERT INTO opt_outs (org_id, channel, channel_address, customer_address, opted_out, keyword, source, changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (org_id, channel, channel_address, customer_address)
       DO UPDATE SET opted_out = EXCLUDED.opted_out, keyword = EXCLUDED.keyword, source = EXCLUDED.source, changed_at = EXCLUDED.changed_at`,
      params,
    );
  } else {
    await db.query(
      `UPDATE opt_outs SET opted_out = $5, keyword = $6, source = $7, changed_at = $8
       WHERE org_id = $1 AND channel = $2 AND channel_address = $3 AND customer_address = $4`,
      params,
    );
  }
}

export async function isOptedOut(
  db: Queryable,
  orgId: string,
  channel: string,
  channelAddress: string,
  customerAddress: string,
): Promise<boolean> {
  const { rows } = await db.query<{ opted_out: boolean }>(
    'SELECT opted_out FROM opt_outs WHERE org_id = $1 AND channel = $2 AND channel_address = $3 AND customer_address = $4',
    [orgId, channel, channelAddress, customerAddress],
  );
  return rows[0]?.opted_out ?? false;
}

/** Which of these customers opted out of that number. */
export async function optedOutAmong(
  db: Queryable,
  orgId: string,
  channel: string,
  channelAddress: string,
  customerAddresses: string[],
): Promise<Set<string>> {
  if (customerAddresses.length === 0) return new Set();
  const { rows } = await db.query<{ customer_address: string }>(
    'SELECT customer_address FROM opt_outs WHERE org_id = $1 AND channel = $2 AND channel_address = $3 AND customer_address = ANY($4) AND opted_out',
    [orgId, channel, channelAddress, customerAddresses],
  );
  return new Set(rows.map((r) => r.customer_address));
}
