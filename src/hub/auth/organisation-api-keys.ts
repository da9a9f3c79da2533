/**
 * Which organisation an API key of its HTTP APIs (outbound messages, events) belongs to: `organisations[].apiKey`,
 * or for an organisation without one its voice API key. Compared in constant time, every key each time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { HubConfig } from '../config/config-schema.js';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

export class OrganisationApiKeys {
  private readonly keys: Array<{ digest: Buffer; orgId: string }> = [];

  constructor(config: HubConfig) {
    for (const org of config.organisations) {
      const key = org.apiKey ?? org.voice?.apiKey;
      if (key) this.keys.push({ digest: digest(key), orgId: org.id });
    }
  }

  organisationForApiKey(apiKey: string | undefined): string | null {
    if (!apiKey) return null;
    const presented = digest(apiKey);
    let found: string | null = null;
    for (const key of this.keys) if (timingSafeEqual(presented, key.digest)) found = key.orgId;
    return found;
  }
}
