/**
 * CORS: the hub API and SignalR answer only the configured host-page origins, with credentials (the
 * SignalR client sends `withCredentials`). The widget's files are public and load from any origin (the service
 * worker of a host that opted in to offline support fetches them with CORS to precache them).
 */
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

export const WIDGET_SCRIPT_PATH = '/agent-desktop.js';
/** Every file of the widget the hub serves: the bundle, the offline-support module it loads, the service worker. */
export const WIDGET_FILE_PATHS: readonly string[] = [WIDGET_SCRIPT_PATH, '/agent-desktop-offline.js', '/agent-desktop-sw.js'];

/** `allowedOrigins` is read on every request, so origins added after start-up count. */
export async function installCors(app: FastifyInstance, allowedOrigins: readonly string[]): Promise<void> {
  await app.register(cors, {
    delegator: (request, callback) => {
      if (WIDGET_FILE_PATHS.includes(request.url.split('?')[0]!)) return callback(null, { origin: '*', credentials: false });
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
