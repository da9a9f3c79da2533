/**
 * The outbound HTTP API, authenticated with the organisation's API key (Bearer or X-Api-Key; the key decides the
 * organisation, so another organisation's configurations and schedules answer 404):
 *
 *   POST   /api/outbound/configurations                 → 201 OutboundConfiguration (its generated id)
 *   GET    /api/outbound/configurations                 → { configurations }
 *   GET    /api/outbound/configurations/{id}            → OutboundConfiguration
 *   PUT    /api/outbound/configurations/{id}            → OutboundConfiguration
 *   DELETE /api/outbound/configurations/{id}            → 204 (its schedules stop)
 *   POST   /api/outbound/{configurationId}/send         → OutboundSendResult        (counted, 429 over the hour's limit)
 *   POST   /api/outbound/{configurationId}/schedules    → 201 OutboundSchedule
 *   GET    /api/outbound/schedules[/{id}]               → { schedules } / OutboundSchedule
 *   DELETE /api/outbound/schedules/{id}                 → 204
 *   POST   /api/events/{eventName}                      → OutboundEventResult       (counted, 429 over the hour's limit)
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCodes } from '../../protocol/errors.js';
import { MAX_OUTBOUND_REQUESTS_PER_HOUR } from '../../protocol/outbound.js';
import { authenticatePlatform, type ApiKeyOwners } from '../auth/api-key-auth.js';
import { sendError } from '../http/http-errors.js';
import { parseSendBody } from './contact-list.js';
import type { OutboundService } from './outbound-service.js';
import type { RequestRateLimiter } from './request-rate-limiter.js';

export const OUTBOUND_API_PREFIX = '/api/outbound';
export const EVENTS_API_PREFIX = '/api/events';
/** Send requests may be larger than other requests: 100 contacts with their context items. */
const SEND_BODY_LIMIT = 1024 * 1024;

export interface OutboundRoutesDeps {
  apiKeys: ApiKeyOwners;
  outbound: OutboundService;
  rateLimiter: RequestRateLimiter;
}

type IdParams = { Params: { id: string } };
type ConfigurationParams = { Params: { configurationId: string } };

export function registerOutboundRoutes(app: FastifyInstance, deps: OutboundRoutesDeps): void {
  const { apiKeys, outbound, rateLimiter } = deps;
  const org = (request: FastifyRequest, reply: FastifyReply) => authenticatePlatform(request, reply, apiKeys);
  const idempotencyKey = (request: FastifyRequest) => {
    const header = request.headers['idempotency-key'];
    return typeof header === 'string' && header.trim() ? header.trim() : undefined;
  };

  /** Counts the request against the organisation's hour; answers 429 (and returns false) when over. */
  const withinLimit = async (orgId: string, reply: FastifyReply): Promise<boolean> => {
    const decision = await rateLimiter.take(orgId);
    reply.header('X-RateLimit-Limit', String(decision.limit));
    reply.header('X-RateLimit-Remaining', String(decision.remaining));
    reply.header('X-RateLimit-Reset', String(Math.floor(decision.resetAt.getTime() / 1000)));
    if (decision.allowed) return true;
    reply.header('Retry-After', String(decision.retryAfterSeconds));
    await sendError(
      reply,
      429,
      ErrorCodes.rateLimited,
      `At most ${MAX_OUTBOUND_REQUESTS_PER_HOUR.toLocaleString('en-US')} send requests per organisation per hour; the next is accepted in ${decision.retryAfterSeconds} s (${decision.resetAt.toISOString()}).`,
    );
    return false;
  };

  app.post(`${OUTBOUND_API_PREFIX}/configurations`, async (request, reply) => {
    const orgId = org(request, reply);
    if (!orgId) return reply;
    const created = await outbound.createConfiguration(orgId, request.body);
    return reply.code(201).header('Location', `${OUTBOUND_API_PREFIX}/configurations/${created.id}`).send(created);
  });

  app.get(`${OUTBOUND_API_PREFIX}/configurations`, async (request, reply) => {
    const orgId = org(request, reply);
    if (!orgId) return reply;
    return { configurations: await outbound.listConfigurations(orgId) };
  });

  app.get<IdParams>(`${OUTBOUND_API_PREFIX}/configurations/:id`, async (request, reply) => {
    const orgId = org(request, reply);
    if (!orgId) return reply;
    return outbound.getConfiguration(orgId, request.params.id);
  });

  app.put<IdParams>(`${OUTBOUND_API_PREFIX}/configurations/:id`, async (request, reply) => {
    const orgId = org(request, reply);
    if (!orgId) return reply;
    return outbound.updateConfiguration(orgId, request.params.id, request.body);
  });

  app.delete<IdParams>(`${OUTBOUND_API_PREFIX}/configurations/:id`, async (request, reply) => {
    const orgId = org(request, reply);
    if (!orgId) return reply;
    await outbound.deleteConfiguration(orgId, request.params.id);
    return reply.code(204).send();
  });

  app.post<ConfigurationParams>(`${OUTBOUND_API_PREFIX}/:configurationId/send`, { bodyLimit: SEND_BODY_LIMIT }, async (request, reply) => {
    const orgId = org(request, reply);
    if (!orgId) return reply;
    // A malformed request (or one over 100 contacts) is refused before it is counted.
    parseSendBody(request.body, idempotencyKey(request));
    if (!(await withinLimit(orgId, reply))) return reply;
    return outbound.send(orgId, request.params.configurationId, request.body, idempotencyKey(request));
  });

  app.post<ConfigurationParams>(`${OUTBOUND_API_PREFIX}/:configurationId/schedules`, { bodyLimit: SEND_BODY_LIMIT }, async (request, reply) => {
    const orgId = org(request, reply);
    if (!orgId) return reply;
    const schedule = await outbound.createSchedule(orgId, request.params.configurationId, request.body);
    return reply.code(201).header('Location', `${OUTBOUND_API_PREFIX}/schedules/${schedule.id}`).send(schedule);
  });

  app.get(`${OUTBOUND_API_PREFIX}/schedules`, async (request, reply) => {
    const orgId = org(request, reply);
    if (!orgId) return reply;
    return { schedules: await outbound.listSchedules(orgId) };
  });

  app.get<IdParams>(`${OUTBOUND_API_PREFIX}/schedules/:id`, async (request, reply) => {
    const orgId = org(request, reply);
    if (!orgId) return reply;
    return outbound.getSchedule(orgId, request.params.id);
  });

  app.delete<IdParams>(`${OUTBOUND_API_PREFIX}/schedules/:id`, async (request, reply) => {
    const orgId = org(request, reply);
    if (!orgId) return reply;
    await outbound.deleteSchedule(orgId, request.params.id);
    return reply.code(204).send();
  });

  app.post<{ Params: { eventName: string } }>(`${EVENTS_API_PREFIX}/:eventName`, { bodyLimit: SEND_BODY_LIMIT }, async (request, reply) => {
    const orgId = org(request, reply);
    if (!orgId) return reply;
    parseSendBody(request.body, idempotencyKey(request));
    if (!(await withinLimit(orgId, reply))) return reply;
    return outbound.sendEvent(orgId, request.params.eventName, request.body, idempotencyKey(request));
  });
}
