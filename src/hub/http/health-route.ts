/**
 * GET /healthz: 200 when the store answers, 503 otherwise. While the store is busy with a queue of work (and got
 * through some of it lately) the answer is 200 at once with `store: "busy"`, without queueing one more query
 * behind the backlog: a busy hub is alive, and load balancers must not take it out of service for being busy.
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../store/database.js';
import type { StoreLoad } from '../store/store-load.js';

/** A store with work queued that has finished nothing for this long is not busy but stuck. */
const STALLED_AFTER_MS = 10_000;

export function registerHealth(app: FastifyInstance, db: Database, load: StoreLoad): void {
  app.get('/healthz', async (_request, reply) => {
    if (load.pending() > 0 && Date.now() - load.lastProgressAt() < STALLED_AFTER_MS)
      return { status: 'ok', store: 'busy' };
    try {
      await db.query('SELECT 1');
      return { status: 'ok' };
    } catch {
      return reply
        .code(503)
        .send({ status: 'unavailable', error: 'store_unavailable', message: 'The store does not answer.' });
    }
  });
}
