/**
 * Voice calls: the call states, the one table of what moves a call from state to state (shared by the hub,
 * which enforces it, and the widget, which enables its softphone buttons from it), and the call payload the
 * hub pushes (`callUpdated`) and answers (`getCalls`, call actions). Timestamps are ISO-8601 strings (UTC).
 *
 *   ivr ──queue──▶ queued ──offer──▶ offered ──answer──▶ connected ◀──resume/hold──▶ on_hold
 *                    ▲  ◀──decline──┘                       │  transfer to a queue ▶ queued
 *                    │                                      │  transfer to an agent ▶ offered
 *   (caller hangs up before an agent answers ▶ ended)       └──hang up / caller hangs up──▶ wrap_up ──complete──▶ ended
 */

/**
 * `ivr`: in the IVR flow (greeting, menu); `queued`: waiting for an agent, hold music playing; `offered`: ringing
 * at one agent; `connected`: talking; `on_hold`: the agent put the caller on hold; `wrap_up`: the call is over,
 * the agent writes notes and picks a disposition; `ended`: done (abandoned before an agent answered, or wrapped up).
 */
export type CallState = 'ivr' | 'queued' | 'offered' | 'connected' | 'on_hold' | 'wrap_up' | 'ended';

export const CALL_STATES: readonly CallState[] = [
  'ivr',
  'queued',
  'offered',
  'connected',
  'on_hold',
  'wrap_up',
  'ended',
];

/**
 * What can happen to a call, whoever does it: the contact-centre platform (call events), the agent (hub methods)
 * or the hub itself (offering a queued call, a ring nobody answered).
 */
export type CallAction =
  | 'queue'
  | 'offer'
  | 'answer'
  | 'decline'
  | 'hold'
  | 'resume'
  | 'transfer_to_queue'
  | 'transfer_to_agent'
  | 'hang_up'
  | 'end'
  | 'complete_wrap_up';

/** For each action, the states it may start from and where it takes the call. Anything else is refused. */
export const CALL_ACTIONS: Readonly<Record<CallAction, Readonly<Partial<Record<CallState, CallState>>>>> = {
  queue: { ivr: 'queued' },
  offer: { queued: 'offered', offered: 'offered' },
  answer: { offered: 'connected' },
  decline: { offered: 'queued' },
  hold: { connected: 'on_hold' },
  resume: { on_hold: 'connected' },
  transfer_to_queue: { connected: 'queued', on_hold: 'queued' },
  transfer_to_agent: { connected: 'offered', on_hold: 'offered' },
  hang_up: { connected: 'wrap_up', on_hold: 'wrap_up' },
  // The caller (or the platform) ends the call: before an agent answered it is abandoned; after, the agent wraps up.
  end: { ivr: 'ended', queued: 'ended', offered: 'ended', connected: 'wrap_up', on_hold: 'wrap_up' },
  complete_wrap_up: { wrap_up: 'ended' },
};

/**
 * States in which an action has already had its effect: doing it again changes nothing and is not an error
 * (a retried platform event, a double click, the agent and the platform both reporting the same answer).
 */
export const CALL_ACTION_REPEATS: Readonly<Record<CallAction, readonly CallState[]>> = {
  queue: ['queued'],
  offer: [],
  answer: ['connected'],
  decline: [],
  hold: ['on_hold'],
  resume: ['connected'],
  transfer_to_queue: [],
  transfer_to_agent: [],
  hang_up: ['wrap_up', 'ended'],
  end: ['wrap_up', 'ended'],
  complete_wrap_up: ['ended'],
};

/** Every legal state change (from → the states it may go to), derived from CALL_ACTIONS. */
export const CALL_TRANSITIONS: Readonly<Record<CallState, readonly CallState[]>> = (() => {
  const table = Object.fromEntries(CALL_STATES.map((s) => [s, [] as CallState[]])) as Record<CallState, CallState[]>;
  for (const moves of Object.values(CALL_ACTIONS)) {
    for (const [from, to] of Object.entries(moves) as Array<[CallState, CallState]>) {
      if (!table[from].includes(to)) table[from].push(to);
    }
  }
  return table;
})();

