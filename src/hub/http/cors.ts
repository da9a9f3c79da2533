/**
 * CORS: the hub API and SignalR answer only the configured host-page origins, with credentials (the
 * SignalR client sends `withCredentials`). The widget's files are public and load from any origin (the service
 * worker of a host that opted in to offline support fetches them with CORS to precache them).
 */
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

export const WIDGET_SCRIPT_PATH = '/agent-desktop.js';
/** Every file of the widget the hub serves: the bundle, the offline-support module it loads, the service worker. */
export const WIDGET_FILE_PATHS: readonly string[] = [
  WIDGET_SCRIPT_PATH,
  '/agent-desktop-offline.js',
  '/agent-desktop-sw.js',
];
/** Parts of the bundle it loads when first needed (voice, the supervisor's overview), named by their content's hash. */
export const WIDGET_CHUNK_PATH = /^\/chunks\/[A-Za-z0-9_-]+\.js$/;

/** Whether a request is for one of the widget's files (anyone may load those, as scripts cross-origin need CORS). */
export const isWidgetFile = (url: string) => {
  const path = url.split('?')[0];
  return WIDGET_FILE_PATHS.includes(path) || WIDGET_CHUNK_PATH.test(path);
};

/** `allowedOrigins` is read on every request, so origins added after start-up count. */
export async function installCors(app: FastifyInstance, allowedOrigins: readonly string[]): Promise<void> {
  await app.register(cors, {
    delegator: (request, callback) => {
      if (isWidgetFile(request.url)) return callback(null, { origin: '*', credentials: false });
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
