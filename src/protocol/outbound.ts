/**
 * Outbound messages: the organisation writes first (an event such as a created case, a person's decision, or a
 * schedule) on SMS or WhatsApp, from an outbound configuration (channel, number, template, show-on-timeline).
 * Shared by the hub's HTTP API (`/api/outbound/…`, `/api/events/…`) and the widget (timeline activities,
 * `startConversation`). Timestamps are ISO-8601 strings (UTC).
 */
import type { Channel, ConversationSummary, Message, MessageStatus } from './payloads.js';

/** The channels outbound messages go out on. */
export type OutboundChannel = Extract<Channel, 'sms' | 'whatsapp'>;
export const OUTBOUND_CHANNELS: readonly OutboundChannel[] = ['sms', 'whatsapp'];

/** At most this many contacts in one send request (more: 400 `too_many_contacts`); send larger lists in batches. */
export const MAX_OUTBOUND_CONTACTS = 100;
/** At most this many send requests (send API and event API) per organisation per clock hour (UTC); more: 429. */
export const MAX_OUTBOUND_REQUESTS_PER_HOUR = 30_000;
/** The rate-limit window: fixed clock hours (10:00:00.000–10:59:59.999 UTC), so Retry-After is exact. */
export const OUTBOUND_RATE_WINDOW_MS = 3_600_000;

/** An outbound configuration as stored (`POST /api/outbound/configurations` answers it, with the generated id). */
export interface OutboundConfiguration {
  id: string;
  organisationId: string;
  name: string;
  /** Record each sent message as an activity on the customer's timeline (recommended off for mass sends). */
  showOnTimeline: boolean;
  channelType: OutboundChannel;
  /** One of the organisation's numbers of that channel type, as configured (digits for TeleSign, +E.164 for Twilio). */
  channelNumber: string;
  /** An approved template allowed on that channel (WhatsApp: every version has a ContentSid). */
  templateName: string;
  createdAt: string;
  updatedAt: string;
}

/** What `POST` and `PUT /api/outbound/configurations[/{id}]` take. */
export interface OutboundConfigurationInput {
  name: string;
  showOnTimeline: boolean;
  channelType: OutboundChannel;
  channelNumber: string;
  templateName: string;
}

/**
 * One contact of a ContactList, with the field names the requirements use. Unknown fields are ignored.
 * `CustomerName`, `CaseName` and `contextitems` fill the template's placeholders (context items win for other names).
 */
export interface OutboundContact {
  /** The customer's phone number (E.164 or digits; punctuation and spaces are ignored). */
  tocontactid: string;
  /** "sms" or "whatsapp" (any case): must be the configuration's channel type. */
  channelid: string;
  /** Whether the customer agreed to be contacted; false → `skipped_no_consent`. `optin` is accepted as a synonym. */
  option: boolean;
  /** BCP 47, e.g. "fr-CA": picks the template's version (exact, same language, then the default). */
  locale?: string;
  /** Placeholder values for this contact, e.g. `{ "DeliveryDay": "Friday" }`. */
  contextitems?: Record<string, string | number | boolean>;
  /** The CRM relationship the timeline activity hangs from (kept with the activity). */
  entityrelationshipname?: string;
  /** When present, must be the configuration the request is for (events: only that mapped configuration). */
  configurationid?: string;
  CustomerName: string;
  CaseName: string;
}

/** Body of `POST /api/outbound/{configurationId}/send` and `POST /api/events/{eventName}`. */
export interface OutboundSendRequest {
  ContactList: OutboundContact[];
  /**
   * Idempotency key (or the `Idempotency-Key` header): a contact already attempted under this key (same
   * configuration, same number) is answered from the log and never sent twice.
   */
  requestId?: string;
}

/** What happened to one contact. */
export const OutboundOutcomes = {
  /** Handed to the provider (TeleSign or Twilio accepted it). */
  sent: 'sent',
  /** `option` was false: not sent. */
  skippedNoConsent: 'skipped_no_consent',
  /** The customer opted out of this channel (STOP, or the provider said so): not sent. */
  skippedOptedOut: 'skipped_opted_out',
  /** The contact is malformed or a placeholder has no value: `field` names it. */
  invalid: 'invalid',
  /** The provider refused or could not be reached: `errorCode` and `message` say why. */
  failed: 'failed',
} as const;
export type OutboundOutcome = (typeof OutboundOutcomes)[keyof typeof OutboundOutcomes];

export interface OutboundContactResult {
  /** Position in the ContactList (0-based). */
  index: number;
  /** The number as given. */
  tocontactid: string;
  status: OutboundOutcome;
  /** The customer's address as sent (digits for TeleSign, +E.164 for Twilio); absent when the number is unusable. */
  customerAddress?: string;
  /** Our id of the message (sent and failed). */
  messageId?: string;
  /** Where the message is now (pending, sent, delivered, read, failed), for sent and failed contacts. */
  messageStatus?: MessageStatus;
  /** The template version used. */
  language?: string;
  /** For `invalid`: the contact's field, e.g. "tocontactid", "CustomerName", "contextitems.DeliveryDay". */
  field?: string;
  /** For `failed` (and `invalid`): an ErrorCode. */
  errorCode?: string;
  message?: string;
  /** True when answered from an earlier attempt with the same idempotency key (nothing was sent this time). */
  duplicate?: boolean;
}