/** Where an action takes a call in `state`, or null when it may not (see CALL_ACTION_REPEATS for repeats). */
export function callActionTarget(state: CallState, action: CallAction): CallState | null {
  return CALL_ACTIONS[action][state] ?? null;
}

/** Actions an agent's softphone may offer for a call in `state` (mute and DTMF: `connected`, and mute `on_hold`). */
export function agentActionsFor(state: CallState): CallAction[] {
  const agentActions: CallAction[] = [
    'answer',
    'decline',
    'hold',
    'resume',
    'transfer_to_queue',
    'transfer_to_agent',
    'hang_up',
    'complete_wrap_up',
  ];
  return agentActions.filter((action) => callActionTarget(state, action) !== null);
}

/** States in which the call has an agent's attention (the agent is busy and is offered no other call). */
export const AGENT_BUSY_STATES: readonly CallState[] = ['offered', 'connected', 'on_hold', 'wrap_up'];

/**
 * Whether a call belongs on `agentId`'s softphone: offered to or with them and not over. What `getCalls` answers
 * an agent; a `callUpdated` for which this is false (declined, transferred away, ended) removes the call.
 */
export function isOnSoftphone(call: Pick<Call, 'state' | 'assignedAgentId'>, agentId: string): boolean {
  return call.assignedAgentId === agentId && AGENT_BUSY_STATES.includes(call.state);
}

/** A call queue of the organisation (configured; the IVR puts callers in one). */
export interface CallQueue {
  id: string;
  name: string;
}

/** An outcome an agent picks when wrapping up. */
export interface CallDisposition {
  id: string;
  label: string;
}

/** Used when an organisation configures none. */
export const DEFAULT_CALL_DISPOSITIONS: readonly CallDisposition[] = [
  { id: 'resolved', label: 'Resolved' },
  { id: 'follow_up', label: 'Follow-up needed' },
  { id: 'escalated', label: 'Escalated' },
  { id: 'callback_requested', label: 'Callback requested' },
  { id: 'wrong_number', label: 'Wrong number' },
];

/** A CRM case (Dataverse incident). `status` from its statecode: 0 active, 1 resolved, 2 cancelled. */
export interface CustomerCase {
  incidentId: string;
  title: string;
  /** The case number people read out, e.g. "CAS-01042". */
  ticketNumber: string;
  status: 'active' | 'resolved' | 'cancelled';
  /** Where the agent opens the record in the CRM's own UI (null when the CRM's app URL is not configured). */
  recordUrl: string | null;
}

/** The caller as the CRM knows them: the data dip's result, shown by the screen pop. */
export interface CallCustomer {
  contactId: string;
  fullName: string;
  /** The contact's first name ("" when the CRM has none): what the greeting called them. */
  firstName: string;
  /** The phone number as the CRM stores it (free text, e.g. "+1 (555) 123-4567"). */
  phone: string | null;
  /** The contact's most recently created case, or null when they have none. */
  latestCase: CustomerCase | null;
  recordUrl: string | null;
}

/**
 * How the data dip went. `pending`: not run yet; `found`: a contact (see `customer`); `not_found`: no contact has
 * that number (the screen pop offers the new-case form); `unavailable`: the CRM timed out, failed or is not
 * configured (the caller is treated as unknown; `lookupCustomer` tries again); `no_number`: the caller's number
 * is withheld or unusable.
 */
export type CustomerLookupStatus = 'pending' | 'found' | 'not_found' | 'unavailable' | 'no_number';

export interface CallWrapUp {
  notes: string;
  /** A CallDisposition id, once chosen. */
  disposition: string | null;
  startedAt: string;
  /** When the wrap-up time runs out: afterwards the agent is offered calls again even if it is not completed. */
  endsAt: string;
  completedAt: string | null;
}

