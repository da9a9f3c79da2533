/**
 * GET /api/ivr/lookup?ani=<caller's number>[&interactionId=<call>]: the data dip for the IVR. Answers 200 with a
 * flat IvrLookupResult (the contact's name, the latest case's title and number, the greeting to speak) whatever
 * the CRM does: a slow or failing CRM gives an unknown caller, never an error the flow would have to handle.
 * With the interaction id of a call already reported, the result is also attached to that call for the screen pop.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ErrorCodes } from '../../protocol/errors.js';
import { sendError } from '../http/http-errors.js';
import type { CallService } from './call-service.js';
import { authenticatePlatform } from '../auth/api-key-auth.js';
import type { VoiceDirectory } from './voice-directory.js';

export const IVR_LOOKUP_PATH = '/api/ivr/lookup';

const querySchema = z.object({ ani: z.string().max(200), interactionId: z.string().trim().min(1).max(200).optional() });

export function registerIvrLookupRoute(app: FastifyInstance, deps: { voice: VoiceDirectory; calls: CallService }): void {
  app.get(IVR_LOOKUP_PATH, async (request, reply) => {
    const orgId = authenticatePlatform(request, reply, deps.voice);
    if (!orgId) return reply;
    const parsed = querySchema.safeParse(request.query ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join('.') || 'ani';
      return sendError(reply, 400, ErrorCodes.invalidRequest, `${field}: ${issue.code === 'invalid_type' ? 'is required' : issue.message}`, field);
    }
    return deps.calls.ivrLookup(orgId, parsed.data.ani, parsed.data.interactionId);
  });
}
