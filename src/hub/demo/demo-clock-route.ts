/**
 * Demo mode only: `POST /demo/clock {"advanceMs": n}` moves the hub's clock forward (e.g. past WhatsApp's
 * 24-hour window), `{"reset": true}` puts it back; both answer the hub's time. `GET /demo/clock` reads it.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ErrorCodes } from '../../protocol/errors.js';
import type { AdjustableClock } from '../clock.js';
import { sendError } from '../http/http-errors.js';

const requestSchema = z.union([
  z.object({ advanceMs: z.number().int().min(0).max(366 * 24 * 3600 * 1000) }),
  z.object({ reset: z.literal(true) }),
]);

export function registerDemoClockRoute(app: FastifyInstance, clock: AdjustableClock): void {
  const state = () => ({ now: clock.now().toISOString(), offsetMs: clock.offset });
  app.get('/demo/clock', async () => state());
  app.post('/demo/clock', async (request, reply) => {
    const parsed = requestSchema.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 400, ErrorCodes.invalidRequest, 'Send {"advanceMs": <milliseconds ≥ 0>} or {"reset": true}');
    if ('reset' in parsed.data) clock.reset();
    else clock.advance(parsed.data.advanceMs);
    return state();
  });
}
