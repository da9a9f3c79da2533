// The call state machine, as a table: every legal move (and the columns it sets), every repeat (no change, no
// error), and every other (state, action) refused with illegal_call_transition naming from → to.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideCallAction, type CallActionRequest } from '../../../src/hub/calls/call-state-machine.js';
import { DomainError } from '../../../src/hub/shared/domain-error.js';
import type { CallRow } from '../../../src/hub/store/calls.js';
import {
  agentActionsFor,
  CALL_ACTION_REPEATS,
  CALL_ACTIONS,
  CALL_STATES,
  CALL_TRANSITIONS,
  type CallAction,
  type CallState,
} from '../../../src/protocol/calls.js';

const now = new Date('2026-11-20T10:00:00.000Z');
const timings = { wrapUpSeconds: 45, defaultQueueId: 'support' };

function call(state: CallState, extra: Partial<CallRow> = {}): CallRow {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    org_id: 'contoso',
    interaction_id: 'i-1',
    ani: '+15551234567',
    caller_number: '+15551234567',
    dnis: '',
    state,
    queue_id: state === 'ivr' ? null : 'support',
    assigned_agent_id: ['offered', 'connected', 'on_hold', 'wrap_up'].includes(state) ? 'alice' : null,
    declined_by: [],
    muted: false,
    flow_variables: {},
    lookup_status: 'found',
    customer: null,
    greeting: null,
    arrived_at: now,
    queued_at: null,
    offered_at: null,
    answered_at: null,
    held_at: null,
    ended_at: null,
    wrap_up_started_at: null,
    wrap_up_ends_at: null,
    wrap_up_notes: null,
    wrap_up_disposition: null,
    wrap_up_completed_at: null,
    updated_at: now,
    ...extra,
  };
}

const requestFor = (action: CallAction): CallActionRequest => ({
  action,
  ...(action === 'offer' || action === 'transfer_to_agent' ? { agentId: 'bob' } : {}),
  ...(action === 'transfer_to_queue' ? { queueId: 'billing' } : {}),
  ...(action === 'complete_wrap_up' ? { notes: 'Refund agreed', disposition: 'resolved' } : {}),
});

const ACTIONS = Object.keys(CALL_ACTIONS) as CallAction[];

