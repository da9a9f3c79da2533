/**
 * POST /api/calls/events: the contact-centre platform reports what happens to a call (an HTTP Request step of
 * its IVR flow, or its event webhooks). One route for every event, `{"event": …, "interactionId": …, …}`; see
 * the README for each body. Answers 200 `CallEventResult` (the call as it now is; `arrived` also has the data
 * dip's `ivr` result). Retries are harmless: a repeated `eventId`, or an event whose effect the call already shows,
 * answers `duplicate: true` and changes nothing. An event the call's state does not allow is a 409
 * `illegal_call_transition`; an unknown interaction a 404.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireApiKey } from '../auth/http-auth.js';
import type { CallService } from './call-service.js';
import { callEventSchema } from './platform-call-event.js';
import type { VoiceDirectory } from './voice-directory.js';

export const CALL_EVENTS_PATH = '/api/calls/events';

export interface CallEventsRouteDeps {
  voice: VoiceDirectory;
  calls: CallService;
}

export function registerCallEventsRoute(app: FastifyInstance, deps: CallEventsRouteDeps): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    CALL_EVENTS_PATH,
    // a missing body is read as an empty one, so the answer names the first field it needs
    { onRequest: requireApiKey(deps.voice), schema: { body: z.preprocess((body) => body ?? {}, callEventSchema) } },
    (request) => deps.calls.platformEvent(request.organisationId, request.body),
  );
}
