/**
 * The one place a call changes state. Platform events, agent actions and the hub's own routing all ask it what
 * an action does to a call: a move (the new state and the columns that change with it), a repeat (already done:
 * nothing to change, not an error), or a refusal (`illegal_call_transition`, naming from → to). The table itself
 * is shared with the widget: CALL_ACTIONS in src/protocol/calls.ts.
 */
import {
  CALL_ACTION_REPEATS,
  CALL_ACTIONS,
  callActionTarget,
  type CallAction,
  type CallState,
} from '../../protocol/calls.js';
import { ErrorCodes } from '../../protocol/errors.js';
import { DomainError } from '../shared/domain-error.js';
import type { CallChanges, CallRow } from '../store/calls.js';

export interface CallActionRequest {
  action: CallAction;
  /** offer / transfer_to_agent: who it goes to; answer: who answers (default: who it was offered to). */
  agentId?: string | null;
  /** queue / transfer_to_queue: which queue (default: the call's queue, else the organisation's first). */
  queueId?: string | null;
  /** complete_wrap_up */
  notes?: string;
  disposition?: string;
}

export interface CallTimings {
  wrapUpSeconds: number;
  defaultQueueId: string;
}

/**
 * The platform's events can arrive late (a retry after a timeout, webhooks out of order): one for a step the call
 * has already gone past is a late repeat, not a refusal. `queue` is the IVR's step; `answer` is past once the call
 * is talking or held; anything is past once the call is over.
 */
const PAST_FOR_THE_PLATFORM: Readonly<Record<CallAction, readonly CallState[]>> = {
  queue: ['offered', 'connected', 'on_hold', 'wrap_up', 'ended'],
  offer: ['wrap_up', 'ended'],
  answer: ['on_hold', 'wrap_up', 'ended'],
  decline: ['wrap_up', 'ended'],
  hold: ['wrap_up', 'ended'],
  resume: ['wrap_up', 'ended'],
  transfer_to_queue: ['wrap_up', 'ended'],
  transfer_to_agent: ['wrap_up', 'ended'],
  hang_up: [],
  end: [],
  complete_wrap_up: [],
};

export type CallDecision = { kind: 'repeat' } | { kind: 'move'; from: CallState; to: CallState; changes: CallChanges };

const VERBS: Record<CallAction, string> = {
  queue: 'queue',
  offer: 'offer',
  answer: 'answer',
  decline: 'decline',
  hold: 'hold',
  resume: 'resume',
  transfer_to_queue: 'transfer',
  transfer_to_agent: 'transfer',
  hang_up: 'hang up',
  end: 'end',
  complete_wrap_up: 'complete the wrap-up of',
};

const STATE_WORDS: Record<CallState, string> = {
  ivr: 'still in the IVR',
  queued: 'queued',
  offered: 'ringing',
  connected: 'connected',
  on_hold: 'on hold',
  wrap_up: 'in wrap-up',
  ended: 'ended',
};

/** The error for an action the call's state does not allow. */
export function illegalTransition(from: CallState, action: CallAction): DomainError {
  const to = Object.values(CALL_ACTIONS[action])[0];
  return new DomainError(
    ErrorCodes.illegalCallTransition,
    `Cannot ${VERBS[action]} a call that is ${STATE_WORDS[from]} (${from} → ${to} is not allowed).`,
  );
}

/** Whether doing `request` to `call` would change nothing because it already happened. */
function isRepeat(call: CallRow, request: CallActionRequest): boolean {
  if (CALL_ACTION_REPEATS[request.action].includes(call.state)) return true;
  switch (request.action) {
    case 'offer':
    case 'transfer_to_agent':
      return call.state === 'offered' && call.assigned_agent_id === request.agentId;
    case 'transfer_to_queue':
      return call.state === 'queued' && (!request.queueId || call.queue_id === request.queueId);
    default:
      return false;
  }
}

export function decideCallAction(
  call: CallRow,
  request: CallActionRequest,
  now: Date,
  timings: CallTimings,
  source: 'platform' | 'agent' | 'hub' = 'agent',
): CallDecision {
  if (isRepeat(call, request)) return { kind: 'repeat' };
  if (source === 'platform' && PAST_FOR_THE_PLATFORM[request.action].includes(call.state)) return { kind: 'repeat' };
  const from = call.state;
  const to = callActionTarget(from, request.action);
  if (!to) throw illegalTransition(from, request.action);
  const changes: CallChanges = { state: to, updated_at: now };
  const wrapUp = (): CallChanges => ({
    ended_at: now,
    held_at: null,
    muted: false,
    wrap_up_started_at: now,
    wrap_up_ends_at: new Date(now.getTime() + timings.wrapUpSeconds * 1000),
    wrap_up_notes: '',
  });
  switch (request.action) {
    case 'queue':
      Object.assign(changes, { queue_id: request.queueId ?? call.queue_id ?? timings.defaultQueueId, queued_at: now });
      break;
    case 'offer':
      Object.assign(changes, { assigned_agent_id: request.agentId ?? null, offered_at: now });
      break;
    case 'answer':
      Object.assign(changes, { assigned_agent_id: request.agentId ?? call.assigned_agent_id, answered_at: now });
      break;
    case 'decline':
      // keeps its place in the queue (queued_at unchanged), never offered to this agent again
      Object.assign(changes, {
        assigned_agent_id: null,
        offered_at: null,
        declined_by: withAgent(call.declined_by, call.assigned_agent_id),
      });
      break;
    case 'hold':
      changes.held_at = now;
      break;
    case 'resume':
      changes.held_at = null;
      break;
    case 'transfer_to_queue':
      Object.assign(changes, {
        queue_id: request.queueId ?? call.queue_id ?? timings.defaultQueueId,
        queued_at: now,
        assigned_agent_id: null,
        offered_at: null,
        held_at: null,
        muted: false,
        declined_by: withAgent(call.declined_by, call.assigned_agent_id),
      });
      break;
    case 'transfer_to_agent':
      Object.assign(changes, {
        assigned_agent_id: request.agentId ?? null,
        offered_at: now,
        held_at: null,
        muted: false,
      });
      break;
    case 'hang_up':
      Object.assign(changes, wrapUp());
      break;
    case 'end':
      Object.assign(changes, to === 'wrap_up' ? wrapUp() : { ended_at: now });
      break;
    case 'complete_wrap_up':
      Object.assign(changes, {
        wrap_up_notes: request.notes ?? '',
        wrap_up_disposition: request.disposition ?? null,
        wrap_up_completed_at: now,
      });
      break;
  }
  return { kind: 'move', from, to, changes };
}

function withAgent(list: string[], agentId: string | null): string[] {
  return agentId && !list.includes(agentId) ? [...list, agentId] : list;
}
