import type { Call, IvrLookupResult } from '../../../src/protocol/calls.js';

/**
 * What the real-hub harness (real-hub-harness.ts, in Node) answers on its control API, which browser tests
 * reach through web-test-runner at `/harness/…` (see real-hub.ts). Types only: both sides import them.
 */

/**
 * The path between the browser and the hub's gated address (`gatedHubUrl`), a plain TCP relay:
 * `open` relays both ways; `down` drops every connection and refuses new ones (the agent's network is out);
 * `one-way` still relays what the browser sends but drops what the hub answers (answers are lost on the way).
 */
export type GateMode = 'open' | 'down' | 'one-way';

export interface HarnessInfo {
  /** The hub, e.g. http://127.0.0.1:41234: the same address (port and data folder) across stops and starts. */
  hubUrl: string;
  /** The same hub through the gate (see GateMode). */
  gatedHubUrl: string;
  /** Whether the hub is running (false after `POST /hub/stop`). */
  running: boolean;
  gate: GateMode;
}

export interface TestAgent {
  id: string;
  displayName: string;
  roles: string[];
}

/** An organisation configured in the hub for one test alone: its own SMS number and demo agents. */
export interface TestOrganisationInfo {
  id: string;
  name: string;
  /** The organisation's SMS number (digits), which customers text. */
  number: string;
  /** The organisation's WhatsApp number (E.164, "+1415555…", through Twilio). */
  whatsAppNumber: string;
  /** alice and bob (agents) and sam (supervisor), as in the demo. */
  agents: TestAgent[];
}

/** The hub's answer to a customer's text (its TeleSign webhook's JSON). */
export interface WebhookReply {
  status: 'accepted' | 'duplicate';
  messageId: string;
  conversationId: string;
}

/** The demo's answer to a simulated WhatsApp message (Twilio's webhook answers no conversation id). */
export interface WhatsAppReply {
  status: 'accepted';
  messageSid: string;
}

/** A WhatsApp message from a customer: text, media (public URLs, or the demo's sample photo), or both. */
export interface WhatsAppMessage {
  text?: string;
  mediaUrls?: string[];
  /** Attach the demo's sample parcel photo (image/png). */
  image?: boolean;
  /** The name WhatsApp gives for the customer. */
  profileName?: string;
}

/** The hub's clock (the demo's `GET/POST /demo/clock`). */
export interface HubClock {
  now: string;
  offsetMs: number;
}

/** What a customer's handset sent and received (the demo's `GET /demo/phone/:number`). */
export interface PhoneThread {
  number: string;
  thread: Array<{
    direction: 'sent' | 'received';
    channel?: 'sms' | 'whatsapp';
    text: string;
    at: string;
    media?: string[];
    delivery?: string;
  }>;
}

/** A simulated call (the demo's `POST /demo/simulate/call`): the IVR's data dip, then queued and offered. */
export interface SimulatedCall {
  interactionId: string;
  /** The data dip's answer and the greeting the IVR spoke. */
  lookup: IvrLookupResult;
  /** The call after the IVR queued it: `offered` to an agent when one is connected and free, else `queued`. */
  call: Call;
}

/** What the demo CRM holds (the demo's `GET /demo/crm`). */
export interface CrmRecords {
  contacts: Array<{ contactid: string; fullname: string; mobilephone: string | null; telephone1: string | null }>;
  incidents: Array<{
    incidentid: string;
    title: string;
    description: string | null;
    ticketnumber: string;
    statecode: number;
    _customerid_value: string;
  }>;
}
