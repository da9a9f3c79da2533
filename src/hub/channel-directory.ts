/** Which organisation owns each of our channel addresses (numbers), from the configuration. */
import type { Channel } from '../protocol/payloads.js';
import type { HubConfig } from './config/config-schema.js';

export interface ChannelEntry {
  orgId: string;
  channel: Channel;
  address: string;
  provider: string;
  /** Whether customers' files are kept and agents may attach files. */
  customerAttachments: boolean;
  agentAttachments: boolean;
}

export class ChannelDirectory {
  private readonly entries = new Map<string, ChannelEntry>();

  constructor(config: HubConfig) {
    for (const org of config.organisations) {
      for (const ch of org.channels) {
        this.entries.set(`${ch.channel}:${ch.number}`, {
          orgId: org.id,
          channel: ch.channel,
          address: ch.number,
          provider: ch.provider,
          customerAttachments: ch.attachments.customers,
          agentAttachments: ch.attachments.agents,
        });
      }
    }
  }

  find(channel: Channel, address: string): ChannelEntry | undefined {
    return this.entries.get(`${channel}:${address}`);
  }

  /** An organisation's channels (of one type), in configuration order. */
  listFor(orgId: string, channel?: Channel): ChannelEntry[] {
    return [...this.entries.values()].filter((e) => e.orgId === orgId && (!channel || e.channel === channel));
  }
}
