/**
 * Each organisation's routing settings from the configuration: mode and timings, queues, workstreams, and every
 * configured agent's capacity and queues. Agents the configuration does not list (tokens from the integrator's
 * own identity service) get the organisation's capacity and all its queues.
 */
import type { Channel } from '../../protocol/payloads.js';
import type { AgentCapacity, AgentLoad, RoutingQueue } from '../../protocol/routing.js';
import type { HubConfig, RoutingConfig } from '../config/config-schema.js';

interface RoutingAgent {
  displayName: string;
  capacity: AgentCapacity;
  queueIds: string[];
}

export interface OrganisationRouting extends RoutingConfig {
  orgId: string;
  agents: Map<string, RoutingAgent>;
}

export class RoutingDirectory {
  private readonly byOrg = new Map<string, OrganisationRouting>();

  constructor(config: HubConfig) {
    for (const org of config.organisations) {
      const queueIds = org.routing.queues.map((q) => q.id);
      const agents = new Map<string, RoutingAgent>(
        org.agents.map((a) => [
          a.id,
          {
            displayName: a.displayName,
            capacity: { ...org.routing.capacity, ...stripUndefined(a.capacity ?? {}) },
            queueIds: a.queues ?? queueIds,
          },
        ]),
      );
      this.byOrg.set(org.id, { ...org.routing, orgId: org.id, agents });
    }
  }

  organisations(): string[] {
    return [...this.byOrg.keys()];
  }

  get(orgId: string): OrganisationRouting {
    const routing = this.byOrg.get(orgId);
    if (!routing) throw new Error(`organisation ${orgId} is not configured`);
    return routing;
  }

  queues(orgId: string): RoutingQueue[] {
    return this.get(orgId).queues;
  }

  capacity(orgId: string, agentId: string): AgentCapacity {
    const routing = this.get(orgId);
    return routing.agents.get(agentId)?.capacity ?? routing.capacity;
  }

  queueIdsOf(orgId: string, agentId: string): string[] {
    const routing = this.get(orgId);
    return routing.agents.get(agentId)?.queueIds ?? routing.queues.map((q) => q.id);
  }

  /** Configured agents of the organisation (the supervisor's overview lists them even when offline). */
  configuredAgents(orgId: string): Array<[string, string]> {
    return [...this.get(orgId).agents].map(([id, a]) => [id, a.displayName]);
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export const MESSAGING_CHANNELS: Channel[] = ['sms', 'whatsapp', 'gbm'];

/** The load record of an agent from their conversations by channel (and whether they are on a call). */
export function agentLoad(byChannel: Map<Channel, number> | undefined, calls: number): AgentLoad {
  const load: AgentLoad = { messaging: 0, voice: calls, sms: 0, whatsapp: 0, gbm: 0 };
  for (const channel of MESSAGING_CHANNELS) {
    const n = byChannel?.get(channel) ?? 0;
    load[channel] = n;
    load.messaging += n;
  }
  return load;
}

/** Room left for one more conversation on `channel`: the messaging limit, and the channel's own when it has one. */
export function freeFor(capacity: AgentCapacity, load: AgentLoad, channel: Channel): number {
  const own = capacity[channel];
  const channelRoom = own === undefined ? Number.POSITIVE_INFINITY : own - load[channel];
  return Math.max(0, Math.min(capacity.messaging - load.messaging, channelRoom));
}
