/**
 * JSON bodies parsed by hand so the raw bytes stay available: provider signatures are computed over the
 * exact body, not over a re-serialisation of it. Every string in the parsed body is cleaned (src/hub/shared/clean-text.ts).
 */
import type { FastifyInstance } from 'fastify';
import { ErrorCodes } from '../../protocol/errors.js';
import { cleanJsonStrings } from '../shared/clean-text.js';
import { DomainError } from '../shared/domain-error.js';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer;
  }
}

export function installRawJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const raw = body as Buffer;
    request.rawBody = raw;
    if (raw.length === 0) return done(null, undefined);
    try {
      // strings cleaned of what the store cannot keep (NUL, lone surrogates); signatures use the raw bytes
      done(null, JSON.parse(raw.toString('utf8'), cleanJsonStrings));
    } catch (error) {
      done(new DomainError(ErrorCodes.invalidJson, `Body is not valid JSON: ${(error as Error).message}`), undefined);
    }
  });
}
