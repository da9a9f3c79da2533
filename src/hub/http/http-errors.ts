/**
 * Every failing HTTP answer is JSON naming the problem: `{ error, message, field? }` (HttpErrorBody).
 * Fastify's own errors (bad JSON, body too large, unknown content type) are translated here too.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { ZodError } from 'zod';
import { ErrorCodes } from '../../protocol/errors.js';
import { MAX_ATTACHMENT_BYTES } from '../../protocol/limits.js';
import type { HttpErrorBody } from '../../protocol/payloads.js';
import { DomainError } from '../shared/domain-error.js';

export function sendError(reply: FastifyReply, status: number, error: string, message: string, field?: string): FastifyReply {
  const body: HttpErrorBody = field ? { error, message, field } : { error, message };
  return reply.code(status).type('application/json').send(body);
}

/** 400 `invalid_request` for a body zod refused, naming the first offending field ("body" when it is the whole body). */
export function sendValidationError(reply: FastifyReply, error: ZodError): FastifyReply {
  const issue = error.issues[0]!;
  const field = issue.path.join('.') || undefined;
  return sendError(reply, 400, ErrorCodes.invalidRequest, `${field ?? 'body'}: ${issue.message}`, field);
}

const FASTIFY_ERRORS: Record<string, [number, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, ErrorCodes.payloadTooLarge],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, ErrorCodes.unsupportedMediaType],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, ErrorCodes.invalidRequest],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, ErrorCodes.invalidJson],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, ErrorCodes.invalidJson],
};

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof DomainError) return sendError(reply, error.httpStatus, error.code, error.message, error.field);
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' && request.url.startsWith('/api/attachments')) {
      return sendError(reply, 413, ErrorCodes.attachmentTooLarge, `Files may be at most ${MAX_ATTACHMENT_BYTES / (1024 * 1024)} MB`);
    }
    const known = error.code ? FASTIFY_ERRORS[error.code] : undefined;
    if (known) {
      const message =
        known[1] === ErrorCodes.unsupportedMediaType
          ? `Content-Type ${request.headers['content-type'] ?? '(none)'} is not accepted here`
          : error.message;
      return sendError(reply, known[0], known[1], message);
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendError(reply, error.statusCode, ErrorCodes.invalidRequest, error.message);
    }
    request.log.error({ err: error }, 'request failed');
    return sendError(reply, 500, ErrorCodes.internal, 'An unexpected error occurred.');
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, ErrorCodes.notFound, `No route for ${request.method} ${request.url.split('?')[0]}`),
  );
}
