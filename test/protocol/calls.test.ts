// The call contract both sides use: the action table's shape and which calls a softphone shows.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CALL_ACTIONS, CALL_STATES, isOnSoftphone, type CallState } from '../../src/protocol/calls.js';

describe('call contract', () => {
  it('names only known states in the action table, and nothing leaves ended', () => {
    for (const moves of Object.values(CALL_ACTIONS)) {
      for (const [from, to] of Object.entries(moves)) {
        assert.ok(CALL_STATES.includes(from as CallState) && CALL_STATES.includes(to), `${from} → ${to}`);
        assert.notEqual(from, 'ended');
      }
    }
  });

  it('shows a call on the softphone of the agent it is offered to or with, until it is over', () => {
    const shown = (state: CallState, assignedAgentId: string | null) =>
      isOnSoftphone({ state, assignedAgentId }, 'alice');
    assert.deepEqual(
      CALL_STATES.map((s) => shown(s, 'alice')),
      [false, false, true, true, true, true, false],
    );
    assert.equal(shown('connected', 'bob'), false);
    assert.equal(shown('queued', null), false);
  });
});
