/** Serves the built widget bundle at /agent-desktop.js, with an ETag so browsers revalidate cheaply. */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { ErrorCodes } from '../../protocol/errors.js';
import { WIDGET_SCRIPT_PATH } from './cors.js';
import { sendError } from './http-errors.js';

export function registerWidgetScript(app: FastifyInstance, bundlePath: string): void {
  let cached: { body: Buffer; etag: string } | undefined;
  app.get(WIDGET_SCRIPT_PATH, async (request, reply) => {
    try {
      const body = await readFile(bundlePath);
      if (!cached || !cached.body.equals(body)) cached = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
    } catch {
      return sendError(reply, 503, ErrorCodes.notFound, 'The widget is not built yet: run `npm run build`.');
    }
    reply.header('ETag', cached.etag).header('Cache-Control', 'no-cache');
    if (request.headers['if-none-match'] === cached.etag) return reply.code(304).send();
    return reply.type('text/javascript; charset=utf-8').send(cached.body);
  });
}
