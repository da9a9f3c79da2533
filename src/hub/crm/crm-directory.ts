/**
 * Which CRM each organisation's voice features use: its own (`organisations[].voice.crm`) or the hub's
 * (`crm`). One client per CRM, so organisations sharing the hub's CRM share its cached token.
 */
import type { Clock } from '../clock.js';
import type { HubConfig } from '../config/config-schema.js';
import { DataverseClient } from './dataverse-client.js';

export class CrmDirectory {
  private readonly byOrg = new Map<string, DataverseClient>();

  constructor(config: HubConfig, clock: Clock) {
    const shared = config.crm ? new DataverseClient(config.crm, clock) : null;
    for (const org of config.organisations) {
      const client = org.voice?.crm ? new DataverseClient(org.voice.crm, clock) : shared;
      if (client) this.byOrg.set(org.id, client);
    }
  }

  /** The organisation's CRM client, or null when no CRM is configured for it. */
  clientFor(orgId: string): DataverseClient | null {
    return this.byOrg.get(orgId) ?? null;
  }
}
