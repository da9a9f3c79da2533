import { AGENT_BUSY_STATES, type Call, type CallState } from '../../protocol/calls.js';
import type { DesktopState } from './desktop-state.js';

/** Which of the agent's calls the softphone and the screen pop show first: the conversation in progress, then a ring, then wrap-ups. */
const PRIORITY: Partial<Record<CallState, number>> = { connected: 0, on_hold: 0, offered: 1, wrap_up: 2 };

/**
 * The calls that have this agent's attention (offered to them, connected, on hold, in wrap-up), the one to
 * show first at the front: a call in progress, else a ringing one, else the oldest wrap-up. Other agents' calls
 * (which a supervisor's store also holds) are left out; without an identity (a standalone component) every
 * such call counts.
 */
export function agentCalls(state: DesktopState): Call[] {
  const agentId = state.identity?.agentId;
  return [...state.calls.values()]
    .filter((call) => AGENT_BUSY_STATES.includes(call.state) && (!agentId || call.assignedAgentId === agentId))
    .sort((a, b) => PRIORITY[a.state]! - PRIORITY[b.state]! || Date.parse(a.arrivedAt) - Date.parse(b.arrivedAt));
}
