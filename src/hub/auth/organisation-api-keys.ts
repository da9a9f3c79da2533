/**
 * Which organisation an API key belongs to. By default the key of its HTTP APIs (outbound messages, events):
 * `organisations[].apiKey`, or for an organisation without one its voice API key; the voice routes choose the
 * voice key alone. Compared in constant time, every key each time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { HubConfig, OrganisationConfig } from '../config/config-schema.js';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** The HTTP APIs' key of an organisation. */
const httpApiKey = (org: OrganisationConfig) => org.apiKey ?? org.voice?.apiKey;

export class OrganisationApiKeys {
  private readonly keys: Array<{ digest: Buffer; orgId: string }> = [];

  constructor(config: HubConfig, keyOf: (org: OrganisationConfig) => string | undefined = httpApiKey) {
    for (const org of config.organisations) {
      const key = keyOf(org);
      if (key) this.keys.push({ digest: digest(key), orgId: org.id });
    }
  }

  /** The organisation an API key belongs to, or null. */
  organisationForApiKey(apiKey: string | undefined): string | null {
    if (!apiKey) return null;
    const presented = digest(apiKey);
    let found: string | null = null;
    for (const key of this.keys) if (timingSafeEqual(presented, key.digest)) found = key.orgId;
    return found;
  }
}
