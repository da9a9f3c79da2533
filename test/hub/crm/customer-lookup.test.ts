// The data dip against the Dataverse stand-in: found with the latest case, a contact without cases, an unknown
// number, and every way the CRM can fail (slow, 500, token endpoint down, not configured) ending fast as an
// unknown caller, never as an error. Results are remembered briefly; `fresh` asks again.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { CrmStandIn, SEED } from '../../support/stand-ins/index.js';
import { CrmDirectory } from '../../../src/hub/crm/crm-directory.js';
import { CustomerLookup } from '../../../src/hub/crm/customer-lookup.js';
import { greetingFor } from '../../../src/hub/calls/ivr-greeting.js';
import { greetingsSchema } from '../../../src/hub/config/config-schema.js';
import { createLogger } from '../../../src/hub/logger.js';
import { CRM_CLIENT, testConfig } from '../support/test-hub.js';

const clock = {
  time: new Date('2026-11-20T10:00:00.000Z'),
  now() {
    return new Date(this.time);
  },
};
/** The data dip's time limit where a test is about it giving up; elsewhere a loaded machine gets all the time it needs. */
const TIMEOUT_MS = 300;
const PATIENT_MS = 10_000;
const greetings = greetingsSchema.parse({});

describe('CRM data dip', () => {
  const crm = new CrmStandIn(CRM_CLIENT);
  let lookup: CustomerLookup;

  const lookupWith = (crmConfig: Record<string, unknown> | undefined) =>
    new CustomerLookup({
      crm: new CrmDirectory(testConfig({ crm: crmConfig as never }), clock),
      clock,
      log: createLogger('silent'),
    });

  before(() => crm.start());
  after(() => crm.stop());
  beforeEach(() => {
    crm.delayMs = 0;
    crm.failWith = null;
    lookup = lookupWith({
      ...CRM_CLIENT,
      baseUrl: crm.url,
      tokenUrl: crm.tokenUrl,
      timeoutMs: PATIENT_MS,
      appUrl: `${crm.url}/main.aspx`,
    });
  });

  it('finds Jane Doe and her latest case, with links to both records', async () => {
    const outcome = await lookup.lookup('contoso', '+15551234567', '1');
    assert.equal(outcome.status, 'found');
    assert.deepEqual(outcome.number, { digits: '5551234567', international: false, e164: '+15551234567' });
    assert.deepEqual(outcome.customer, {
      contactId: SEED.jane.contactid,
      fullName: 'Jane Doe',
      firstName: 'Jane',
      phone: '+1 (555) 123-4567',
      recordUrl: `${crm.url}/main.aspx?pagetype=entityrecord&etn=contact&id=${SEED.jane.contactid}`,
      latestCase: {
        incidentId: SEED.janeCase.incidentid,
        title: 'Parcel delayed in transit',
        ticketNumber: 'CAS-01042',
        status: 'active',
        recordUrl: `${crm.url}/main.aspx?pagetype=entityrecord&etn=incident&id=${SEED.janeCase.incidentid}`,
      },
    });
    assert.equal(
      greetingFor(outcome, greetings, 'Contoso Retail'),
      'Hello Jane, thank you for calling Contoso Retail. Your latest case is CAS-01042: Parcel delayed in transit.',
    );
  });

  it('finds a contact without cases: a personal greeting with the no-case message', async () => {
    const outcome = await lookup.lookup('contoso', '(555) 987-6543', '1');
    assert.equal(outcome.status, 'found');
    assert.equal(outcome.customer?.fullName, 'Sam Carter');
    assert.equal(outcome.customer?.latestCase, null);
    assert.equal(
      greetingFor(outcome, greetings, 'Contoso Retail'),
      'Hello Sam, thank you for calling Contoso Retail. We found no case for you.',
    );
  });

  it('answers not_found for a number nobody has, and no_number for a withheld one', async () => {
    const notFound = await lookup.lookup('contoso', '+15550009999', '1');
    assert.deepEqual({ status: notFound.status, customer: notFound.customer }, { status: 'not_found', customer: null });
    assert.equal(
      greetingFor(notFound, greetings, 'Contoso Retail'),
      'Thank you for calling Contoso Retail. We found no case for your number.',
    );
    const requests = crm.requests.length;
    const withheld = await lookup.lookup('contoso', 'anonymous', '1');
    assert.equal(withheld.status, 'no_number');
    assert.equal(crm.requests.length, requests, 'the CRM is not asked');
  });

  it('gives a slow CRM up after the timeout: an unknown caller, without waiting for its answer', async () => {
    crm.delayMs = 3000;
    const impatient = lookupWith({ ...CRM_CLIENT, baseUrl: crm.url, tokenUrl: crm.tokenUrl, timeoutMs: TIMEOUT_MS });
    const outcome = await impatient.lookup('contoso', '+15551234567', '1');
    // had it waited for the CRM's answer, Jane Doe would have been found
    assert.deepEqual({ status: outcome.status, customer: outcome.customer }, { status: 'unavailable', customer: null });
    assert.equal(
      greetingFor(outcome, greetings, 'Contoso Retail'),
      'Thank you for calling Contoso Retail. We found no case for your number.',
    );
  });

  it('treats a failing CRM (500) as an unknown caller', async () => {
    crm.failWith = 500;
    const outcome = await lookup.lookup('contoso', '+15551234567', '1');
    assert.equal(outcome.status, 'unavailable');
    assert.equal(outcome.number?.e164, '+15551234567');
  });

  it('treats an unreachable token endpoint, a refused secret or no CRM at all as an unknown caller', async () => {
    const unreachable = lookupWith({
      ...CRM_CLIENT,
      baseUrl: crm.url,
      tokenUrl: 'http://127.0.0.1:9/token',
      timeoutMs: TIMEOUT_MS,
    });
    assert.equal((await unreachable.lookup('contoso', '+15551234567', '1')).status, 'unavailable');
    const refused = lookupWith({
      ...CRM_CLIENT,
      clientSecret: 'wrong',
      baseUrl: crm.url,
      tokenUrl: crm.tokenUrl,
      timeoutMs: TIMEOUT_MS,
    });
    assert.equal((await refused.lookup('contoso', '+15551234567', '1')).status, 'unavailable');
    const none = lookupWith(undefined);
    assert.equal((await none.lookup('contoso', '+15551234567', '1')).status, 'unavailable');
  });

  it('remembers a result briefly (one CRM round trip for the arrival and the IVR’s look-up); fresh asks again', async () => {
    await lookup.lookup('contoso', '+15551234567', '1');
    const requests = crm.requests.length;
    assert.equal((await lookup.lookup('contoso', '+1 555 123 4567', '1')).status, 'found');
    assert.equal(crm.requests.length, requests, 'remembered');
    assert.equal((await lookup.lookup('fabrikam', '+15551234567', '1')).status, 'found');
    assert.equal(crm.requests.length, requests + 2, 'per organisation');
    await lookup.lookup('contoso', '+15551234567', '1', { fresh: true });
    assert.equal(crm.requests.length, requests + 4, 'fresh');
    clock.time = new Date(clock.time.getTime() + 61_000);
    await lookup.lookup('contoso', '+15551234567', '1');
    assert.equal(crm.requests.length, requests + 6, 'forgotten after cacheSeconds');
  });

  it('does not remember a failure', async () => {
    crm.failWith = 500;
    assert.equal((await lookup.lookup('contoso', '+15559876543', '1')).status, 'unavailable');
    crm.failWith = null;
    assert.equal((await lookup.lookup('contoso', '+15559876543', '1')).status, 'found');
  });
});