export type OutboundSummary = Record<OutboundOutcome, number>;

/** Answer of `POST /api/outbound/{configurationId}/send` (200 whenever the request was processed). */
export interface OutboundSendResult {
  configurationId: string;
  requestId: string | null;
  summary: OutboundSummary;
  contacts: OutboundContactResult[];
}

/** Answer of `POST /api/events/{eventName}`: the ContactList through each configuration mapped to the event. */
export interface OutboundEventResult {
  event: string;
  eventId: string | null;
  results: Array<
    { configurationId: string; configurationName: string } & Omit<OutboundSendResult, 'configurationId' | 'requestId'>
  >;
  /** Contacts no mapped configuration took (their channelid or configurationid matched none). */
  unmatched: Array<{ index: number; tocontactid: string; message: string }>;
  /** Names or ids the event is mapped to that name no configuration (deleted or never created). */
  missingConfigurations: string[];
}

/** When a schedule runs. Every time is UTC unless a daily schedule names its IANA time zone. */
export type OutboundScheduleSpec =
  /** Once, at that instant. */
  | { type: 'once'; at: string }
  /** Every N minutes, hours or days from `startAt` (default: one interval after creation), until `until`. */
  | { type: 'interval'; every: number; unit: 'minutes' | 'hours' | 'days'; startAt?: string; until?: string }
  /** Every day at HH:MM wall-clock time in `timeZone` (default UTC), until `until`. */
  | { type: 'daily'; time: string; timeZone?: string; until?: string };

/** Body of `POST /api/outbound/{configurationId}/schedules`. */
export interface OutboundScheduleInput {
  name?: string;
  schedule: OutboundScheduleSpec;
  ContactList: OutboundContact[];
}

export interface OutboundSchedule {
  id: string;
  organisationId: string;
  configurationId: string;
  name: string | null;
  schedule: OutboundScheduleSpec;
  contactCount: number;
  /** The next occurrence; null once a one-off ran or a recurring schedule passed `until`. */
  nextRunAt: string | null;
  lastRunAt: string | null;
  /** Outcome counts of the last occurrence. */
  lastResult: OutboundSummary | null;
  runCount: number;
  createdAt: string;
}

export type OutboundTrigger = 'api' | 'event' | 'schedule';

/**
 * An outbound message on the customer's timeline (configurations with show-on-timeline): shown in the
 * conversation with that customer on that number, whether the conversation existed then or started later.
 */
export interface OutboundActivity {
  id: string;
  organisationId: string;
  /** The conversation it is shown in (the one asked about, or the one it was pushed to); null when none exists. */
  conversationId: string | null;
  configurationId: string;
  configurationName: string;
  trigger: OutboundTrigger;
  channel: OutboundChannel;
  channelAddress: string;
  customerAddress: string;
  /** The text as sent (the filled template version). */
  text: string;
  templateName: string;
  language: string;
  status: MessageStatus;
  errorCode: string | null;
  customerName: string | null;
  caseName: string | null;
  entityRelationshipName: string | null;
  sentAt: string;
}

/**
 * `startConversation` (hub method): an agent writes first, with an approved template, to a customer who may have
 * no conversation yet. Refused for a customer who opted out of that channel (`customer_opted_out`).
 */
export interface StartConversationRequest {
  /** A UUID the client made: the same id again answers the first result and sends nothing. */
  clientMessageId: string;
  channel: OutboundChannel;
  /** Which of the organisation's numbers of that channel (default: the first configured). */
  channelAddress?: string;
  /** The customer's phone number (E.164 or digits). */
  customerAddress: string;
  templateName: string;
  /** The template version to send (a language it has; see chooseLocalization for the customer's locale). */
  language: string;
  /** A value for every placeholder of that version. */
  values: Record<string, string>;
  /** Shown in the inbox until the customer's channel tells us their name. */
  customerName?: string;
  customerLocale?: string;
}

export interface StartConversationResult {
  /** The customer's conversation, assigned to this agent (created, re-opened, or theirs already). */
  conversation: ConversationSummary;
  /** The template message, `pending` until the provider takes it. */
  message: Message;
}

/** Inbound keywords that opt a customer out of (or back in to) a channel, compared to the whole message. */
export const OPT_OUT_KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'] as const;
export const OPT_IN_KEYWORDS = ['START', 'UNSTOP', 'YES'] as const;

export function emptyOutboundSummary(): OutboundSummary {
  return { sent: 0, skipped_no_consent: 0, skipped_opted_out: 0, invalid: 0, failed: 0 };
}

export function summarise(results: Array<{ status: OutboundOutcome }>): OutboundSummary {
  const summary = emptyOutboundSummary();
  for (const r of results) summary[r.status]++;
  return summary;
}
