/**
 * Each organisation's voice configuration: which organisation an API key belongs to (compared in constant
 * time), its queues, dispositions, timings and greetings, and what the widget is told (VoiceSettings).
 */
import {
  DEFAULT_CALL_DISPOSITIONS,
  type CallDisposition,
  type CallQueue,
  type VoiceSettings,
} from '../../protocol/calls.js';
import { OrganisationApiKeys } from '../auth/organisation-api-keys.js';
import type { HubConfig, VoiceConfig } from '../config/config-schema.js';

export interface OrganisationVoice extends VoiceConfig {
  orgId: string;
  organisationName: string;
  dispositionList: CallDisposition[];
  agentNames: Map<string, string>;
}

export class VoiceDirectory {
  private readonly byOrg = new Map<string, OrganisationVoice>();
  /** The platform's key for the call API and the data dip: the voice key alone. */
  private readonly apiKeys: OrganisationApiKeys;

  constructor(config: HubConfig) {
    for (const org of config.organisations) {
      if (!org.voice) continue;
      this.byOrg.set(org.id, {
        ...org.voice,
        orgId: org.id,
        organisationName: org.name,
        dispositionList: org.voice.dispositions ?? [...DEFAULT_CALL_DISPOSITIONS],
        agentNames: new Map(org.agents.map((a) => [a.id, a.displayName])),
      });
    }
    this.apiKeys = new OrganisationApiKeys(config, (org) => org.voice?.apiKey);
  }

  /** The organisation an API key belongs to, or null. Every key is compared, in constant time. */
  organisationForApiKey(apiKey: string | undefined): string | null {
    return this.apiKeys.organisationForApiKey(apiKey);
  }

  get(orgId: string): OrganisationVoice | undefined {
    return this.byOrg.get(orgId);
  }

  queue(orgId: string, queueId: string): CallQueue | undefined {
    return this.byOrg.get(orgId)?.queues.find((q) => q.id === queueId);
  }

  displayName(orgId: string, agentId: string): string {
    return this.byOrg.get(orgId)?.agentNames.get(agentId) ?? agentId;
  }

  settingsFor(orgId: string): VoiceSettings {
    const voice = this.byOrg.get(orgId);
    if (!voice) return { enabled: false, queues: [], dispositions: [], wrapUpSeconds: 0, ringTimeoutSeconds: 0 };
    return {
      enabled: true,
      queues: voice.queues,
      dispositions: voice.dispositionList,
      wrapUpSeconds: voice.wrapUpSeconds,
      ringTimeoutSeconds: voice.ringTimeoutSeconds,
    };
  }
}
