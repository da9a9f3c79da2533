/**
 * CORS: the hub API and SignalR answer only the configured host-page origins, with credentials (the
 * SignalR client sends `withCredentials`). The widget script itself is public and loads from any origin.
 */
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

export const WIDGET_SCRIPT_PATH = '/agent-desktop.js';

/** `allowedOrigins` is read on every request, so origins added after start-up count. */
export async function installCors(app: FastifyInstance, allowedOrigins: readonly string[]): Promise<void> {
  await app.register(cors, {
    delegator: (request, callback) => {
      if (request.url.split('?')[0] === WIDGET_SCRIPT_PATH) return callback(null, { origin: '*', credentials: false });
      callback(null, {
        origin: (origin, cb) => cb(null, origin !== undefined && allowedOrigins.includes(origin)),
        credentials: true,
        methods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
        allowedHeaders: ['Authorization', 'Content-Type', 'X-Requested-With', 'X-SignalR-User-Agent'],
        maxAge: 600,
      });
    },
  });
}
