/**
 * A simulated customer's phone texting the support number: posts a TeleSign-format inbound callback
 * ("mo_sms"), signed exactly as TeleSign signs callbacks, to the hub's real webhook endpoint.
 */
import { randomBytes } from 'node:crypto';
import { teleSignAuthorizationHeader } from '../src/hub/channels/telesign/telesign-signature.js';

export interface InboundSmsOptions {
  hubUrl: string;
  customerId: string;
  apiKey: string;
  /** Customer's number, digits only. */
  from: string;
  /** Support number texted, digits only. */
  to: string;
  text: string;
  /** TeleSign's id for the message; pass the same one again to simulate a retried delivery. */
  referenceId?: string;
}

export interface WebhookAnswer {
  status: number;
  body: Record<string, unknown>;
  referenceId: string;
}

/** The callback body TeleSign posts for an inbound message. */
export function inboundSmsBody(from: string, to: string, text: string, referenceId: string): string {
  return JSON.stringify({
    reference_id: referenceId,
    subresource: 'mo_sms',
    submit_timestamp: new Date().toISOString(),
    errors: [],
    status: { code: 0, description: 'Received', updated_on: new Date().toISOString() },
    phone_number: from,
    user_response: { sender_id: to, mo_message: text },
  });
}

export function newReferenceId(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}

export async function sendInboundSms(options: InboundSmsOptions): Promise<WebhookAnswer> {
  const referenceId = options.referenceId ?? newReferenceId();
  const body = inboundSmsBody(options.from, options.to, options.text, referenceId);
  const response = await fetch(`${options.hubUrl.replace(/\/$/, '')}/webhooks/telesign`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: teleSignAuthorizationHeader(options.customerId, options.apiKey, body),
    },
    body,
  });
  const text = await response.text();
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = { raw: text };
  }
  return { status: response.status, body: parsed, referenceId };
}
