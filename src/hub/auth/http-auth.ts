/**
 * Authentication of HTTP routes, as Fastify hooks (`onRequest`, so nothing is read before the caller is known):
 * - `requireApiKey(owners)`: an organisation's API key, as `Authorization: Bearer <key>` or `X-Api-Key: <key>`
 *   (whichever the caller's HTTP step can send); the key decides `request.organisationId`, so one organisation's key
 *   never reaches another's data. The contact-centre platform uses its voice key, integrations the organisation's.
 * - `requireAgent(settings)`: an agent's token (`Authorization: Bearer <jwt>`), as `request.agent`.
 * Either answers 401 with an HttpErrorBody when the credential is missing or not valid; an agent token for an
 * organisation this hub does not serve is a 403 naming it (as SignalR refuses it), before anything is stored for it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { ErrorCodes } from '../../protocol/errors.js';
import { sendError } from '../http/http-errors.js';
import { verifyAgentToken, type AgentPrincipal, type TokenSettings } from './agent-token.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The organisation `requireApiKey` authenticated ('' on routes without it). */
    organisationId: string;
    /** The agent `requireAgent` authenticated (null on routes without it). */
    agent: AgentPrincipal | null;
  }
}

/** Anything that knows which organisation an API key names (the voice keys, the organisations' API keys). */
export interface ApiKeyOwners {
  organisationForApiKey(apiKey: string | undefined): string | null;
}

/** Declares what the hooks set on requests (once per app, before routes). */
export function installAuthentication(app: FastifyInstance): void {
  app.decorateRequest('organisationId', '');
  app.decorateRequest('agent', null);
}

export function requireApiKey(owners: ApiKeyOwners): onRequestAsyncHookHandler {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const key = presentedApiKey(request);
    const orgId = owners.organisationForApiKey(key);
    if (orgId) {
      request.organisationId = orgId;
      return;
    }
    request.log.warn({ url: request.url.split('?')[0], hasKey: Boolean(key) }, 'rejected an API request');
    return sendError(
      reply.header('WWW-Authenticate', 'Bearer'),
      401,
      ErrorCodes.unauthorized,
      key ? 'The API key is not valid' : 'An API key is required (Authorization: Bearer <key> or X-Api-Key)',
    );
  };
}

export function requireAgent(settings: TokenSettings): onRequestAsyncHookHandler {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const agent = await verifyAgentToken(settings, /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1]);
    if (!agent)
      return sendError(
        reply.header('WWW-Authenticate', 'Bearer'),
        401,
        ErrorCodes.unauthorized,
        'A valid agent token is required',
      );
    if (settings.organisations && !settings.organisations.has(agent.organisationId)) {
      request.log.warn(
        { org: agent.organisationId },
        'rejected an agent token for an organisation this hub does not serve',
      );
      return sendError(
        reply,
        403,
        ErrorCodes.forbidden,
        `This hub does not serve organisation "${agent.organisationId}"`,
      );
    }
    request.agent = agent;
  };
}

function presentedApiKey(request: FastifyRequest): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1]?.trim();
  const header = request.headers['x-api-key'];
  return bearer || (typeof header === 'string' ? header.trim() : undefined) || undefined;
}
