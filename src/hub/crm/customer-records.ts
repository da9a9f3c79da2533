/** Dataverse records as the call payload shows them (CallCustomer, CustomerCase), with links into the CRM's UI. */
import type { CallCustomer, CustomerCase } from '../../protocol/calls.js';
import type { DataverseContact, DataverseIncident } from './dataverse-client.js';

const CASE_STATUS: Record<number, CustomerCase['status']> = { 0: 'active', 1: 'resolved', 2: 'cancelled' };

/** `appUrl` with pagetype=entityrecord&etn=…&id=… (how Dynamics 365 links to one record), or null without an app URL. */
export function recordUrl(appUrl: string | undefined, entity: 'contact' | 'incident', id: string): string | null {
  if (!appUrl) return null;
  const url = new URL(appUrl);
  url.searchParams.set('pagetype', 'entityrecord');
  url.searchParams.set('etn', entity);
  url.searchParams.set('id', id);
  return url.toString();
}

export function toCustomerCase(incident: DataverseIncident, appUrl: string | undefined): CustomerCase {
  return {
    incidentId: incident.incidentid,
    title: incident.title ?? '',
    ticketNumber: incident.ticketnumber ?? '',
    status: CASE_STATUS[incident.statecode ?? 0] ?? 'active',
    recordUrl: recordUrl(appUrl, 'incident', incident.incidentid),
  };
}

export function toCallCustomer(
  contact: DataverseContact,
  latestCase: CustomerCase | null,
  appUrl: string | undefined,
): CallCustomer {
  return {
    contactId: contact.contactid,
    fullName: contact.fullname?.trim() || contact.firstname?.trim() || 'Unnamed contact',
    firstName: firstNameOf(contact),
    phone: contact.mobilephone ?? contact.telephone1 ?? null,
    latestCase,
    recordUrl: recordUrl(appUrl, 'contact', contact.contactid),
  };
}

/** What the greeting calls the caller: the contact's first name; none without one (never a guess from the full name). */
export function firstNameOf(contact: Pick<DataverseContact, 'firstname'>): string {
  return contact.firstname?.trim() ?? '';
}
