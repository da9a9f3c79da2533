/** A call event the contact-centre platform posts (POST /api/calls/events), as the route validates it. */
import { z } from 'zod';

const interactionId = z.string().trim().min(1).max(200);
const agentId = z.string().min(1).max(100);
const queueId = z.string().min(1).max(63);
/** Flow variables as the platform sends them; numbers and booleans are kept as text. */
const flowVariables = z
  .record(z.string().min(1).max(64), z.union([z.string().max(1000), z.number(), z.boolean()]).transform(String))
  .refine((vars) => Object.keys(vars).length <= 50, 'at most 50 flow variables');
const common = {
  interactionId,
  eventId: z.string().min(1).max(200).optional(),
  flowVariables: flowVariables.optional(),
};

export const callEventSchema = z.discriminatedUnion(
  'event',
  [
    // the caller's number may be empty or "anonymous" (withheld): the call goes on as an unknown caller
    z.object({
      event: z.literal('arrived'),
      ani: z.string().max(200),
      dnis: z.string().max(200).default(''),
      ...common,
    }),
    z.object({ event: z.literal('queued'), queueId: queueId.optional(), ...common }),
    z.object({ event: z.literal('offered'), agentId, ...common }),
    z.object({ event: z.literal('answered'), agentId: agentId.optional(), ...common }),
    z.object({ event: z.enum(['held', 'resumed', 'ended']), ...common }),
    z
      .object({ event: z.literal('transferred'), queueId: queueId.optional(), agentId: agentId.optional(), ...common })
      .refine((e) => Boolean(e.queueId) !== Boolean(e.agentId), {
        message: 'give exactly one of queueId and agentId',
        path: ['queueId'],
      }),
  ],
  { error: 'must be one of arrived, queued, offered, answered, held, resumed, transferred, ended' },
);

/** A platform call event after validation. */
export type PlatformCallEvent = z.output<typeof callEventSchema>;
