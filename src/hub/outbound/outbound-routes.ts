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
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorCodes } from '../../protocol/errors.js';
import { MAX_OUTBOUND_REQUESTS_PER_HOUR } from '../../protocol/outbound.js';
import { requireApiKey, type ApiKeyOwners } from '../auth/http-auth.js';
import { sendError } from '../http/http-errors.js';
import { configurationBody, eventBody, scheduleBody, sendBody } from './outbound-requests.js';
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

const byId = { params: z.object({ id: z.string() }) };
const byConfiguration = { params: z.object({ configurationId: z.string() }) };

function idempotencyKey(request: FastifyRequest): string | undefined {
  const header = request.headers['idempotency-key'];
  return typeof header === 'string' && header.trim() ? header.trim() : undefined;
}

export function registerOutboundRoutes(app: FastifyInstance, deps: OutboundRoutesDeps): void {
  const { apiKeys, outbound, rateLimiter } = deps;

  /** Counts a send against the organisation's hour (after its body was accepted); 429 when over. */
  const withinHourlyLimit: preHandlerAsyncHookHandler = async (request: FastifyRequest, reply: FastifyReply) => {
    const decision = await rateLimiter.take(request.organisationId);
    reply.header('X-RateLimit-Limit', String(decision.limit));
    reply.header('X-RateLimit-Remaining', String(decision.remaining));
    reply.header('X-RateLimit-Reset', String(Math.floor(decision.resetAt.getTime() / 1000)));
    if (decision.allowed) return;
    reply.header('Retry-After', String(decision.retryAfterSeconds));
    return sendError(
      reply,
      429,
      ErrorCodes.rateLimited,
      `At most ${MAX_OUTBOUND_REQUESTS_PER_HOUR.toLocaleString('en-US')} send requests per organisation per hour; the next is accepted in ${decision.retryAfterSeconds} s (${decision.resetAt.toISOString()}).`,
    );
  };

  // Its own scope: the API-key hook applies to these routes only.
  void app.register(async (scope) => {
    scope.addHook('onRequest', requireApiKey(apiKeys));
    const api = scope.withTypeProvider<ZodTypeProvider>();

    api.post(
      `${OUTBOUND_API_PREFIX}/configurations`,
      { schema: { body: configurationBody } },
      async (request, reply) => {
        const created = await outbound.createConfiguration(request.organisationId, request.body);
        return reply.code(201).header('Location', `${OUTBOUND_API_PREFIX}/configurations/${created.id}`).send(created);
      },
    );

    api.get(`${OUTBOUND_API_PREFIX}/configurations`, async (request) => ({
      configurations: await outbound.listConfigurations(request.organisationId),
    }));

    api.get(`${OUTBOUND_API_PREFIX}/configurations/:id`, { schema: byId }, (request) =>
      outbound.getConfiguration(request.organisationId, request.params.id),
    );

    api.put(`${OUTBOUND_API_PREFIX}/configurations/:id`, { schema: { ...byId, body: configurationBody } }, (request) =>
      outbound.updateConfiguration(request.organisationId, request.params.id, request.body),
    );

    api.delete(`${OUTBOUND_API_PREFIX}/configurations/:id`, { schema: byId }, async (request, reply) => {
      await outbound.deleteConfiguration(request.organisationId, request.params.id);
      return reply.code(204).send();
    });

    // A malformed request (or one over 100 contacts) is refused by its schema before it is counted.
    api.post(
      `${OUTBOUND_API_PREFIX}/:configurationId/send`,
      { bodyLimit: SEND_BODY_LIMIT, schema: { ...byConfiguration, body: sendBody }, preHandler: withinHourlyLimit },
      (request) =>
        outbound.send(request.organisationId, request.params.configurationId, request.body, idempotencyKey(request)),
    );

    api.post(
      `${OUTBOUND_API_PREFIX}/:configurationId/schedules`,
      { bodyLimit: SEND_BODY_LIMIT, schema: { ...byConfiguration, body: scheduleBody } },
      async (request, reply) => {
        const schedule = await outbound.createSchedule(
          request.organisationId,
          request.params.configurationId,
          request.body,
        );
        return reply.code(201).header('Location', `${OUTBOUND_API_PREFIX}/schedules/${schedule.id}`).send(schedule);
      },
    );

    api.get(`${OUTBOUND_API_PREFIX}/schedules`, async (request) => ({
      schedules: await outbound.listSchedules(request.organisationId),
    }));

    api.get(`${OUTBOUND_API_PREFIX}/schedules/:id`, { schema: byId }, (request) =>
      outbound.getSchedule(request.organisationId, request.params.id),
    );

    api.delete(`${OUTBOUND_API_PREFIX}/schedules/:id`, { schema: byId }, async (request, reply) => {
      await outbound.deleteSchedule(request.organisationId, request.params.id);
      return reply.code(204).send();
    });

    api.post(
      `${EVENTS_API_PREFIX}/:eventName`,
      {
        bodyLimit: SEND_BODY_LIMIT,
        schema: { params: z.object({ eventName: z.string() }), body: eventBody },
        preHandler: withinHourlyLimit,
      },
      (request) =>
        outbound.sendEvent(request.organisationId, request.params.eventName, request.body, idempotencyKey(request)),
    );
  });
}
