/**
 * Agents' presence in this hub process: the presence each chose (kept in the store, so it survives reconnects and
 * restarts), how many tabs each has connected, and since when each has been without new work. An agent whose last
 * tab closes keeps their presence for the organisation's grace period (a reload is not leaving), then is offline.
 */
import type { ChoosablePresence, Presence } from '../../protocol/routing.js';
import type { Clock } from '../clock.js';
import type { Database } from '../store/database.js';
import { findPresence, savePresence } from '../store/routing.js';

interface AgentEntry {
  chosen: ChoosablePresence;
  displayName: string;
  connections: number;
  /** False once the grace period after the last tab closed is over. */
  online: boolean;
  idleSince: number;
  offlineTimer?: NodeJS.Timeout;
}

export interface AgentPresenceDeps {
  db: Database;
  clock: Clock;
  graceSeconds: (orgId: string) => number;
}

/** Who wants to know when presence changes (the router: routing runs again, the overview is refreshed). */
export interface PresenceListener {
  /** An agent's presence or connections changed. */
  changed(orgId: string, agentId: string): void;
  /** The grace period after an agent's last tab closed ended: the agent is offline now. */
  offline(orgId: string, agentId: string): void;
}

export class AgentPresence {
  private readonly byOrg = new Map<string, Map<string, AgentEntry>>();
  private readonly listeners: PresenceListener[] = [];
  /** Once the hub is closing, tabs that drop arm no offline timer (it would reach a closed store). */
  private closed = false;

  constructor(private readonly deps: AgentPresenceDeps) {}

  /** Tells `listener` about every change from now on. */
  subscribe(listener: PresenceListener): void {
    this.listeners.push(listener);
  }

  private changed(orgId: string, agentId: string): void {
    for (const listener of this.listeners) listener.changed(orgId, agentId);
  }

  private entries(orgId: string): Map<string, AgentEntry> {
    let entries = this.byOrg.get(orgId);
    if (!entries) this.byOrg.set(orgId, (entries = new Map<string, AgentEntry>()));
    return entries;
  }

  /** A tab connected; answers the presence the agent chose before (available the first time). */
  async connect(orgId: string, agentId: string, displayName: string): Promise<ChoosablePresence> {
    const entries = this.entries(orgId);
    let entry = entries.get(agentId);
    if (!entry) {
      const chosen = (await findPresence(this.deps.db, orgId, agentId)) ?? 'available';
      // another tab of the same agent may have connected while we read
      entry = entries.get(agentId) ?? {
        chosen,
        displayName,
        connections: 0,
        online: true,
        idleSince: this.deps.clock.now().getTime(),
      };
      entries.set(agentId, entry);
    }
    clearTimeout(entry.offlineTimer);
    entry.offlineTimer = undefined;
    if (!entry.online) entry.idleSince = this.deps.clock.now().getTime();
    entry.connections += 1;
    entry.online = true;
    entry.displayName = displayName;
    this.changed(orgId, agentId);
    return entry.chosen;
  }

  disconnect(orgId: string, agentId: string): void {
    const entry = this.byOrg.get(orgId)?.get(agentId);
    if (!entry || entry.connections === 0) return;
    entry.connections -= 1;
    if (entry.connections === 0 && !this.closed) {
      entry.offlineTimer = setTimeout(
        () => {
          entry.offlineTimer = undefined;
          if (entry.connections > 0) return;
          entry.online = false;
          for (const listener of this.listeners) listener.offline(orgId, agentId);
          this.changed(orgId, agentId);
        },
        this.deps.graceSeconds(orgId) * 1000,
      );
      entry.offlineTimer.unref();
    }
    this.changed(orgId, agentId);
  }

  async choose(orgId: string, agentId: string, displayName: string, presence: ChoosablePresence): Promise<void> {
    await savePresence(this.deps.db, orgId, agentId, presence, this.deps.clock.now());
    const entry = this.entries(orgId).get(agentId);
    if (entry) {
      if (entry.chosen !== 'available' && presence === 'available') entry.idleSince = this.deps.clock.now().getTime();
      entry.chosen = presence;
    } else {
      this.entries(orgId).set(agentId, {
        chosen: presence,
        displayName,
        connections: 0,
        online: false,
        idleSince: this.deps.clock.now().getTime(),
      });
    }
    this.changed(orgId, agentId);
  }

  /** The agent's chosen presence (what their selector shows); `available` for an agent never seen. */
  chosen(orgId: string, agentId: string): ChoosablePresence {
    return this.byOrg.get(orgId)?.get(agentId)?.chosen ?? 'available';
  }

  /** What others see: offline once the grace period is over (or never connected to this hub). */
  presenceOf(orgId: string, agentId: string): Presence {
    const entry = this.byOrg.get(orgId)?.get(agentId);
    return entry?.online ? entry.chosen : 'offline';
  }

  connections(orgId: string, agentId: string): number {
    return this.byOrg.get(orgId)?.get(agentId)?.connections ?? 0;
  }

  isConnected(orgId: string, agentId: string): boolean {
    return this.connections(orgId, agentId) > 0;
  }

  /** Connected agents (any presence). */
  list(orgId: string): string[] {
    return [...(this.byOrg.get(orgId) ?? [])].filter(([, e]) => e.connections > 0).map(([id]) => id);
  }

  /** Connected agents who chose `available`: the only ones offered new work. */
  isAvailable(orgId: string, agentId: string): boolean {
    const entry = this.byOrg.get(orgId)?.get(agentId);
    return Boolean(entry && entry.connections > 0 && entry.chosen === 'available');
  }

  available(orgId: string): string[] {
    return this.list(orgId).filter((id) => this.isAvailable(orgId, id));
  }

  /** Agents this hub knows of (connected now or earlier). */
  known(orgId: string): Array<{ agentId: string; displayName: string }> {
    return [...(this.byOrg.get(orgId) ?? [])].map(([agentId, e]) => ({ agentId, displayName: e.displayName }));
  }

  idleSince(orgId: string, agentId: string): number {
    return this.byOrg.get(orgId)?.get(agentId)?.idleSince ?? 0;
  }

  /** The agent just got new work. */
  gotWork(orgId: string, agentId: string): void {
    const entry = this.byOrg.get(orgId)?.get(agentId);
    if (entry) entry.idleSince = this.deps.clock.now().getTime();
  }

  close(): void {
    this.closed = true;
    for (const entries of this.byOrg.values()) for (const entry of entries.values()) clearTimeout(entry.offlineTimer);
  }
}
