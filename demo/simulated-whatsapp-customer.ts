/**
 * A simulated WhatsApp customer: posts a Twilio-format inbound webhook (form-encoded, with media), signed with
 * X-Twilio-Signature exactly as Twilio signs it, to the hub's real `/webhooks/twilio` endpoint.
 */
import { randomBytes } from 'node:crypto';
import { twilioSignature } from '../src/hub/channels/twilio/twilio-signature.js';
import type { WebhookAnswer } from './simulated-customer.js';

export interface InboundWhatsAppOptions {
  hubUrl: string;
  /** The URL Twilio is configured with (what it signs); defaults to the hub's own /webhooks/twilio. */
  webhookUrl?: string;
  accountSid: string;
  authToken: string;
  /** Customer, E.164 ("+15551234567"). */
  from: string;
  /** Our WhatsApp number, E.164. */
  to: string;
  text: string;
  profileName?: string;
  media?: Array<{ url: string; contentType: string }>;
  /** Twilio's MessageSid; pass the same one again to simulate a retried webhook. */
  messageSid?: string;
  /** `sms` simulates a plain SMS through Twilio (no "whatsapp:" prefix on the numbers). */
  channel?: 'whatsapp' | 'sms';
  /** Twilio's Advanced Opt-Out field on the message (STOP, START, HELP). */
  optOutType?: string;
}

export function newMessageSid(): string {
  return 'SM' + randomBytes(16).toString('hex');
}

export function inboundWhatsAppParams(
  options: InboundWhatsAppOptions & { messageSid: string },
): Record<string, string> {
  const params: Record<string, string> = {
    SmsMessageSid: options.messageSid,
    MessageSid: options.messageSid,
    SmsSid: options.messageSid,
    AccountSid: options.accountSid,
    MessagingServiceSid: '',
    From: options.channel === 'sms' ? options.from : `whatsapp:${options.from}`,
    To: options.channel === 'sms' ? options.to : `whatsapp:${options.to}`,
    Body: options.text,
    NumMedia: String(options.media?.length ?? 0),
    NumSegments: '1',
    SmsStatus: 'received',
    ApiVersion: '2010-04-01',
    ProfileName: options.profileName ?? '',
    WaId: options.from.replace('+', ''),
  };
  if (options.optOutType) params.OptOutType = options.optOutType;
  options.media?.forEach((m, i) => {
    params[`MediaUrl${i}`] = m.url;
    params[`MediaContentType${i}`] = m.contentType;
  });
  return params;
}

export async function sendInboundWhatsApp(options: InboundWhatsAppOptions): Promise<WebhookAnswer> {
  const messageSid = options.messageSid ?? newMessageSid();
  const url = options.webhookUrl ?? `${options.hubUrl.replace(/\/$/, '')}/webhooks/twilio`;
  const params = inboundWhatsAppParams({ ...options, messageSid });
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilioSignature(options.authToken, url, params),
    },
    body: new URLSearchParams(params),
  });
  const text = await response.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { twiml: text };
  }
  return { status: response.status, body, referenceId: messageSid };
}