export interface Call {
  id: string;
  organisationId: string;
  /** The platform's id of the call (Webex Contact Center InteractionID). */
  interactionId: string;
  /** The caller's number as the platform gave it. */
  ani: string;
  /** The caller's number in E.164 ("+15551234567") when it could be read, for display and dialling back. */
  callerNumber: string | null;
  /** The number the caller dialled. */
  dnis: string;
  state: CallState;
  /** The agent it is offered to or with (offered, connected, on_hold, wrap_up, and ended after an agent). */
  assignedAgentId: string | null;
  queue: CallQueue | null;
  muted: boolean;
  /** Variables the IVR flow attached (menu choices, language, …), as strings. */
  flowVariables: Record<string, string>;
  lookupStatus: CustomerLookupStatus;
  customer: CallCustomer | null;
  /** What the IVR said to the caller. */
  greeting: string | null;
  arrivedAt: string;
  queuedAt: string | null;
  offeredAt: string | null;
  answeredAt: string | null;
  /** Since when the caller is on hold (null when not on hold). */
  heldAt: string | null;
  /** When the conversation with the caller ended (hang-up), or the call was abandoned. */
  endedAt: string | null;
  wrapUp: CallWrapUp | null;
  updatedAt: string;
}

/** What the hub tells the widget about voice for the agent's organisation (`getVoiceSettings`). */
export interface VoiceSettings {
  /** False when the organisation has no voice configuration (the softphone stays hidden). */
  enabled: boolean;
  queues: CallQueue[];
  dispositions: CallDisposition[];
  wrapUpSeconds: number;
  ringTimeoutSeconds: number;
}

/** Where an agent may transfer a call (`getTransferTargets`). */
export interface TransferTargets {
  queues: CallQueue[];
  /** Connected agents of the organisation other than the caller's agent; `available` ones can take it now. */
  agents: Array<{ agentId: string; displayName: string; available: boolean }>;
}

// ---- requests of the hub methods ----

export interface MuteCallRequest {
  callId: string;
  muted: boolean;
}

export interface SendDtmfRequest {
  callId: string;
  /** 0-9, *, #, A-D; at most 32 at once. */
  digits: string;
}

/** Exactly one of queueId and agentId. */
export interface TransferCallRequest {
  callId: string;
  queueId?: string;
  agentId?: string;
}

export interface CompleteWrapUpRequest {
  callId: string;
  notes: string;
  /** One of the organisation's dispositions (VoiceSettings.dispositions). */
  disposition: string;
}

export interface CreateCaseRequest {
  callId: string;
  title: string;
  description?: string;
  /** For an unknown caller: the name to give the new contact (default "Caller <number>"). */
  contactName?: string;
}

export const DTMF_DIGITS = /^[0-9*#A-D]{1,32}$/;
export const MAX_CASE_TITLE_CHARACTERS = 200;
export const MAX_CASE_DESCRIPTION_CHARACTERS = 2000;
export const MAX_WRAP_UP_NOTES_CHARACTERS = 4000;

// ---- the contact-centre platform's side (HTTP, API key) ----

/** Events the platform posts to `POST /api/calls/events` (see the README for the body of each). */
export const CALL_EVENTS = [
  'arrived',
  'queued',
  'offered',
  'answered',
  'held',
  'resumed',
  'transferred',
  'ended',
] as const;
export type CallEventName = (typeof CALL_EVENTS)[number];

/**
 * `GET /api/ivr/lookup` and the `arrived` event answer this, flat and without nulls so an IVR flow can map each
 * field to a flow variable (empty strings when unknown).
 */
export interface IvrLookupResult {
  found: boolean;
  hasCase: boolean;
  lookupStatus: CustomerLookupStatus;
  /** E.164, or "" when the number could not be read. */
  callerNumber: string;
  contactId: string;
  fullName: string;
  firstName: string;
  caseId: string;
  caseTitle: string;
  caseNumber: string;
  /** The text to speak: a personal greeting with the latest case, the no-case message, or the unknown-caller one. */
  greeting: string;
}

/** The answer to a call event. */
export interface CallEventResult {
  /** True when the event had already been applied (a retry): nothing changed. */
  duplicate: boolean;
  call: Call;
  /** For `arrived`: the data dip's result and greeting. */
  ivr?: IvrLookupResult;
}
