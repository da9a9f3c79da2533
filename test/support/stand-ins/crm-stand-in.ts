/**
 * A local stand-in for a Dataverse CRM (a real HTTP server), for the demo and the tests: an OAuth 2 token
 * endpoint (client credentials, bearer tokens with expires_in) and the Web API's contacts and incidents, answering
 * exactly the OData queries the hub sends (phone `eq` filters compared as exact strings, as Dataverse does; the
 * latest case by createdon), creating contacts and incidents (`Prefer: return=representation`, or 204 with
 * OData-EntityId), 401 without a valid bearer token. Seeded with Jane Doe (+1 (555) 123-4567, case CAS-01042) and
 * Sam Carter (no case). Tests can slow it down, make it fail, and revoke its tokens.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface CrmStandInContact {
  contactid: string;
  firstname: string | null;
  lastname: string;
  fullname: string;
  mobilephone: string | null;
  telephone1: string | null;
  createdon: string;
}

export interface CrmStandInIncident {
  incidentid: string;
  title: string;
  description: string | null;
  ticketnumber: string;
  /** 0 active, 1 resolved, 2 cancelled */
  statecode: number;
  _customerid_value: string;
  createdon: string;
}

export interface CrmStandInOptions {
  clientId: string;
  clientSecret: string;
  port?: number;
  tokenTtlSeconds?: number;
  /** Start with the demo's contacts and cases (default true). */
  seed?: boolean;
}

export const CRM_API_PATH = '/api/data/v9.2';
export const CRM_TOKEN_PATH = '/demo-tenant/oauth2/v2.0/token';

/** The seeded records, by name, so tests and the demo can refer to them. */
export const SEED = {
  jane: { contactid: '3f2504e0-4f89-41d3-9a0c-0305e82c3301', phone: '+1 (555) 123-4567', ani: '+15551234567' },
  janeCase: {
    incidentid: '9a6c1e58-2b7d-4c1e-8f3a-5d2b7e9c1042',
    ticketnumber: 'CAS-01042',
    title: 'Parcel delayed in transit',
  },
  janeOldCase: {
    incidentid: '9a6c1e58-2b7d-4c1e-8f3a-5d2b7e9c0977',
    ticketnumber: 'CAS-00977',
    title: 'Wrong size delivered',
  },
  sam: { contactid: '7c9e6679-7425-40de-944b-e07fc1f90ae7', phone: '555-987-6543', ani: '+15559876543' },
} as const;

type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

const odataError = (status: number, code: string, message: string): Answer => ({
  status,
  body: { error: { code, message } },
});

export class CrmStandIn {
  readonly contacts: CrmStandInContact[] = [];
  readonly incidents: CrmStandInIncident[] = [];
  /** Every Web API request (method, path and decoded query), oldest first. */
  readonly requests: Array<{
    method: string;
    path: string;
    query: Record<string, string>;
    headers: Record<string, string | undefined>;
  }> = [];
  tokenRequests = 0;
  /** Delays every Web API answer (a slow CRM). */
  delayMs = 0;
  /** Answers every Web API request with this status (a failing CRM). */
  failWith: number | null = null;
  /** Answers creations with 204 and OData-EntityId even when the representation is asked for. */
  ignorePrefer = false;
  url = '';
  private readonly tokens = new Map<string, number>();
  private server: Server | undefined;
  private nextTicket = 1100;

  constructor(private readonly options: CrmStandInOptions) {
    if (options.seed !== false) this.seed();
  }

