/**
 * Agent uploads and the media URLs providers fetch.
 * - `POST /api/attachments?name=<file>`: Bearer agent token, the file as the raw body with its Content-Type.
 *   201 with an UploadedAttachment; 413 / 415 with `attachment_too_large` / `attachment_type_not_allowed`.
 *   The token and type are checked before any of the body is read; the body is then streamed to the FileStore.
 * - `GET /media/:id?sig=…`: the file, for whoever holds the signed URL (the provider sending it), with its name
 *   in Content-Disposition encoded per RFC 6266/8187 (any Unicode name, an ASCII fallback for old clients).
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { create as contentDisposition } from 'content-disposition';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorCodes } from '../../protocol/errors.js';
import { ATTACHMENT_CONTENT_TYPES, MAX_ATTACHMENT_BYTES } from '../../protocol/limits.js';
import type { UploadedAttachment } from '../../protocol/payloads.js';
import type { TokenSettings } from '../auth/agent-token.js';
import { requireAgent } from '../auth/http-auth.js';
import type { Clock } from '../clock.js';
import { sendError } from '../http/http-errors.js';
import type { Database } from '../store/database.js';
import { findUploadToServe, storeUpload } from '../store/uploads.js';
import type { FileStore } from './file-store.js';
import type { MediaUrls } from './media-urls.js';

const ALLOWED: readonly string[] = ATTACHMENT_CONTENT_TYPES;

/** A file name safe to show and to put in a header: no path, no control or quote characters, 1-100 characters. */
export function safeFileName(raw: string | undefined, contentType: string): string {
  const base = (raw ?? '')
    .split(/[\\/]/)
    .pop()!
    // eslint-disable-next-line no-control-regex -- control characters are what it removes
    .replace(/[\u0000-\u001f\u007f"<>|*?:]/g, '')
    .trim()
    .slice(0, 100);
  return base || `attachment.${contentType.split('/')[1] ?? 'bin'}`;
}

export interface AttachmentRouteDeps {
  db: Database;
  clock: Clock;
  mediaUrls: MediaUrls;
  files: FileStore;
  /** Uploads are agents' (their token, as for the hub). */
  tokens: TokenSettings;
}

export function registerAttachmentRoutes(app: FastifyInstance, deps: AttachmentRouteDeps): void {
  void app.register((scope, _options, done) => {
    // Files arrive as raw bytes, handed to the route as the request stream (nothing buffered here); every other
    // type is refused with a JSON 415 naming the accepted ones.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

    const upload = {
      onRequest: requireAgent(deps.tokens),
      schema: { querystring: z.object({ name: z.string().optional() }) },
    };
    scope.withTypeProvider<ZodTypeProvider>().post('/api/attachments', upload, async (request, reply) => {
      const agent = request.agent!;
      const contentType = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (!ALLOWED.includes(contentType)) {
        return sendError(
          reply,
          415,
          ErrorCodes.attachmentTypeNotAllowed,
          `Files of type ${contentType || '(none)'} cannot be sent; allowed: ${ALLOWED.join(', ')}`,
        );
      }
      const tooLarge = () =>
        sendError(
          reply,
          413,
          ErrorCodes.attachmentTooLarge,
          `Files may be at most ${MAX_ATTACHMENT_BYTES / (1024 * 1024)} MB`,
        );
      if (Number(request.headers['content-length'] ?? 0) > MAX_ATTACHMENT_BYTES) return tooLarge();
      const id = randomUUID();
      const written = await deps.files.write(id, request.body as Readable, MAX_ATTACHMENT_BYTES);
      if ('tooLarge' in written) return tooLarge();
      if (written.sizeBytes === 0) {
        await deps.files.delete(id);
        return sendError(reply, 400, ErrorCodes.invalidRequest, 'The file is empty');
      }
      const row = await storeUpload(deps.db, {
        id,
        orgId: agent.organisationId,
        agentId: agent.agentId,
        contentType,
        name: safeFileName(request.query.name, contentType),
        sizeBytes: written.sizeBytes,
        now: deps.clock.now(),
      }).catch(async (error: unknown) => {
        await deps.files.delete(id);
        throw error;
      });
      const body: UploadedAttachment = {
        id: row.id,
        url: deps.mediaUrls.urlFor(row.id),
        contentType: row.content_type,
        name: row.name,
        sizeBytes: row.size_bytes,
      };
      return reply.code(201).send(body);
    });
    done();
  });

  const media = {
    schema: { params: z.object({ id: z.string() }), querystring: z.object({ sig: z.string().optional() }) },
  };
  app.withTypeProvider<ZodTypeProvider>().get('/media/:id', media, async (request, reply) => {
    const { id } = request.params;
    if (!/^[0-9a-f-]{36}$/.test(id) || !deps.mediaUrls.verify(id, request.query.sig)) {
      return sendError(reply, 404, ErrorCodes.notFound, 'No such file');
    }
    const file = await findUploadToServe(deps.db, id);
    const content = file && (file.legacy_content ?? (await deps.files.read(id)));
    if (!file || !content) return sendError(reply, 404, ErrorCodes.notFound, 'No such file');
    return reply
      .type(file.content_type)
      .header('Content-Length', file.size_bytes)
      .header('Content-Disposition', contentDisposition(file.name, { type: 'inline' }))
      .header('X-Content-Type-Options', 'nosniff')
      .header('Cache-Control', 'private, max-age=86400')
      .send(content);
  });
}
