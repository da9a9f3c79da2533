/** GET /healthz: 200 when the store answers, 503 otherwise. */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../store/database.js';

export function registerHealth(app: FastifyInstance, db: Database): void {
  app.get('/healthz', async (_request, reply) => {
    try {
      await db.query('SELECT 1');
      return { status: 'ok' };
    } catch {
      return reply.code(503).send({ status: 'unavailable', error: 'store_unavailable', message: 'The store does not answer.' });
    }
  });
}
