/**
 * POST /api/calls/events: the contact-centre platform reports what happens to a call (an HTTP Request step of
 * its IVR flow, or its event webhooks). One route for every event, `{"event": …, "interactionId": …, …}`; see
 * the README for each body. Answers 200 `CallEventResult` (the call as it now is; `arrived` also has the data
 * dip's `ivr` result). Retries are harmless: a repeated `eventId`, or an event whose effect the call already shows,
 * answers `duplicate: true` and changes nothing. An event the call's state does not allow is a 409
 * `illegal_call_transition`; an unknown interaction a 404.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ErrorCodes } from '../../protocol/errors.js';
import { sendError } from '../http/http-errors.js';
import { authenticatePlatform } from '../auth/api-key-auth.js';
import type { CallService, PlatformCallEvent } from './call-service.js';
import type { VoiceDirectory } from './voice-directory.js';

export const CALL_EVENTS_PATH = '/api/calls/events';

const interactionId = z.string().trim().min(1).max(200);
const agentId = z.string().min(1).max(100);
const queueId = z.string().min(1).max(63);
/** Flow variables as the platform sends them; numbers and booleans are kept as text. */
const flowVariables = z
  .record(z.string().min(1).max(64), z.union([z.string().max(1000), z.number(), z.boolean()]).transform(String))
  .refine((vars) => Object.keys(vars).length <= 50, 'at most 50 flow variables');
const common = { interactionId, eventId: z.string().min(1).max(200).optional(), flowVariables: flowVariables.optional() };

export const callEventSchema = z.discriminatedUnion('event', [
  // the caller's number may be empty or "anonymous" (withheld): the call goes on as an unknown caller
  z.object({ event: z.literal('arrived'), ani: z.string().max(200), dnis: z.string().max(200).default(''), ...common }),
  z.object({ event: z.literal('queued'), queueId: queueId.optional(), ...common }),
  z.object({ event: z.literal('offered'), agentId, ...common }),
  z.object({ event: z.literal('answered'), agentId: agentId.optional(), ...common }),
  z.object({ event: z.enum(['held', 'resumed', 'ended']), ...common }),
  z
    .object({ event: z.literal('transferred'), queueId: queueId.optional(), agentId: agentId.optional(), ...common })
    .refine((e) => Boolean(e.queueId) !== Boolean(e.agentId), { message: 'give exactly one of queueId and agentId', path: ['queueId'] }),
]);

export interface CallEventsRouteDeps {
  voice: VoiceDirectory;
  calls: CallService;
}

export function registerCallEventsRoute(app: FastifyInstance, deps: CallEventsRouteDeps): void {
  app.post(CALL_EVENTS_PATH, async (request, reply) => {
    const orgId = authenticatePlatform(request, reply, deps.voice);
    if (!orgId) return reply;
    const parsed = callEventSchema.safeParse(request.body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join('.') || undefined;
      const message = issue.code === 'invalid_union' && field === 'event' ? `event must be one of arrived, queued, offered, answered, held, resumed, transferred, ended` : issue.message;
      return sendError(reply, 400, ErrorCodes.invalidRequest, `${field ?? 'body'}: ${message}`, field);
    }
    return deps.calls.platformEvent(orgId, parsed.data as PlatformCallEvent);
  });
}
