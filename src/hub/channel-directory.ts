/** Which organisation owns each of our channel addresses (numbers), from the configuration. */
import type { Channel, ConversationSummary } from '../protocol/payloads.js';
import type { HubConfig } from './config/config-schema.js';
import { toConversationSummary, type ConversationRow } from './store/rows.js';

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

  /** A conversation as agents see it: its row with its channel's settings. */
  summaryOf(row: ConversationRow): ConversationSummary {
    return toConversationSummary(row, this.find(row.channel, row.channel_address)?.agentAttachments ?? false);
  }

  /** An organisation's channels (of one type), in configuration order. */
  listFor(orgId: string, channel?: Channel): ChannelEntry[] {
    return [...this.entries.values()].filter((e) => e.orgId === orgId && (!channel || e.channel === channel));
  }
}