describe('call state machine', () => {
  it('derives every legal state change from the action table', () => {
    assert.deepEqual(Object.fromEntries(CALL_STATES.map((s) => [s, [...CALL_TRANSITIONS[s]].sort()])), {
      ivr: ['ended', 'queued'],
      queued: ['ended', 'offered'],
      offered: ['connected', 'ended', 'offered', 'queued'],
      connected: ['offered', 'on_hold', 'queued', 'wrap_up'],
      on_hold: ['connected', 'offered', 'queued', 'wrap_up'],
      wrap_up: ['ended'],
      ended: [],
    });
  });

  for (const action of ACTIONS) {
    for (const [from, to] of Object.entries(CALL_ACTIONS[action]) as Array<[CallState, CallState]>) {
      it(`${action}: ${from} → ${to}`, () => {
        const decision = decideCallAction(call(from), requestFor(action), now, timings);
        assert.equal(decision.kind, 'move');
        if (decision.kind !== 'move') return;
        assert.deepEqual([decision.from, decision.to, decision.changes.state], [from, to, to]);
      });
    }
  }

  for (const action of ACTIONS) {
    for (const from of CALL_STATES) {
      if (CALL_ACTIONS[action][from] || CALL_ACTION_REPEATS[action].includes(from)) continue;
      it(`refuses ${action} from ${from}`, () => {
        assert.throws(
          () => decideCallAction(call(from), requestFor(action), now, timings),
          (error: unknown) =>
            error instanceof DomainError &&
            error.code === 'illegal_call_transition' &&
            error.httpStatus === 409 &&
            error.message.includes(`(${from} → `) &&
            error.message.includes('is not allowed'),
        );
      });
    }
  }

  it('names the state the call is in and the one asked for', () => {
    assert.throws(() => decideCallAction(call('on_hold'), { action: 'answer' }, now, timings), {
      message: 'Cannot answer a call that is on hold (on_hold → connected is not allowed).',
    });
    assert.throws(() => decideCallAction(call('queued'), { action: 'hang_up' }, now, timings), {
      message: 'Cannot hang up a call that is queued (queued → wrap_up is not allowed).',
    });
  });

  it('treats doing again what already happened as a repeat, not an error', () => {
    const repeats: Array<[CallState, CallActionRequest]> = [
      ['queued', { action: 'queue' }],
      ['connected', { action: 'answer' }],
      ['on_hold', { action: 'hold' }],
      ['connected', { action: 'resume' }],
      ['wrap_up', { action: 'hang_up' }],
      ['ended', { action: 'hang_up' }],
      ['wrap_up', { action: 'end' }],
      ['ended', { action: 'end' }],
      ['ended', { action: 'complete_wrap_up' }],
      ['offered', { action: 'offer', agentId: 'alice' }],
      ['offered', { action: 'transfer_to_agent', agentId: 'alice' }],
      ['queued', { action: 'transfer_to_queue', queueId: 'support' }],
    ];
    for (const [state, request] of repeats)
      assert.deepEqual(
        decideCallAction(call(state), request, now, timings),
        { kind: 'repeat' },
        `${request.action} on ${state}`,
      );
    // offered to someone else is a move, not a repeat
    assert.equal(decideCallAction(call('offered'), { action: 'offer', agentId: 'bob' }, now, timings).kind, 'move');
  });

  it('ends an unanswered call, but sends an answered one to wrap-up with the wrap-up time', () => {
    for (const from of ['ivr', 'queued', 'offered'] as const) {
      const decision = decideCallAction(call(from), { action: 'end' }, now, timings);
      assert.equal(decision.kind === 'move' && decision.to, 'ended');
    }
    for (const from of ['connected', 'on_hold'] as const) {
      const decision = decideCallAction(call(from, { muted: true, held_at: now }), { action: 'end' }, now, timings);
      assert.ok(decision.kind === 'move');
      assert.equal(decision.to, 'wrap_up');
      assert.deepEqual(
        {
          ended: decision.changes.ended_at,
          started: decision.changes.wrap_up_started_at,
          ends: decision.changes.wrap_up_ends_at,
          held: decision.changes.held_at,
          muted: decision.changes.muted,
        },
        { ended: now, started: now, ends: new Date(now.getTime() + 45_000), held: null, muted: false },
      );
    }
  });

  it('sets what each move changes', () => {
    const change = (state: CallState, request: CallActionRequest, extra: Partial<CallRow> = {}) => {
      const decision = decideCallAction(call(state, extra), request, now, timings);
      assert.ok(decision.kind === 'move');
      return decision.changes;
    };
    assert.deepEqual(change('ivr', { action: 'queue' }), {
      state: 'queued',
      updated_at: now,
      queue_id: 'support',
      queued_at: now,
    });
    assert.equal(change('ivr', { action: 'queue', queueId: 'billing' }).queue_id, 'billing');
    assert.deepEqual(change('queued', { action: 'offer', agentId: 'bob' }), {
      state: 'offered',
      updated_at: now,
      assigned_agent_id: 'bob',
      offered_at: now,
    });
    assert.deepEqual(change('offered', { action: 'answer' }), {
      state: 'connected',
      updated_at: now,
      assigned_agent_id: 'alice',
      answered_at: now,
    });
    assert.deepEqual(change('offered', { action: 'decline' }, { declined_by: ['carol'] }), {
      state: 'queued',
      updated_at: now,
      assigned_agent_id: null,
      offered_at: null,
      declined_by: ['carol', 'alice'],
    });
    assert.deepEqual(change('connected', { action: 'hold' }), { state: 'on_hold', updated_at: now, held_at: now });
    assert.deepEqual(change('on_hold', { action: 'resume' }), { state: 'connected', updated_at: now, held_at: null });
    assert.deepEqual(change('on_hold', { action: 'transfer_to_queue', queueId: 'billing' }, { muted: true }), {
      state: 'queued',
      updated_at: now,
      queue_id: 'billing',
      queued_at: now,
      assigned_agent_id: null,
      offered_at: null,
      held_at: null,
      muted: false,
      declined_by: ['alice'],
    });
    assert.deepEqual(change('connected', { action: 'transfer_to_agent', agentId: 'bob' }), {
      state: 'offered',
      updated_at: now,
      assigned_agent_id: 'bob',
      offered_at: now,
      held_at: null,
      muted: false,
    });
    assert.deepEqual(
      change('wrap_up', { action: 'complete_wrap_up', notes: 'Refund agreed', disposition: 'resolved' }),
      {
        state: 'ended',
        updated_at: now,
        wrap_up_notes: 'Refund agreed',
        wrap_up_disposition: 'resolved',
        wrap_up_completed_at: now,
      },
    );
  });

  it('tells the softphone which buttons a state allows', () => {
    assert.deepEqual(agentActionsFor('offered'), ['answer', 'decline']);
    assert.deepEqual(agentActionsFor('connected'), ['hold', 'transfer_to_queue', 'transfer_to_agent', 'hang_up']);
    assert.deepEqual(agentActionsFor('on_hold'), ['resume', 'transfer_to_queue', 'transfer_to_agent', 'hang_up']);
    assert.deepEqual(agentActionsFor('wrap_up'), ['complete_wrap_up']);
    assert.deepEqual(agentActionsFor('ended'), []);
  });
});

describe('late platform events', () => {
  it('treats a platform event for a step the call has gone past as a repeat, where an agent’s would be refused', () => {
    const late: Array<[CallState, CallAction]> = [
      ['offered', 'queue'],
      ['connected', 'queue'],
      ['on_hold', 'answer'],
      ['ended', 'answer'],
      ['wrap_up', 'hold'],
      ['ended', 'resume'],
    ];
    for (const [state, action] of late) {
      assert.deepEqual(
        decideCallAction(call(state), requestFor(action), now, timings, 'platform'),
        { kind: 'repeat' },
        `${action} on ${state}`,
      );
      assert.throws(
        () => decideCallAction(call(state), requestFor(action), now, timings, 'agent'),
        { name: 'DomainError' },
        `${action} on ${state} by an agent`,
      );
    }
  });

  it('still refuses a platform event that was never possible from where the call is', () => {
    for (const [state, action] of [
      ['ivr', 'hold'],
      ['queued', 'answer'],
      ['ivr', 'resume'],
      ['queued', 'hang_up'],
    ] as Array<[CallState, CallAction]>) {
      assert.throws(
        () => decideCallAction(call(state), requestFor(action), now, timings, 'platform'),
        { name: 'DomainError' },
        `${action} on ${state}`,
      );
    }
  });
});
