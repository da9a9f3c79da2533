/**
 * The data dip: caller number → CRM contact → that contact's latest case. It never throws and never makes the
 * caller wait long: one deadline (crm.timeoutMs) covers the token and both queries, and a timeout, an error or a
 * missing CRM all give an unknown caller (`unavailable`), logged. Results are remembered briefly per number, so
 * the platform's arrival event and the IVR's look-up cost one CRM round trip.
 */
import type { CallCustomer, CustomerLookupStatus } from '../../protocol/calls.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { normaliseAni, phoneSpellings, type NormalisedAni } from './ani-normalisation.js';
import type { CrmDirectory } from './crm-directory.js';
import { CrmError } from './crm-error.js';
import { toCallCustomer, toCustomerCase } from './customer-records.js';

export interface LookupOutcome {
  status: Exclude<CustomerLookupStatus, 'pending'>;
  customer: CallCustomer | null;
  /** The caller's number, normalised (null when unusable: `no_number`). */
  number: NormalisedAni | null;
}

export interface CustomerLookupDeps {
  crm: CrmDirectory;
  clock: Clock;
  log: Logger;
}

interface CacheEntry {
  outcome: LookupOutcome;
  expiresAt: number;
}

export class CustomerLookup {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(private readonly deps: CustomerLookupDeps) {}

  /** Looks the caller up; `fresh` skips the remembered result (an agent asking again). */
  async lookup(
    orgId: string,
    ani: string,
    countryCode: string,
    options: { fresh?: boolean } = {},
  ): Promise<LookupOutcome> {
    const number = normaliseAni(ani, countryCode);
    if (!number) return { status: 'no_number', customer: null, number: null };
    const client = this.deps.crm.clientFor(orgId);
    if (!client) return { status: 'unavailable', customer: null, number };
    const key = `${orgId}:${number.digits}`;
    const now = this.deps.clock.now().getTime();
    const remembered = this.cache.get(key);
    if (!options.fresh && remembered && remembered.expiresAt > now) return remembered.outcome;

    const started = Date.now();
    const signal = AbortSignal.timeout(client.config.timeoutMs);
    try {
      const contact = await client.findContactByPhone(phoneSpellings(number, countryCode), signal);
      let outcome: LookupOutcome;
      if (!contact) {
        outcome = { status: 'not_found', customer: null, number };
      } else {
        const incident = await client.latestCaseFor(contact.contactid, signal);
        const latestCase = incident ? toCustomerCase(incident, client.config.appUrl) : null;
        outcome = { status: 'found', customer: toCallCustomer(contact, latestCase, client.config.appUrl), number };
      }
      this.deps.log.debug({ org: orgId, status: outcome.status, ms: Date.now() - started }, 'CRM data dip');
      if (client.config.cacheSeconds > 0)
        this.cache.set(key, { outcome, expiresAt: now + client.config.cacheSeconds * 1000 });
      return outcome;
    } catch (error) {
      const failure = error instanceof CrmError ? error : CrmError.fromFetch(error, 'data dip');
      // The caller's number is personal data: the log says what failed, not who called.
      this.deps.log.warn(
        {
          org: orgId,
          failure: failure.failure,
          status: failure.status,
          ms: Date.now() - started,
          err: failure.message,
        },
        'CRM data dip failed; treating the caller as unknown',
      );
      return { status: 'unavailable', customer: null, number };
    }
  }

  /** Forgets what is remembered about a number (a contact or case was just created for it). */
  forget(orgId: string, number: NormalisedAni | null): void {
    if (number) this.cache.delete(`${orgId}:${number.digits}`);
  }
}
