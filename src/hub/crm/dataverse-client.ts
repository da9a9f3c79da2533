/**
 * The Dataverse Web API calls the voice features make: find a contact by phone, the contact's latest case,
 * create a contact and a case. Every request carries the OData headers and a client-credentials bearer token;
 * a 401 drops the token and tries once more with a fresh one (tokens can be revoked before they expire).
 */
import type { Clock } from '../clock.js';
import type { CrmConfig } from '../config/config-schema.js';
import { ClientCredentialsToken } from './client-credentials-token.js';
import { CrmError } from './crm-error.js';
import { isGuid, odataGuid, odataQuery, odataString } from './odata.js';

export interface DataverseContact {
  contactid: string;
  fullname: string | null;
  firstname: string | null;
  mobilephone: string | null;
  telephone1: string | null;
}

export interface DataverseIncident {
  incidentid: string;
  title: string | null;
  ticketnumber: string | null;
  /** 0 active, 1 resolved, 2 cancelled */
  statecode: number | null;
}

export const CONTACT_FIELDS = 'fullname,firstname,contactid,mobilephone,telephone1';
export const INCIDENT_FIELDS = 'title,ticketnumber,incidentid,statecode';

const ODATA_HEADERS = { accept: 'application/json', 'odata-maxversion': '4.0', 'odata-version': '4.0' };

/** The Web API root for a configured base URL: the organisation URL + /api/data/v9.2, unless it names a version already. */
export function webApiUrl(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return /\/api\/data\/v\d+(\.\d+)?$/.test(trimmed) ? trimmed : `${trimmed}/api/data/v9.2`;
}

/** Dataverse's default scope for an organisation: its origin + "/.default". */
export function defaultScope(baseUrl: string): string {
  return `${new URL(baseUrl).origin}/.default`;
}

export class DataverseClient {
  readonly token: ClientCredentialsToken;
  private readonly api: string;

  constructor(
    readonly config: CrmConfig,
    clock: Clock,
  ) {
    this.api = webApiUrl(config.baseUrl);
    this.token = new ClientCredentialsToken(
      {
        tokenUrl: config.tokenUrl,
        clientId: config.clientId,
        clientSecret: config.clientSecret,
        scope: config.scope ?? defaultScope(config.baseUrl),
        timeoutMs: config.timeoutMs,
      },
      clock,
    );
  }

  /** The first contact whose mobile or business phone is written exactly as one of `spellings`. */
  async findContactByPhone(spellings: string[], signal?: AbortSignal): Promise<DataverseContact | null> {
    if (spellings.length === 0) return null;
    const filter = spellings
      .flatMap((s) => [`mobilephone eq ${odataString(s)}`, `telephone1 eq ${odataString(s)}`])
      .join(' or ');
    const body = await this.request<{ value?: DataverseContact[] }>(
      'GET',
      `contacts${odataQuery({ $select: CONTACT_FIELDS, $filter: filter, $top: 1 })}`,
      { signal },
    );
    return this.first(body, 'contactid');
  }

  /** The contact's most recently created case (any state), or null. */
  async latestCaseFor(contactId: string, signal?: AbortSignal): Promise<DataverseIncident | null> {
    const query = odataQuery({
      $select: INCIDENT_FIELDS,
      $filter: `_customerid_value eq ${odataGuid(contactId)}`,
      $orderby: 'createdon desc',
      $top: 1,
    });
    const body = await this.request<{ value?: DataverseIncident[] }>('GET', `incidents${query}`, { signal });
    return this.first(body, 'incidentid');
  }

  async createContact(
    contact: { firstname?: string; lastname: string; mobilephone: string },
    signal?: AbortSignal,
  ): Promise<DataverseContact> {
    const created = await this.create<DataverseContact>('contacts', contact, CONTACT_FIELDS, 'contactid', signal);
    return created;
  }

  async createIncident(
    incident: { title: string; description?: string; contactId: string },
    signal?: AbortSignal,
  ): Promise<DataverseIncident> {
    const body = {
      title: incident.title,
      ...(incident.description ? { description: incident.description } : {}),
      // A case's customer is polymorphic (account or contact): bind it to the contact by its entity set and key.
      'customerid_contact@odata.bind': `/contacts(${odataGuid(incident.contactId)})`,
    };
    return this.create<DataverseIncident>('incidents', body, INCIDENT_FIELDS, 'incidentid', signal);
  }

