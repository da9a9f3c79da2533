/**
 * Reads TeleSign's callback bodies: inbound messages ("mo_sms") and delivery reports.
 *
 * Verified (TeleSign docs): delivery reports carry `reference_id` and `status.{code,description,updated_on}`
 * with 200 = delivered to handset, 203 = delivered to gateway, 290 = in progress, and failure codes listed
 * below. Inbound messages carry `subresource: "mo_sms"`, a 32-hex `reference_id` and `errors`.
 * NOT verified: the names of the inbound sender-number and text fields. We read the documented-looking
 * shape (`phone_number`, `user_response.mo_message`, `user_response.sender_id` for our number) and the
 * plausible alternatives below. Everything about that shape lives in this one file.
 */
import { z } from 'zod';
import { MAX_PHONE_NUMBER_CHARACTERS } from '../../../protocol/limits.js';
import type { MessageStatus } from '../../../protocol/payloads.js';
import { ErrorCodes } from '../../../protocol/errors.js';
import { DomainError } from '../../shared/domain-error.js';

export interface InboundSms {
  kind: 'inbound';
  referenceId: string;
  /** The customer's number, digits only. */
  from: string;
  /** Our number the customer texted, digits only. */
  to: string;
  text: string;
  receivedAt: Date | null;
}

export interface DeliveryReport {
  kind: 'delivery-report';
  referenceId: string;
  code: number;
  description: string;
  status: MessageStatus | null;
}

export type TeleSignCallback = InboundSms | DeliveryReport;

/** A payload the provider would not send: 400 `invalid_request` naming the field. */
export class CallbackFormatError extends DomainError {
  constructor(message: string, field?: string) {
    super(ErrorCodes.invalidRequest, message, 400, field);
  }
}

/** Delivery report codes that mean the message will not arrive. */
const FAILURE_CODES = new Set([207, 210, 211, 220, 221, 222, 229, 230, 231, 233, 238]);

export function statusForCode(code: number): MessageStatus | null {
  if (code === 200) return 'delivered';
  if (code === 203 || code === 290) return 'sent';
  if (FAILURE_CODES.has(code)) return 'failed';
  return null;
}

const digits = (value: string) => value.replace(/\D/g, '');

const str = z.string();
const inboundSchema = z.object({
  reference_id: str.min(1).max(64),
  phone_number: str.optional(),
  from: str.optional(),
  to: str.optional(),
  sender_id: str.optional(),
  message: str.optional(),
  mo_message: str.optional(),
  user_response: z
    .object({ sender_id: str.optional(), mo_message: str.optional(), phone_number: str.optional() })
    .partial()
    .optional(),
  mo_sms: z
    .object({
      phone_number: str.optional(),
      sender_id: str.optional(),
      to: str.optional(),
      message: str.optional(),
      mo_message: str.optional(),
    })
    .partial()
    .optional(),
  submit_timestamp: str.optional(),
  status: z.object({ updated_on: str.optional() }).partial().optional(),
});

const reportSchema = z.object({
  reference_id: str.min(1).max(64),
  status: z.object({ code: z.coerce.number().int(), description: str.default(''), updated_on: str.optional() }),
});

function firstDefined(...values: Array<string | undefined>): string | undefined {
  return values.find((v) => v !== undefined && v !== '');
}

export function parseTeleSignCallback(body: unknown): TeleSignCallback {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new CallbackFormatError('body must be a JSON object');
  }
  const record = body as Record<string, unknown>;
  const subresource = record.subresource ?? record.sub_resource;
  if (subresource === 'mo_sms') {
    const parsed = inboundSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CallbackFormatError(`${issue.path.join('.')}: ${issue.message}`, issue.path.join('.'));
    }
    const b = parsed.data;
    const from = firstDefined(b.phone_number, b.from, b.mo_sms?.phone_number, b.user_response?.phone_number);
    const to = firstDefined(b.user_response?.sender_id, b.mo_sms?.sender_id, b.mo_sms?.to, b.sender_id, b.to);
    const text =
      firstDefined(b.user_response?.mo_message, b.mo_sms?.mo_message, b.mo_sms?.message, b.mo_message, b.message) ?? '';
    if (!from || !digits(from))
      throw new CallbackFormatError("the sender's number (phone_number) is missing", 'phone_number');
    if (!to || !digits(to))
      throw new CallbackFormatError(
        'the number texted (user_response.sender_id) is missing',
        'user_response.sender_id',
      );
    if (digits(from).length > MAX_PHONE_NUMBER_CHARACTERS) {
      throw new CallbackFormatError(`phone_number: at most ${MAX_PHONE_NUMBER_CHARACTERS} digits`, 'phone_number');
    }
    if (digits(to).length > MAX_PHONE_NUMBER_CHARACTERS) {
      throw new CallbackFormatError(
        `user_response.sender_id: at most ${MAX_PHONE_NUMBER_CHARACTERS} digits`,
        'user_response.sender_id',
      );
    }
    const when = firstDefined(b.submit_timestamp, b.status?.updated_on);
    const receivedAt = when && !Number.isNaN(Date.parse(when)) ? new Date(when) : null;
    return { kind: 'inbound', referenceId: b.reference_id, from: digits(from), to: digits(to), text, receivedAt };
  }
  const parsed = reportSchema.safeParse(body);
  if (!parsed.success) {
    throw new CallbackFormatError(
      'not an inbound message (subresource "mo_sms") nor a delivery report (reference_id and status.code)',
    );
  }
  const { reference_id, status } = parsed.data;
  return {
    kind: 'delivery-report',
    referenceId: reference_id,
    code: status.code,
    description: status.description,
    status: statusForCode(status.code),
  };
}
