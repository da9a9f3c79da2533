/**
 * What the IVR says to a caller after the data dip: the personal greeting with the latest case, the personal
 * greeting without one, or the unknown-caller message; from the organisation's templates (voice.greetings).
 * Also the flat result the IVR maps to flow variables.
 */
import type { IvrLookupResult } from '../../protocol/calls.js';
import { fillTemplate } from '../../protocol/templates.js';
import type { VoiceConfig } from '../config/config-schema.js';
import type { LookupOutcome } from '../crm/customer-lookup.js';

export function greetingFor(
  outcome: LookupOutcome,
  greetings: VoiceConfig['greetings'],
  organisationName: string,
): string {
  const customer = outcome.customer;
  const latestCase = customer?.latestCase ?? null;
  const template = !customer ? greetings.unknownCaller : latestCase ? greetings.withCase : greetings.noCase;
  const values = {
    OrganisationName: organisationName,
    FullName: customer?.fullName ?? '',
    FirstName: customer?.firstName ?? '',
    CaseNumber: latestCase?.ticketNumber ?? '',
    CaseTitle: latestCase?.title ?? '',
  };
  // A placeholder without a value (a contact without a first name) is left out rather than read out as "{{FirstName}}":
  // "Hello {{FirstName}}, thank you" becomes "Hello, thank you".
  return fillTemplate(template, values)
    .text.replace(/\{\{[^}]*\}\}/g, '')
    .replace(/\s+([,.:;!?])/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

export function ivrLookupResult(outcome: LookupOutcome, greeting: string): IvrLookupResult {
  const customer = outcome.customer;
  const latestCase = customer?.latestCase ?? null;
  return {
    found: customer !== null,
    hasCase: latestCase !== null,
    lookupStatus: outcome.status,
    callerNumber: outcome.number?.e164 ?? '',
    contactId: customer?.contactId ?? '',
    fullName: customer?.fullName ?? '',
    firstName: customer?.firstName ?? '',
    caseId: latestCase?.incidentId ?? '',
    caseTitle: latestCase?.title ?? '',
    caseNumber: latestCase?.ticketNumber ?? '',
    greeting,
  };
}
