/** Provider webhook request ids already handled, so a delivery retried days later changes nothing. */
import type { Queryable } from './database.js';

export async function wasHandled(db: Queryable, provider: string, requestId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM provider_requests WHERE provider = $1 AND request_id = $2', [
    provider,
    requestId,
  ]);
  return rows.length > 0;
}

/** Records a request once its effects are committed (a crash before this point lets the retry do the work). */
export async function markHandled(db: Queryable, provider: string, requestId: string, now: Date): Promise<void> {
  await db.query(
    'INSERT INTO provider_requests (provider, request_id, received_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
    [provider, requestId, now],
  );
}
