/**
 * Demo mode only: `POST /demo/clock {"advanceMs": n}` moves the hub's clock forward (e.g. past WhatsApp's
 * 24-hour window), `{"reset": true}` puts it back; both answer the hub's time. `GET /demo/clock` reads it.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AdjustableClock } from '../clock.js';

const requestSchema = z.union(
  [
    z.object({
      advanceMs: z
        .number()
        .int()
        .min(0)
        .max(366 * 24 * 3600 * 1000),
    }),
    z.object({ reset: z.literal(true) }),
  ],
  {
    error: 'send {"advanceMs": <milliseconds ≥ 0>} or {"reset": true}',
  },
);

export function registerDemoClockRoute(app: FastifyInstance, clock: AdjustableClock): void {
  const state = () => ({ now: clock.now().toISOString(), offsetMs: clock.offset });
  app.get('/demo/clock', async () => state());
  app.withTypeProvider<ZodTypeProvider>().post('/demo/clock', { schema: { body: requestSchema } }, async (request) => {
    if ('reset' in request.body) clock.reset();
    else clock.advance(request.body.advanceMs);
    return state();
  });
}
