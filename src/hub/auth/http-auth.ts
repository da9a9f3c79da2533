/**
 * The contact-centre platform authenticates with its organisation's voice API key, as
 * `Authorization: Bearer <key>` or `X-Api-Key: <key>` (whichever its HTTP step can send). No key, or a key of no
 * organisation, is a 401; the key decides the organisation, so one organisation's key never reaches another's calls.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCodes } from '../../protocol/errors.js';
import { sendError } from '../http/http-errors.js';

/** Anything that knows which organisation an API key names (the voice keys, the organisations' API keys). */
export interface ApiKeyOwners {
  organisationForApiKey(apiKey: string | undefined): string | null;
}

export function presentedApiKey(request: FastifyRequest): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1]?.trim();
  const header = request.headers['x-api-key'];
  return bearer || (typeof header === 'string' ? header.trim() : undefined) || undefined;
}

/** The organisation of the request's API key; otherwise answers 401 and returns null. */
export function authenticatePlatform(request: FastifyRequest, reply: FastifyReply, voice: ApiKeyOwners): string | null {
  const key = presentedApiKey(request);
  const orgId = voice.organisationForApiKey(key);
  if (orgId) return orgId;
  request.log.warn({ url: request.url.split('?')[0], hasKey: Boolean(key) }, 'rejected an API request');
  void sendError(reply.header('WWW-Authenticate', 'Bearer'), 401, ErrorCodes.unauthorized, key ? 'The API key is not valid' : 'An API key is required (Authorization: Bearer <key> or X-Api-Key)');
  return null;
}