  get tokenUrl(): string {
    return this.url + CRM_TOKEN_PATH;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.respond(req, res));
    await new Promise<void>((resolve) => this.server!.listen(this.options.port ?? 0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return this.url;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Every token issued so far stops working (as when a secret is rotated): the next request gets 401. */
  revokeTokens(): void {
    this.tokens.clear();
  }

  dataRequests(entitySet?: string): CrmStandIn['requests'] {
    return this.requests.filter((r) => !entitySet || r.path.startsWith(`${CRM_API_PATH}/${entitySet}`));
  }

  private seed(): void {
    this.addContact(
      {
        contactid: SEED.jane.contactid,
        firstname: 'Jane',
        lastname: 'Doe',
        mobilephone: SEED.jane.phone,
        telephone1: null,
      },
      '2019-03-14T09:00:00Z',
    );
    this.addContact(
      {
        contactid: SEED.sam.contactid,
        firstname: 'Sam',
        lastname: 'Carter',
        mobilephone: null,
        telephone1: SEED.sam.phone,
      },
      '2024-06-01T12:00:00Z',
    );
    this.incidents.push(
      {
        ...SEED.janeOldCase,
        description: 'Ordered M, received XL.',
        statecode: 1,
        _customerid_value: SEED.jane.contactid,
        createdon: '2026-09-02T10:15:00Z',
      },
      {
        ...SEED.janeCase,
        description: 'Parcel SO-88213 has not moved for four days.',
        statecode: 0,
        _customerid_value: SEED.jane.contactid,
        createdon: '2026-11-18T08:30:00Z',
      },
    );
  }

  private addContact(
    fields: Omit<CrmStandInContact, 'fullname' | 'createdon'>,
    createdon = new Date().toISOString(),
  ): CrmStandInContact {
    const contact = { ...fields, fullname: [fields.firstname, fields.lastname].filter(Boolean).join(' '), createdon };
    this.contacts.push(contact);
    return contact;
  }

  private async respond(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let answer: Answer;
    try {
      answer = await this.handle(req);
    } catch {
      answer = odataError(500, '0x80040216', 'stand-in failure');
    }
    if (res.destroyed) return;
    const headers: Record<string, string> = { ...answer.headers };
    if (answer.body !== undefined && !headers['content-type'])
      headers['content-type'] = 'application/json; odata.metadata=minimal';
    res.writeHead(answer.status, headers);
    res.end(
      answer.body === undefined
        ? undefined
        : typeof answer.body === 'string'
          ? answer.body
          : JSON.stringify(answer.body),
    );
  }

  private async handle(req: IncomingMessage): Promise<Answer> {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const body = await readBody(req);
    if (req.method === 'POST' && url.pathname.endsWith('/oauth2/v2.0/token'))
      return this.issueToken(new URLSearchParams(body));
    if (req.method === 'GET' && url.pathname === '/main.aspx') return this.recordPage(url.searchParams);
    if (!url.pathname.startsWith(CRM_API_PATH + '/'))
      return odataError(404, '0x80060888', `Resource not found for the segment '${url.pathname}'.`);

    const query = Object.fromEntries(url.searchParams);
    const header = (name: string) => [req.headers[name]].flat()[0];
    this.requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query,
      headers: {
        accept: header('accept'),
        'odata-version': header('odata-version'),
        'odata-maxversion': header('odata-maxversion'),
        prefer: header('prefer'),
      },
    });
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const expiresAt = token ? this.tokens.get(token) : undefined;
    if (!expiresAt || expiresAt < Date.now() || this.failWith === 401) {
      return {
        ...odataError(401, '0x80072560', 'The user is not authenticated.'),
        headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
      };
    }
    if (this.failWith) return odataError(this.failWith, '0x80040216', 'An unexpected error occurred.');

    const segment = url.pathname.slice(CRM_API_PATH.length + 1);
    const byId = /^(contacts|incidents)\(([0-9a-f-]{36})\)$/i.exec(segment);
    if (req.method === 'GET' && byId)
      return this.readOne(byId[1] as 'contacts' | 'incidents', byId[2].toLowerCase(), query);
    if (req.method === 'GET' && segment === 'contacts') return this.queryContacts(query);
    if (req.method === 'GET' && segment === 'incidents') return this.queryIncidents(query);
    if (req.method === 'POST' && (segment === 'contacts' || segment === 'incidents')) {
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(body) as Record<string, unknown>;
      } catch {
        return odataError(400, '0x80060891', 'The request body is not valid JSON.');
      }
      const wantsRecord = /return=representation/.test(header('prefer') ?? '') && !this.ignorePrefer;
      return segment === 'contacts'
        ? this.createContact(record, query, wantsRecord)
        : this.createIncident(record, query, wantsRecord);
    }
    return odataError(405, '0x80060888', `${req.method} is not supported on '${segment}'.`);
  }

  private issueToken(form: URLSearchParams): Answer {
    this.tokenRequests++;
    if (form.get('grant_type') !== 'client_credentials')
      return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'client_credentials only' } };
    if (form.get('client_id') !== this.options.clientId || form.get('client_secret') !== this.options.clientSecret) {
      return { status: 401, body: { error: 'invalid_client', error_description: 'Invalid client secret provided.' } };
    }
    const ttl = this.options.tokenTtlSeconds ?? 3599;
    const accessToken = 'eyStandIn.' + randomBytes(24).toString('base64url');
    this.tokens.set(accessToken, Date.now() + ttl * 1000);
    return {
      status: 200,
      body: { token_type: 'Bearer', expires_in: ttl, ext_expires_in: ttl, access_token: accessToken },
    };
  }

  /** `$filter=mobilephone eq '…' or telephone1 eq '…' …`: exact string comparisons, as Dataverse does. */
  private queryContacts(query: Record<string, string>): Answer {
    const clauses = (query.$filter ?? '').split(/ or (?=(?:mobilephone|telephone1) eq )/);
    const wanted: Array<{ field: 'mobilephone' | 'telephone1'; value: string }> = [];
    for (const clause of clauses) {
      const match = /^(mobilephone|telephone1) eq '((?:[^']|'')*)'$/.exec(clause.trim());
      if (!match)
        return odataError(
          400,
          '0x80060888',
          `The stand-in supports only "mobilephone eq '…' or telephone1 eq '…'" filters, not: ${clause}`,
        );
      wanted.push({ field: match[1] as 'mobilephone' | 'telephone1', value: match[2].replace(/''/g, "'") });
    }
    const found = this.contacts.filter((c) =>
      wanted.some((w) => c[w.field] !== null && c[w.field]!.toLowerCase() === w.value.toLowerCase()),
    );
    return this.list('contacts', found, query);
  }

  /** `$filter=_customerid_value eq <guid>&$orderby=createdon desc`. */
  private queryIncidents(query: Record<string, string>): Answer {
    const match = /^_customerid_value eq ([0-9a-f-]{36})$/i.exec(query.$filter ?? '');
    if (!match)
      return odataError(
        400,
        '0x80060888',
        `The stand-in supports only "_customerid_value eq <guid>" filters, not: ${query.$filter}`,
      );
    if (query.$orderby && query.$orderby !== 'createdon desc')
      return odataError(400, '0x80060888', 'The stand-in orders by "createdon desc" only.');
    const found = this.incidents
      .filter((i) => i._customerid_value === match[1].toLowerCase())
      .sort((a, b) => b.createdon.localeCompare(a.createdon));
    return this.list('incidents', found, query);
  }

  private list(entitySet: string, records: object[], query: Record<string, string>): Answer {
    const top = query.$top ? Number(query.$top) : records.length;
    return {
      status: 200,
      body: {
        '@odata.context': `${this.url}${CRM_API_PATH}/$metadata#${entitySet}(${query.$select ?? ''})`,
        value: records.slice(0, top).map((r) => selectFields(r, query.$select)),
      },
    };
  }

  private readOne(entitySet: 'contacts' | 'incidents', id: string, query: Record<string, string>): Answer {
    const record =
      entitySet === 'contacts'
        ? this.contacts.find((c) => c.contactid === id)
        : this.incidents.find((i) => i.incidentid === id);
    if (!record) return odataError(404, '0x80040217', `${entitySet} With Id = ${id} Does Not Exist`);
    return {
      status: 200,
      body: {
        '@odata.context': `${this.url}${CRM_API_PATH}/$metadata#${entitySet}/$entity`,
        ...selectFields(record, query.$select),
      },
    };
  }

  private createContact(record: Record<string, unknown>, query: Record<string, string>, wantsRecord: boolean): Answer {
    const text = (key: string) => (typeof record[key] === 'string' && record[key].trim() ? record[key].trim() : null);
    const lastname = text('lastname');
    if (!lastname) return odataError(400, '0x80040203', 'lastname: a value is required.');
    const contact = this.addContact({
      contactid: randomUUID(),
      firstname: text('firstname'),
      lastname,
      mobilephone: text('mobilephone'),
      telephone1: text('telephone1'),
    });
    return this.created('contacts', contact.contactid, contact, query, wantsRecord);
  }

  private createIncident(record: Record<string, unknown>, query: Record<string, string>, wantsRecord: boolean): Answer {
    const title = typeof record.title === 'string' ? record.title.trim() : '';
    if (!title) return odataError(400, '0x80040203', 'title: a value is required.');
    const bind = /^\/contacts\(([0-9a-f-]{36})\)$/i.exec(
      typeof record['customerid_contact@odata.bind'] === 'string' ? record['customerid_contact@odata.bind'] : '',
    );
    const contact = bind ? this.contacts.find((c) => c.contactid === bind[1].toLowerCase()) : undefined;
    if (!contact)
      return odataError(
        400,
        '0x80040203',
        'customerid_contact@odata.bind must name an existing contact as /contacts(<id>).',
      );
    const incident: CrmStandInIncident = {
      incidentid: randomUUID(),
      title,
      description: typeof record.description === 'string' ? record.description : null,
      ticketnumber: `CAS-${String(this.nextTicket++).padStart(5, '0')}`,
      statecode: 0,
      _customerid_value: contact.contactid,
      createdon: new Date().toISOString(),
    };
    this.incidents.push(incident);
    return this.created('incidents', incident.incidentid, incident, query, wantsRecord);
  }

  private created(
    entitySet: string,
    id: string,
    record: object,
    query: Record<string, string>,
    wantsRecord: boolean,
  ): Answer {
    const entityId = `${this.url}${CRM_API_PATH}/${entitySet}(${id})`;
    if (!wantsRecord) return { status: 204, headers: { 'odata-entityid': entityId } };
    return {
      status: 201,
      headers: { 'odata-entityid': entityId },
      body: {
        '@odata.context': `${this.url}${CRM_API_PATH}/$metadata#${entitySet}/$entity`,
        ...selectFields(record, query.$select),
      },
    };
  }

  /** What "open the record" shows: a bare page with the record's fields. */
  private recordPage(params: URLSearchParams): Answer {
    const id = params.get('id') ?? '';
    const record =
      params.get('etn') === 'contact'
        ? this.contacts.find((c) => c.contactid === id)
        : this.incidents.find((i) => i.incidentid === id);
    if (!record)
      return {
        status: 404,
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: '<!doctype html><title>Not found</title><p>No such record.</p>',
      };
    const rows = Object.entries(record)
      .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(String(v ?? ''))}</td></tr>`)
      .join('');
    const title = 'title' in record ? record.title : record.fullname;
    return {
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: `<!doctype html><meta charset="utf-8"><title>${escapeHtml(title)}</title><h1>${escapeHtml(title)}</h1><table>${rows}</table>`,
    };
  }
}

function selectFields(record: object, select: string | undefined): Record<string, unknown> {
  const all = record as Record<string, unknown>;
  if (!select) return { ...all };
  return Object.fromEntries(
    select
      .split(',')
      .map((f) => f.trim())
      .filter((f) => f in all)
      .map((f) => [f, all[f]]),
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
