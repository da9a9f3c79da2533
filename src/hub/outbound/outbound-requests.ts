/**
 * The outbound API's request bodies, as its routes validate them (fastify + zod): a configuration, a send (a
 * ContactList of 1 to MAX_OUTBOUND_CONTACTS contacts), an event, a schedule. Each contact is read on its own when it
 * is sent (contact-list.ts), so one malformed contact is reported `invalid` while the others are sent.
 */
import { z } from 'zod';
import { ErrorCodes } from '../../protocol/errors.js';
import { MAX_OUTBOUND_CONTACTS } from '../../protocol/outbound.js';
import type { ErrorCodeParams } from '../http/http-errors.js';
import { scheduleSpecSchema } from './schedule-spec.js';

/** A missing body is read as an empty object, so the answer names the first field it needs. */
const jsonObject = <T extends z.ZodType>(schema: T) => z.preprocess((body) => body ?? {}, schema);

export const configurationBody = jsonObject(
  z.object({
    name: z.string({ error: 'is required' }).trim().min(1, 'is required').max(100),
    showOnTimeline: z.boolean({ error: 'is required (true or false)' }),
    channelType: z
      .string({ error: 'is required ("sms" or "whatsapp")' })
      .transform((v) => v.trim().toLowerCase())
      .pipe(z.enum(['sms', 'whatsapp'], { error: 'must be "sms" or "whatsapp"' })),
    channelNumber: z.string({ error: 'is required (one of your numbers of that channel type)' }).trim().min(1).max(100),
    templateName: z.string({ error: 'is required' }).trim().min(1).max(64),
  }),
);
export type ConfigurationBody = z.output<typeof configurationBody>;

const tooMany: ErrorCodeParams = { errorCode: ErrorCodes.tooManyContacts };

const contactList = {
  ContactList: z
    .array(z.unknown(), { error: 'is required (an array of contacts)' })
    .min(1, 'needs at least one contact')
    .refine((list) => list.length <= MAX_OUTBOUND_CONTACTS, {
      params: tooMany,
      error: (issue) =>
        `A request may carry at most ${MAX_OUTBOUND_CONTACTS} contacts; this one has ${(issue.input as unknown[]).length}. Send larger lists in batches of ${MAX_OUTBOUND_CONTACTS}.`,
    }),
};

/** Retrying with the same requestId (or Idempotency-Key header) sends nothing twice. */
const requestId = z.string().trim().min(1, 'must be a non-empty string of at most 200 characters').max(200).nullish();

export const sendBody = jsonObject(z.object({ ...contactList, requestId }));
export type SendBody = z.output<typeof sendBody>;

/** An event may name itself (`eventId`) instead of a requestId; anything but text there is ignored. */
export const eventBody = jsonObject(
  z.object({ ...contactList, requestId, eventId: z.string().max(200).nullish().catch(null) }),
);
export type EventBody = z.output<typeof eventBody>;

export const scheduleBody = jsonObject(
  z.object({ name: z.string().trim().max(100).nullish(), schedule: scheduleSpecSchema, ...contactList }),
);
export type ScheduleBody = z.output<typeof scheduleBody>;
