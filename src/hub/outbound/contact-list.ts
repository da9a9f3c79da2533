/**
 * Reading a ContactList's contacts, each on its own, so one malformed contact is reported `invalid` (naming its
 * field) while the others are sent. The request as a whole is the route's to check (outbound-requests.ts).
 */
import { z } from 'zod';
import type { OutboundChannel } from '../../protocol/outbound.js';

/** A contact as the hub uses it, after validation. */
export interface ParsedContact {
  tocontactid: string;
  channelid: OutboundChannel;
  option: boolean;
  locale: string | null;
  contextitems: Record<string, string>;
  entityrelationshipname: string | null;
  configurationid: string | null;
  CustomerName: string;
  CaseName: string;
}

const truthy = new Set(['true', 'yes', '1']);
const falsy = new Set(['false', 'no', '0']);
/** Consent as a boolean; "true"/"false" (and yes/no, 1/0) as text too, as low-code tools often send them. */
const consent = z.union([
  z.boolean(),
  z
    .string()
    .transform((v) => v.trim().toLowerCase())
    .refine((v) => truthy.has(v) || falsy.has(v), 'must be true or false')
    .transform((v) => truthy.has(v)),
]);

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

const contactSchema = z.object({
  tocontactid: z
    .string({ error: "is required (the customer's phone number)" })
    .trim()
    .min(1, "is required (the customer's phone number)")
    .max(40),
  channelid: z
    .string({ error: 'is required ("sms" or "whatsapp")' })
    .transform((v) => v.trim().toLowerCase())
    .pipe(z.enum(['sms', 'whatsapp'], { error: 'must be "sms" or "whatsapp"' })),
  option: consent,
  locale: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$/, 'must be a language tag like "fr" or "fr-CA"')
    .nullish()
    .transform((v) => (v ? v.replace(/_/g, '-') : null)),
  contextitems: z
    .record(z.string().min(1).max(64), z.union([z.string().max(1000), z.number(), z.boolean()]).transform(String))
    .refine((items) => Object.keys(items).length <= 50, 'at most 50 context items')
    .nullish()
    .transform((v) => v ?? {}),
  entityrelationshipname: optionalText(200),
  configurationid: optionalText(100),
  CustomerName: z.string({ error: 'is required' }).trim().min(1, 'is required').max(200),
  CaseName: z.string({ error: 'is required' }).trim().min(1, 'is required').max(200),
});

export type ContactParse = { ok: true; contact: ParsedContact } | { ok: false; field: string; message: string };

export function parseContact(raw: unknown): ContactParse {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, field: 'contact', message: 'each contact must be a JSON object' };
  const record = raw as Record<string, unknown>;
  // `optin` is accepted for `option` (the field's name in some integrations).
  const input =
    record.option === undefined && record.optin !== undefined ? { ...record, option: record.optin } : record;
  const parsed = contactSchema.safeParse(input);
  if (parsed.success) return { ok: true, contact: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue.path.map(String).join('.') || 'contact';
  const message = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
  return { ok: false, field, message: `${field}: ${message}` };
}

/** The number as the client wrote it, for the answer (even when the contact is otherwise unusable). */
export function rawNumber(raw: unknown): string {
  const value = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).tocontactid : undefined;
  return typeof value === 'string' || typeof value === 'number' ? String(value).slice(0, 40) : '';
}
