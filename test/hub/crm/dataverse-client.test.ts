// The Dataverse client against the demo's Dataverse stand-in (a real HTTP server): the OData queries and headers it
// sends, client-credentials tokens cached until shortly before they expire (time injected) and shared by concurrent
// callers, a refused token renewed once, and creating contacts and cases.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { CrmStandIn, SEED } from '../../support/stand-ins/index.js';
import { normaliseAni, phoneSpellings } from '../../../src/hub/crm/ani-normalisation.js';
import { DataverseClient, defaultScope, webApiUrl } from '../../../src/hub/crm/dataverse-client.js';
import { CrmError } from '../../../src/hub/crm/crm-error.js';
import { odataGuid, odataString } from '../../../src/hub/crm/odata.js';
import { CRM_CLIENT } from '../support/test-hub.js';

const clock = {
  time: new Date('2026-11-20T10:00:00.000Z'),
  now() {
    return new Date(this.time);
  },
};
const spellingsOf = (ani: string) => phoneSpellings(normaliseAni(ani, '1')!, '1');

describe('Dataverse client', () => {
  const crm = new CrmStandIn({ ...CRM_CLIENT, tokenTtlSeconds: 3600 });
  let client: DataverseClient;

  before(() => crm.start());
  after(() => crm.stop());
  beforeEach(() => {
    clock.time = new Date('2026-11-20T10:00:00.000Z');
    crm.delayMs = 0;
    crm.failWith = null;
    crm.ignorePrefer = false;
    client = new DataverseClient(
      { ...CRM_CLIENT, baseUrl: crm.url, tokenUrl: crm.tokenUrl, timeoutMs: 1500, cacheSeconds: 60 },
      clock,
    );
  });

  it('finds a contact whose phone is free text ("+1 (555) 123-4567"), with the OData headers and a bearer token', async () => {
    const before = crm.requests.length;
    const contact = await client.findContactByPhone(spellingsOf('+15551234567'));
    assert.equal(contact?.contactid, SEED.jane.contactid);
    assert.equal(contact?.fullname, 'Jane Doe');
    assert.equal(contact?.mobilephone, '+1 (555) 123-4567');
    const request = crm.requests[before];
    assert.equal(request.path, '/api/data/v9.2/contacts');
    assert.equal(request.query.$select, 'fullname,firstname,contactid,mobilephone,telephone1');
    assert.equal(request.query.$top, '1');
    assert.match(request.query.$filter, /^mobilephone eq '5551234567' or telephone1 eq '5551234567' or /);
    assert.match(request.query.$filter, /mobilephone eq '\+1 \(555\) 123-4567'/);
    assert.deepEqual(request.headers, {
      accept: 'application/json',
      'odata-version': '4.0',
      'odata-maxversion': '4.0',
      prefer: undefined,
    });
  });

  it('finds a contact by its business phone (telephone1)', async () => {
    const contact = await client.findContactByPhone(spellingsOf('+1 555 987 6543'));
    assert.equal(contact?.contactid, SEED.sam.contactid);
  });

  it('answers null for a number no contact has', async () => {
    assert.equal(await client.findContactByPhone(spellingsOf('+15550001234')), null);
  });

  it('reads the contact’s most recently created case, not an older one', async () => {
    const before = crm.requests.length;
    const incident = await client.latestCaseFor(SEED.jane.contactid);
    assert.deepEqual(
      { id: incident?.incidentid, number: incident?.ticketnumber, title: incident?.title, state: incident?.statecode },
      { id: SEED.janeCase.incidentid, number: 'CAS-01042', title: 'Parcel delayed in transit', state: 0 },
    );
    const request = crm.requests[before];
    assert.equal(request.path, '/api/data/v9.2/incidents');
    assert.deepEqual(
      { ...request.query },
      {
        $select: 'title,ticketnumber,incidentid,statecode',
        $filter: `_customerid_value eq ${SEED.jane.contactid}`,
        $orderby: 'createdon desc',
        $top: '1',
      },
    );
  });

  it('answers null for a contact without cases', async () => {
    assert.equal(await client.latestCaseFor(SEED.sam.contactid), null);
  });

  it('escapes quotes in OData strings and never writes a non-GUID into a filter', async () => {
    assert.equal(odataString("O'Brien's line"), "'O''Brien''s line'");
    assert.throws(() => odataGuid("x' or 1 eq 1"), /not a GUID/);
    await assert.rejects(client.latestCaseFor('00000000-0000-0000-0000-000000000000 or true'), /not a GUID/);
    // the stand-in parses '' back into one quote: the escaped literal reached it intact
    crm.contacts.push({
      contactid: '11111111-2222-4333-8444-555555555555',
      firstname: null,
      lastname: 'Quote',
      fullname: 'Quote',
      mobilephone: null,
      telephone1: "ext. 'front desk'",
      createdon: '2026-01-01T00:00:00Z',
    });
    const found = await client.findContactByPhone(["ext. 'front desk'"]);
    assert.equal(found?.contactid, '11111111-2222-4333-8444-555555555555');
    crm.contacts.pop();
  });

  it('reuses one token across calls until shortly before it expires, then fetches another', async () => {
    const start = crm.tokenRequests;
    await client.findContactByPhone(spellingsOf('+15551234567'));
    await client.latestCaseFor(SEED.jane.contactid);
    assert.equal(crm.tokenRequests - start, 1, 'one token for both requests');
    clock.time = new Date(clock.time.getTime() + 3539_000);
    await client.latestCaseFor(SEED.jane.contactid);
    assert.equal(crm.tokenRequests - start, 1, 'still valid 61 s before expiry');
    clock.time = new Date(clock.time.getTime() + 2_000);
    await client.latestCaseFor(SEED.jane.contactid);
    assert.equal(crm.tokenRequests - start, 2, 'renewed within a minute of expiry');
  });

  it('shares one token request among callers asking at the same time', async () => {
    const start = crm.tokenRequests;
    await Promise.all(Array.from({ length: 5 }, () => client.latestCaseFor(SEED.jane.contactid)));
    assert.equal(crm.tokenRequests - start, 1);
  });

  it('sends the client credentials and Dataverse’s default scope to the token endpoint', async () => {
    assert.equal(defaultScope('https://contoso.crm.dynamics.com/'), 'https://contoso.crm.dynamics.com/.default');
    assert.equal(webApiUrl('https://contoso.crm.dynamics.com/'), 'https://contoso.crm.dynamics.com/api/data/v9.2');
    assert.equal(
      webApiUrl('https://contoso.crm.dynamics.com/api/data/v9.1'),
      'https://contoso.crm.dynamics.com/api/data/v9.1',
    );
    const wrong = new DataverseClient(
      {
        ...CRM_CLIENT,
        clientSecret: 'wrong',
        baseUrl: crm.url,
        tokenUrl: crm.tokenUrl,
        timeoutMs: 1500,
        cacheSeconds: 0,
      },
      clock,
    );
    await assert.rejects(
      wrong.latestCaseFor(SEED.jane.contactid),
      (error: unknown) =>
        error instanceof CrmError && error.failure === 'auth' && /401 \(invalid_client\)/.test(error.message),
    );
  });

  it('renews a refused (revoked) token once and carries on', async () => {
    await client.latestCaseFor(SEED.jane.contactid);
    const tokens = crm.tokenRequests;
    crm.revokeTokens();
    const incident = await client.latestCaseFor(SEED.jane.contactid);
    assert.equal(incident?.ticketnumber, 'CAS-01042');
    assert.equal(crm.tokenRequests - tokens, 1);
  });

  it('gives up after one renewal when the CRM keeps refusing', async () => {
    await client.latestCaseFor(SEED.jane.contactid);
    const tokens = crm.tokenRequests;
    const requests = crm.requests.length;
    crm.failWith = 401;
    await assert.rejects(
      client.latestCaseFor(SEED.jane.contactid),
      (error: unknown) => error instanceof CrmError && error.failure === 'auth' && error.status === 401,
    );
    assert.equal(crm.tokenRequests - tokens, 1, 'one new token');
    assert.equal(crm.requests.length - requests, 2, 'the request and one retry');
  });

  it('reports a server error and a timeout as CRM errors', async () => {
    crm.failWith = 500;
    await assert.rejects(
      client.latestCaseFor(SEED.jane.contactid),
      (error: unknown) => error instanceof CrmError && error.failure === 'http' && error.status === 500,
    );
    crm.failWith = null;
    crm.delayMs = 400;
    await assert.rejects(
      client.latestCaseFor(SEED.jane.contactid, AbortSignal.timeout(100)),
      (error: unknown) => error instanceof CrmError && error.failure === 'timeout',
    );
  });

  it('creates a contact and a case for it (Prefer: return=representation)', async () => {
    const contact = await client.createContact({ firstname: 'Ann', lastname: 'Lee', mobilephone: '+15557778888' });
    assert.equal(contact.fullname, 'Ann Lee');
    const incident = await client.createIncident({
      title: 'Damaged box',
      description: 'Corner crushed',
      contactId: contact.contactid,
    });
    assert.match(incident.ticketnumber ?? '', /^CAS-\d{5}$/);
    assert.equal(incident.statecode, 0);
    const stored = crm.incidents.find((i) => i.incidentid === incident.incidentid)!;
    assert.equal(stored._customerid_value, contact.contactid);
    assert.equal(stored.description, 'Corner crushed');
    const post = crm.requests.filter((r) => r.method === 'POST').at(-1)!;
    assert.equal(post.headers.prefer, 'return=representation');
    assert.equal((await client.latestCaseFor(contact.contactid))?.incidentid, incident.incidentid);
  });

  it('reads the new record back from OData-EntityId when the CRM answers 204', async () => {
    crm.ignorePrefer = true;
    const incident = await client.createIncident({ title: 'Answered with 204', contactId: SEED.sam.contactid });
    assert.equal(incident.title, 'Answered with 204');
    assert.ok(crm.requests.at(-1)!.path.endsWith(`/incidents(${incident.incidentid})`));
  });
});
