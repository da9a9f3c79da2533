import type { Call, CallState } from '../../protocol/calls.js';
import type { HubLink } from '../hub/hub-link.js';
import type { DesktopStore } from '../state/desktop-store.js';
import type { CallMoment, DesktopServiceHooks } from './desktop-hooks.js';
import { reportFailure } from './report-failure.js';

/**
 * The agent's calls in the store: from the snapshot after every (re)connect, from live `callUpdated` events and from
 * the answers to call actions. Tells the host what happened to the agent's own calls (DesktopServiceHooks.onCall).
 */
export class CallTracker {
  /** Calls changed by live events while a getCalls snapshot was in flight: they keep their live version. */
  private touched: Set<string> | null = null;

  constructor(
    private readonly store: DesktopStore,
    private readonly hooks: Pick<DesktopServiceHooks, 'onCall'>,
  ) {}

  /** Follows the hub's live call changes; returns what stops it. */
  follow(hub: HubLink): () => void {
    return hub.on('callUpdated', (call) => {
      this.touched?.add(call.id);
      this.keep(call);
    });
  }

  /**
   * Voice settings, then the calls in their current state (a reload during a call shows it again). Calls that
   * changed live meanwhile keep their live version. `current()` says whether this sync is still the latest.
   */
  async sync(hub: HubLink, current: () => boolean): Promise<void> {
    const touched = (this.touched = new Set());
    try {
      const voice = await hub.invoke('getVoiceSettings');
      if (!current()) return;
      this.store.setVoiceSettings(voice);
      const calls = voice.enabled ? await hub.invoke('getCalls') : [];
      if (!current()) return;
      const previous = this.store.getState().calls;
      this.store.replaceCalls(calls, touched);
      for (const call of calls) if (!touched.has(call.id)) this.announce(previous.get(call.id), call);
    } catch (error) {
      if (current() && hub.isConnected) reportFailure(this.store, 'getCalls', error);
    } finally {
      if (this.touched === touched) this.touched = null;
    }
  }

  /**
   * Puts a call in the store, or drops it: once it has ended (after its wrap-up, or abandoned), and when it is no
   * longer this agent's (declined, transferred, not answered in time) unless the agent is a supervisor.
   */
  keep(call: Call): void {
    const { identity, calls } = this.store.getState();
    const previous = calls.get(call.id);
    const keep =
      call.state !== 'ended' &&
      (!identity || call.assignedAgentId === identity.agentId || identity.roles.includes('supervisor'));
    if (this.store.putCall(call, !keep)) this.announce(previous, call);
  }

  /** Tells the host what happened to one of this agent's calls (see DesktopServiceHooks.onCall). */
  private announce(previous: Call | undefined, call: Call): void {
    const agentId = this.store.getState().identity?.agentId;
    if (!agentId || call.assignedAgentId !== agentId) return;
    const was: CallState | null = previous?.assignedAgentId === agentId ? previous.state : null;
    const talking = (state: CallState | null) => state === 'connected' || state === 'on_hold';
    const moment: CallMoment | null =
      call.state === 'offered'
        ? was === 'offered'
          ? null
          : 'offered'
        : talking(call.state)
          ? was === null || was === 'offered'
            ? 'answered'
            : null
          : was === 'offered' || talking(was)
            ? 'ended'
            : null;
    if (moment) this.hooks.onCall?.(moment, call);
  }
}
