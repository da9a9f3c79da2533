/**
 * Serves the built widget's files, an allow-list of dist/: the bundle at /agent-desktop.js, the offline-support
 * module it loads on demand (/agent-desktop-offline.js) and the service worker (/agent-desktop-sw.js; a host page
 * must serve that one from its own origin, so the hub's copy is for hosts to copy or proxy). Their names carry no
 * version, so browsers revalidate each time (`no-cache`) and the ETag makes that a cheap 304. The bundle's chunks
 * (/chunks/<name>-<hash>.js, loaded when first needed) are named by their content, so they are cached for good.
 * Anything else: 404.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ErrorCodes } from '../../protocol/errors.js';
import { WIDGET_CHUNK_PATH, WIDGET_FILE_PATHS, WIDGET_SCRIPT_PATH } from './cors.js';
import { sendError } from './http-errors.js';

/** `bundlePath`: dist/agent-desktop.js; the other files are read from the same folder. */
export function registerWidgetScript(app: FastifyInstance, bundlePath: string): void {
  for (const path of WIDGET_FILE_PATHS) {
    const file = path === WIDGET_SCRIPT_PATH ? bundlePath : join(dirname(bundlePath), basename(path));
    let cached: { body: Buffer; etag: string } | undefined;
    app.get(path, async (request, reply) => {
      try {
        const body = await readFile(file);
        if (!cached || !cached.body.equals(body))
          cached = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
      } catch {
        return sendError(reply, 503, ErrorCodes.notFound, 'The widget is not built yet: run `npm run build`.');
      }
      reply.header('ETag', cached.etag).header('Cache-Control', 'no-cache').header('X-Content-Type-Options', 'nosniff');
      if (request.headers['if-none-match'] === cached.etag) return reply.code(304).send();
      return reply.type('text/javascript; charset=utf-8').send(cached.body);
    });
  }
  app.get<{ Params: { name: string } }>('/chunks/:name', async (request, reply) => {
    const path = `/chunks/${request.params.name}`;
    if (!WIDGET_CHUNK_PATH.test(path)) return sendError(reply, 404, ErrorCodes.notFound, `No widget file ${path}.`);
    let body: Buffer;
    try {
      body = await readFile(join(dirname(bundlePath), 'chunks', request.params.name));
    } catch {
      return sendError(reply, 404, ErrorCodes.notFound, `No widget file ${path} (an older or newer build's?).`);
    }
    reply.header('Cache-Control', 'public, max-age=31536000, immutable').header('X-Content-Type-Options', 'nosniff');
    return reply.type('text/javascript; charset=utf-8').send(body);
  });
}
