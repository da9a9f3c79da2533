/**
 * A simulated caller going through the contact-centre platform's IVR flow, which calls the hub as a Webex
 * Contact Center flow would from its HTTP Request steps (API key in the Authorization header):
 *   call arrives      → POST /api/calls/events {"event":"arrived", ani, dnis, interactionId}
 *   data dip          → GET  /api/ivr/lookup?ani=…&interactionId=…   → the greeting is spoken
 *   main menu         → "agent" (or "hang_up")
 *   queue, hold music → POST /api/calls/events {"event":"queued"}    → the hub offers the call to an agent
 */
import { randomUUID } from 'node:crypto';
import type { Call, CallEventResult, IvrLookupResult } from '../src/protocol/calls.js';

/** The number callers dial in the demo (Contoso's support line, in E.164). */
export const DEMO_DNIS = '+18005550199';

export interface SimulatedCallOptions {
  hubUrl: string;
  apiKey: string;
  /** The caller's number as the platform reports it, e.g. "+15551234567". */
  ani: string;
  /** The number dialled. */
  dnis: string;
  interactionId?: string;
  /** The caller's choice in the main menu. */
  menu?: 'agent' | 'hang_up';
  queueId?: string;
  /** Told each step as it happens (the CLI prints them). */
  onStep?: (step: CallStep) => void;
}

export type CallStep =
  | { step: 'arrived'; interactionId: string; call: Call }
  | { step: 'greeting'; lookup: IvrLookupResult }
  | { step: 'menu'; choice: 'agent' | 'hang_up' }
  | { step: 'queued'; call: Call }
  | { step: 'offered'; call: Call }
  | { step: 'ended'; call: Call };

export interface SimulatedCallResult {
  interactionId: string;
  lookup: IvrLookupResult;
  call: Call;
  steps: CallStep[];
}

export class CallApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`the hub answered ${status}: ${JSON.stringify(body)}`);
  }
}

async function hubRequest<T>(
  options: Pick<SimulatedCallOptions, 'hubUrl' | 'apiKey'>,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(options.hubUrl.replace(/\/$/, '') + path, {
    method,
    headers: {
      authorization: `Bearer ${options.apiKey}`,
      accept: 'application/json',
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const answer = (await response.json().catch(() => null)) as unknown;
  if (!response.ok) throw new CallApiError(response.status, answer);
  return answer as T;
}

/** Posts one call event, as the platform would. */
export function postCallEvent(
  options: Pick<SimulatedCallOptions, 'hubUrl' | 'apiKey'>,
  event: Record<string, unknown>,
): Promise<CallEventResult> {
  return hubRequest<CallEventResult>(options, 'POST', '/api/calls/events', event);
}

export async function runSimulatedCall(options: SimulatedCallOptions): Promise<SimulatedCallResult> {
  const interactionId = options.interactionId ?? randomUUID();
  const steps: CallStep[] = [];
  const step = (s: CallStep) => {
    steps.push(s);
    options.onStep?.(s);
  };

  const arrived = await postCallEvent(options, {
    event: 'arrived',
    interactionId,
    ani: options.ani,
    dnis: options.dnis,
    flowVariables: { entryPoint: 'support-line' },
  });
  step({ step: 'arrived', interactionId, call: arrived.call });
  const lookup = await hubRequest<IvrLookupResult>(
    options,
    'GET',
    `/api/ivr/lookup?ani=${encodeURIComponent(options.ani)}&interactionId=${encodeURIComponent(interactionId)}`,
  );
  step({ step: 'greeting', lookup });

  const choice = options.menu ?? 'agent';
  step({ step: 'menu', choice });
  if (choice === 'hang_up') {
    const ended = await postCallEvent(options, { event: 'ended', interactionId, flowVariables: { menu: 'hang_up' } });
    step({ step: 'ended', call: ended.call });
    return { interactionId, lookup, call: ended.call, steps };
  }
  const queued = await postCallEvent(options, {
    event: 'queued',
    interactionId,
    ...(options.queueId ? { queueId: options.queueId } : {}),
    flowVariables: { menu: 'agent' },
  });
  // The answer shows the call as it is after the hub tried to offer it: ringing at an agent, or still queued.
  step(
    queued.call.state === 'offered' ? { step: 'offered', call: queued.call } : { step: 'queued', call: queued.call },
  );
  return { interactionId, lookup, call: queued.call, steps };
}

/** One line per step, for the terminal. */
export function describeStep(s: CallStep): string {
  switch (s.step) {
    case 'arrived':
      return `☎  call ${s.interactionId} arrives from ${s.call.ani} (dialled ${s.call.dnis || 'the support line'})`;
    case 'greeting':
      return `🔎 data dip: ${s.lookup.found ? `${s.lookup.fullName}${s.lookup.hasCase ? `, latest case ${s.lookup.caseNumber} "${s.lookup.caseTitle}"` : ', no case'}` : `unknown caller (${s.lookup.lookupStatus})`}\n🗣  IVR: "${s.lookup.greeting}"`;
    case 'menu':
      return `🔢 main menu: ${s.choice === 'agent' ? '1 — talk to an agent' : '2 — hang up'}`;
    case 'queued':
      return `🎵 queued in "${s.call.queue?.name ?? 'the queue'}", hold music playing: no agent is available yet`;
    case 'offered':
      return `🎵 queued in "${s.call.queue?.name ?? 'the queue'}", hold music playing\n🔔 offered to agent ${s.call.assignedAgentId}: their softphone rings`;
    case 'ended':
      return `👋 the caller hangs up`;
  }
}
