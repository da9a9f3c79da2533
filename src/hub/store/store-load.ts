/**
 * How busy the store is: a Database that counts the work handed to it and not finished yet (queries and
 * transactions waiting or running), and when it last finished something. Admission control reads it to turn
 * providers away before the queue grows without bound; /healthz reads it to tell "busy" from "stuck".
 */
import type { Database, Queryable } from './database.js';

export interface StoreLoad {
  /** Queries and transactions handed to the store and not finished. */
  pending(): number;
  /** When the store last finished a piece of work, or had none (ms since the epoch). */
  lastProgressAt(): number;
}

export type MeteredDatabase = Database & { load: StoreLoad };

export function meterDatabase(db: Database): MeteredDatabase {
  let pending = 0;
  let lastProgressAt = Date.now();
  const track = async <T>(work: () => Promise<T>): Promise<T> => {
    if (pending === 0) lastProgressAt = Date.now();
    pending += 1;
    try {
      return await work();
    } finally {
      pending -= 1;
      lastProgressAt = Date.now();
    }
  };
  return {
    query: (sql, params) => track(() => db.query(sql, params)),
    // A transaction counts as one piece of work: its own queries run inside it, not in the queue.
    transaction: <T>(work: (tx: Queryable) => Promise<T>) => track(() => db.transaction(work)),
    close: () => db.close(),
    load: { pending: () => pending, lastProgressAt: () => lastProgressAt },
  };
}