  /**
   * POST with `Prefer: return=representation` (201 with the record). A server that answers 204 instead names the
   * new record in `OData-EntityId`; it is then read back.
   */
  private async create<T extends object>(
    entitySet: string,
    record: object,
    select: string,
    key: keyof T & string,
    signal?: AbortSignal,
  ): Promise<T> {
    const { body, headers } = await this.requestWithHeaders<T>(
      'POST',
      `${entitySet}${odataQuery({ $select: select })}`,
      { signal, body: record, prefer: 'return=representation' },
    );
    if (body && typeof body[key] === 'string') return body;
    const entityId = headers.get('odata-entityid') ?? '';
    const id = /\(([0-9a-fA-F-]{36})\)\s*$/.exec(entityId)?.[1];
    if (!id || !isGuid(id))
      throw new CrmError('bad_response', `creating ${entitySet}: no record and no OData-EntityId in the answer`);
    const read = await this.request<T>('GET', `${entitySet}(${odataGuid(id)})${odataQuery({ $select: select })}`, {
      signal,
    });
    if (!read || typeof read[key] !== 'string')
      throw new CrmError('bad_response', `reading the new ${entitySet} record back failed`);
    return read;
  }

  private first<T extends object>(body: { value?: T[] } | null, key: keyof T & string): T | null {
    if (!body || !Array.isArray(body.value))
      throw new CrmError('bad_response', 'the CRM answered without a "value" list');
    const row = body.value[0];
    if (row === undefined) return null;
    if (typeof row[key] !== 'string' || !isGuid(row[key]))
      throw new CrmError('bad_response', `a record without a valid ${key}`);
    return row;
  }

  private async request<T>(
    method: string,
    path: string,
    options: { signal?: AbortSignal | undefined; body?: object; prefer?: string },
  ): Promise<T | null> {
    return (await this.requestWithHeaders<T>(method, path, options)).body;
  }

  private async requestWithHeaders<T>(
    method: string,
    path: string,
    options: { signal?: AbortSignal | undefined; body?: object; prefer?: string },
  ): Promise<{ body: T | null; headers: Headers }> {
    for (let attempt = 1; ; attempt++) {
      const token = await this.token.get(options.signal);
      let response: Response;
      try {
        response = await fetch(`${this.api}/${path}`, {
          method,
          headers: {
            ...ODATA_HEADERS,
            authorization: `Bearer ${token}`,
            ...(options.body ? { 'content-type': 'application/json; charset=utf-8' } : {}),
            ...(options.prefer ? { prefer: options.prefer } : {}),
          },
          ...(options.body ? { body: JSON.stringify(options.body) } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        });
      } catch (error) {
        throw CrmError.fromFetch(error, `${method} ${path.split('?')[0]}`);
      }
      if (response.status === 401 && attempt === 1) {
        // revoked or expired early: one more try with a new token
        await response.body?.cancel();
        this.token.invalidate(token);
        continue;
      }
      const text = await response.text().catch((error: unknown) => {
        throw CrmError.fromFetch(error, `${method} ${path.split('?')[0]}`);
      });
      if (!response.ok) {
        throw new CrmError(
          response.status === 401 || response.status === 403 ? 'auth' : 'http',
          `${method} ${path.split('?')[0]}: the CRM answered ${response.status}${odataErrorCode(text)}`,
          response.status,
        );
      }
      if (!text) return { body: null, headers: response.headers };
      try {
        return { body: JSON.parse(text) as T, headers: response.headers };
      } catch {
        throw new CrmError(
          'bad_response',
          `${method} ${path.split('?')[0]}: the CRM answered something that is not JSON`,
        );
      }
    }
  }
}

/** Dataverse errors are `{"error":{"code":"0x…","message":…}}`: the code is safe to log, the message may quote data. */
function odataErrorCode(text: string): string {
  try {
    const code = (JSON.parse(text) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' ? ` (${code})` : '';
  } catch {
    return '';
  }
}
