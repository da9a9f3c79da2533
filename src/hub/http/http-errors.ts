/**
 * Every failing HTTP answer is JSON naming the problem: `{ error, message, field? }` (HttpErrorBody).
 * Fastify's own errors (bad JSON, body too large, unknown content type) and what a route's zod schema refused are
 * translated here too: 400 `invalid_request` (or the code a refinement names in `params.errorCode`) with the field.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, type ZodFastifySchemaValidationError } from 'fastify-type-provider-zod';
import { ErrorCodes } from '../../protocol/errors.js';
import { MAX_ATTACHMENT_BYTES } from '../../protocol/limits.js';
import type { HttpErrorBody } from '../../protocol/payloads.js';
import { DomainError } from '../shared/domain-error.js';

export function sendError(
  reply: FastifyReply,
  status: number,
  error: string,
  message: string,
  field?: string,
): FastifyReply {
  const body: HttpErrorBody = field ? { error, message, field } : { error, message };
  return reply.code(status).type('application/json').send(body);
}

/** A refinement of a route schema may name the error code it answers (e.g. `too_many_contacts`) in its params. */
export interface ErrorCodeParams {
  errorCode: string;
}

const PARTS: Record<string, keyof Pick<FastifyRequest, 'body' | 'query' | 'params' | 'headers'>> = {
  body: 'body',
  querystring: 'query',
  params: 'params',
  headers: 'headers',
};

/**
 * 400 for what a route's schema refused, naming the first offending field ("body"/"query" when it is the whole part):
 * `ani: is required`, `ContactList: needs at least one contact`.
 */
function sendSchemaRefusal(
  request: FastifyRequest,
  reply: FastifyReply,
  issue: ZodFastifySchemaValidationError,
  context: string,
): FastifyReply {
  const path = issue.instancePath.split('/').filter(Boolean);
  const field = path.join('.');
  const part = PARTS[context] ?? 'body';
  const missing = issue.keyword === 'invalid_type' && valueAt(request[part], path) === undefined;
  const code = (issue.params as { params?: Partial<ErrorCodeParams> }).params?.errorCode ?? ErrorCodes.invalidRequest;
  return sendError(
    reply,
    400,
    code,
    `${field || part}: ${missing ? 'is required' : issue.message}`,
    field || undefined,
  );
}

function valueAt(value: unknown, path: string[]): unknown {
  return path.reduce<unknown>(
    (at, key) => (typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined),
    value,
  );
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
    if (hasZodFastifySchemaValidationErrors(error))
      return sendSchemaRefusal(request, reply, error.validation[0], error.validationContext ?? 'body');
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' && request.url.startsWith('/api/attachments')) {
      return sendError(
        reply,
        413,
        ErrorCodes.attachmentTooLarge,
        `Files may be at most ${MAX_ATTACHMENT_BYTES / (1024 * 1024)} MB`,
      );
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
