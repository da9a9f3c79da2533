/**
 * GET /api/ivr/lookup?ani=<caller's number>[&interactionId=<call>]: the data dip for the IVR. Answers 200 with a
 * flat IvrLookupResult (the contact's name, the latest case's title and number, the greeting to speak) whatever
 * the CRM does: a slow or failing CRM gives an unknown caller, never an error the flow would have to handle.
 * With the interaction id of a call already reported, the result is also attached to that call for the screen pop.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireApiKey } from '../auth/http-auth.js';
import { cleanText } from '../shared/clean-text.js';
import type { CallService } from './call-service.js';
import type { VoiceDirectory } from './voice-directory.js';

export const IVR_LOOKUP_PATH = '/api/ivr/lookup';

/** Query values are cleaned of what the store cannot keep (NUL, lone surrogates), like JSON bodies. */
const querySchema = z.object({
  ani: z.string().max(200).transform(cleanText),
  interactionId: z.string().transform(cleanText).pipe(z.string().trim().min(1).max(200)).optional(),
});

export function registerIvrLookupRoute(
  app: FastifyInstance,
  deps: { voice: VoiceDirectory; calls: CallService },
): void {
  app
    .withTypeProvider<ZodTypeProvider>()
    .get(IVR_LOOKUP_PATH, { onRequest: requireApiKey(deps.voice), schema: { querystring: querySchema } }, (request) =>
      deps.calls.ivrLookup(request.organisationId, request.query.ani, request.query.interactionId),
    );
}
