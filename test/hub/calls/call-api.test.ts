// The contact-centre platform's HTTP API against the real hub and the Dataverse stand-in: the IVR look-up and the
// call events, their API key, validation, retries, refusals, and organisations kept apart. No secret reaches the log.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Writable } from 'node:stream';
import { SEED } from '../../support/stand-ins/index.js';
import { createLogger } from '../../../src/hub/logger.js';
import type { CallEventResult, IvrLookupResult } from '../../../src/protocol/calls.js';
import { CONTOSO_VOICE_KEY, CRM_CLIENT, FABRIKAM_VOICE_KEY, startTestHub, type TestHub } from '../support/test-hub.js';

let log = '';
const logSink = new Writable({
  write(chunk, _encoding, done) {
    log += String(chunk);
    done();
  },
});

interface Answer<T> {
  status: number;
  body: T & { error?: string; message?: string; field?: string };
  headers: Headers;
}

describe('call API for the contact-centre platform', () => {
  let t: TestHub;
  before(async () => {
    t = await startTestHub({ hub: { logger: createLogger('debug', logSink) } });
  });
  after(() => t.close());

  async function request<T>(
    method: 'GET' | 'POST',
    path: string,
    options: { key?: string | null; header?: 'bearer' | 'x-api-key'; body?: unknown } = {},
  ): Promise<Answer<T>> {
    const key = options.key === undefined ? CONTOSO_VOICE_KEY : options.key;
    const headers: Record<string, string> = {};
    if (key)
      headers[options.header === 'x-api-key' ? 'x-api-key' : 'authorization'] =
        options.header === 'x-api-key' ? key : `Bearer ${key}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(t.url + path, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as Answer<T>['body'], headers: response.headers };
  }
  const event = (body: Record<string, unknown>, key?: string | null) =>
    request<CallEventResult>('POST', '/api/calls/events', { body, ...(key !== undefined ? { key } : {}) });
  const lookup = (query: string, options: { key?: string | null; header?: 'bearer' | 'x-api-key' } = {}) =>
    request<IvrLookupResult>('GET', `/api/ivr/lookup?${query}`, options);

  describe('GET /api/ivr/lookup', () => {
    it('refuses a request without an API key, or with a wrong one, with a JSON 401', async () => {
      const missing = await lookup('ani=%2B15551234567', { key: null });
      assert.equal(missing.status, 401);
      assert.deepEqual(missing.body, {
        error: 'unauthorized',
        message: 'An API key is required (Authorization: Bearer <key> or X-Api-Key)',
      });
      assert.equal(missing.headers.get('www-authenticate'), 'Bearer');
      const wrong = await lookup('ani=%2B15551234567', { key: 'not-the-key-0000000000' });
      assert.equal(wrong.status, 401);
      assert.equal(wrong.body.error, 'unauthorized');
      const agentToken = await lookup('ani=%2B15551234567', { key: await t.tokenFor('alice') });
      assert.equal(agentToken.status, 401, 'an agent token is not an API key');
    });

    it('greets Jane Doe by name with her latest case (Authorization: Bearer)', async () => {
      const answer = await lookup('ani=%2B15551234567');
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body, {
        found: true,
        hasCase: true,
        lookupStatus: 'found',
        callerNumber: '+15551234567',
        contactId: SEED.jane.contactid,
        fullName: 'Jane Doe',
        firstName: 'Jane',
        caseId: SEED.janeCase.incidentid,
        caseTitle: 'Parcel delayed in transit',
        caseNumber: 'CAS-01042',
        greeting:
          'Hello Jane, thank you for calling Contoso. Your latest case is CAS-01042: Parcel delayed in transit.',
      });
    });

    it('takes the key as X-Api-Key too, and a "+" the query string turned into a space', async () => {
      const answer = await lookup('ani=+1 555 987 6543', { header: 'x-api-key' });
      assert.equal(answer.status, 200);
      assert.equal(answer.body.fullName, 'Sam Carter');
      assert.equal(answer.body.hasCase, false);
      assert.equal(answer.body.greeting, 'Hello Sam, thank you for calling Contoso. We found no case for you.');
    });

    it('answers an unknown caller with the no-case message and empty fields', async () => {
      const answer = await lookup('ani=%2B15550001234');
      assert.equal(answer.status, 200);
      assert.deepEqual(
        {
          found: answer.body.found,
          status: answer.body.lookupStatus,
          name: answer.body.fullName,
          caseNumber: answer.body.caseNumber,
          greeting: answer.body.greeting,
        },
        {
          found: false,
          status: 'not_found',
          name: '',
          caseNumber: '',
          greeting: 'Thank you for calling Contoso. We found no case for your number.',
        },
      );
      const withheld = await lookup('ani=anonymous');
      assert.equal(withheld.body.lookupStatus, 'no_number');
    });

    it('answers 400 naming the field when ani is missing', async () => {
      const answer = await lookup('interactionId=x');
      assert.equal(answer.status, 400);
      assert.equal(answer.body.error, 'invalid_request');
      assert.equal(answer.body.field, 'ani');
    });

    it('does not keep the IVR waiting on a slow CRM: an unknown caller after the timeout', async () => {
      t.crm.delayMs = 2500;
      try {
        const started = Date.now();
        const answer = await lookup('ani=%2B15552220000');
        const elapsed = Date.now() - started;
        assert.equal(answer.status, 200);
        assert.equal(answer.body.lookupStatus, 'unavailable');
        assert.equal(answer.body.greeting, 'Thank you for calling Contoso. We found no case for your number.');
        assert.ok(elapsed < 2500, `answered after ${elapsed} ms (timeout 1500 ms)`);
      } finally {
        t.crm.delayMs = 0;
      }
    });

    it('treats a failing CRM as an unknown caller too', async () => {
      t.crm.failWith = 500;
      try {
        const answer = await lookup('ani=%2B15552220001');
        assert.equal(answer.status, 200);
        assert.equal(answer.body.lookupStatus, 'unavailable');
      } finally {
        t.crm.failWith = null;
      }
    });
  });

  describe('POST /api/calls/events', () => {
    it('stores an arriving call, runs the data dip and answers the greeting with it', async () => {
      const answer = await event({
        event: 'arrived',
        interactionId: 'api-1',
        ani: '+1 (555) 123-4567',
        dnis: '+18005550199',
        flowVariables: { language: 'en', priority: 2, vip: true },
      });
      assert.equal(answer.status, 200);
      const { call, ivr, duplicate } = answer.body;
      assert.equal(duplicate, false);
      assert.equal(call.state, 'ivr');
      assert.equal(call.interactionId, 'api-1');
      assert.equal(call.ani, '+1 (555) 123-4567');
      assert.equal(call.callerNumber, '+15551234567');
      assert.equal(call.dnis, '+18005550199');
      assert.deepEqual(call.flowVariables, { language: 'en', priority: '2', vip: 'true' });
      assert.equal(call.lookupStatus, 'found');
      assert.equal(call.customer?.latestCase?.ticketNumber, 'CAS-01042');
      assert.equal(call.greeting, ivr?.greeting);
      assert.equal(ivr?.caseNumber, 'CAS-01042');
    });

    it('answers the IVR’s look-up for that call from the call, without asking the CRM again', async () => {
      const requests = t.crm.requests.length;
      const answer = await lookup('ani=%2B15551234567&interactionId=api-1');
      assert.equal(answer.body.caseNumber, 'CAS-01042');
      assert.equal(t.crm.requests.length, requests);
    });

    it('recognises a retried arrival: same call, duplicate, no second data dip', async () => {
      const requests = t.crm.requests.length;
      const first = await event({ event: 'arrived', interactionId: 'api-2', ani: '+15559876543', dnis: '' });
      const retry = await event({ event: 'arrived', interactionId: 'api-2', ani: '+15559876543', dnis: '' });
      assert.equal(retry.status, 200);
      assert.equal(retry.body.duplicate, true);
      assert.equal(retry.body.call.id, first.body.call.id);
      assert.equal(retry.body.ivr?.greeting, first.body.ivr?.greeting);
      assert.ok(t.crm.requests.length - requests <= 2, 'one dip (contact and case) at most');
    });

    it('queues a call (no agent connected: it waits) and ends it when the caller hangs up', async () => {
      const queued = await event({
        event: 'queued',
        interactionId: 'api-2',
        queueId: 'billing',
        flowVariables: { menu: 'agent' },
      });
      assert.equal(queued.status, 200);
      assert.equal(queued.body.call.state, 'queued');
      assert.deepEqual(queued.body.call.queue, { id: 'billing', name: 'Billing' });
      assert.deepEqual(queued.body.call.flowVariables, { menu: 'agent' });
      const again = await event({ event: 'queued', interactionId: 'api-2' });
      assert.equal(again.body.duplicate, true);
      const ended = await event({ event: 'ended', interactionId: 'api-2' });
      assert.equal(ended.body.call.state, 'ended');
      assert.ok(ended.body.call.endedAt);
      assert.equal(ended.body.call.wrapUp, null, 'nobody answered: no wrap-up');
      assert.equal((await event({ event: 'ended', interactionId: 'api-2' })).body.duplicate, true);
    });

    it('follows the platform’s own offer, answer, hold and resume', async () => {
      await event({ event: 'arrived', interactionId: 'api-3', ani: '+15550003333', dnis: '' });
      await event({ event: 'queued', interactionId: 'api-3' });
      const offered = await event({ event: 'offered', interactionId: 'api-3', agentId: 'bob' });
      assert.deepEqual([offered.body.call.state, offered.body.call.assignedAgentId], ['offered', 'bob']);
      const answered = await event({ event: 'answered', interactionId: 'api-3' });
      assert.deepEqual([answered.body.call.state, answered.body.call.assignedAgentId], ['connected', 'bob']);
      assert.ok(answered.body.call.answeredAt);
      const held = await event({ event: 'held', interactionId: 'api-3', eventId: 'hold-1' });
      assert.equal(held.body.call.state, 'on_hold');
      assert.ok(held.body.call.heldAt);
      assert.equal((await event({ event: 'resumed', interactionId: 'api-3' })).body.call.state, 'connected');
      // a late retry of the first hold (same eventId) changes nothing
      const retried = await event({ event: 'held', interactionId: 'api-3', eventId: 'hold-1' });
      assert.deepEqual([retried.body.duplicate, retried.body.call.state], [true, 'connected']);
      const ended = await event({ event: 'ended', interactionId: 'api-3' });
      assert.equal(ended.body.call.state, 'wrap_up', 'an answered call goes to wrap-up');
      assert.ok(ended.body.call.wrapUp?.endsAt);
    });

    it('refuses an event the call’s state does not allow with 409 illegal_call_transition', async () => {
      await event({ event: 'arrived', interactionId: 'api-4', ani: '+15550004444', dnis: '' });
      const answer = await event({ event: 'held', interactionId: 'api-4' });
      assert.equal(answer.status, 409);
      assert.equal(answer.body.error, 'illegal_call_transition');
      assert.equal(answer.body.message, 'Cannot hold a call that is still in the IVR (ivr → on_hold is not allowed).');
    });

    it('answers 404 for an interaction it never heard of', async () => {
      const answer = await event({ event: 'queued', interactionId: 'never-arrived' });
      assert.equal(answer.status, 404);
      assert.equal(answer.body.error, 'not_found');
    });

    it('answers 400 naming the field for a bad event', async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ event: 'exploded', interactionId: 'x' }, 'event'],
        [{ event: 'queued' }, 'interactionId'],
        [{ event: 'arrived', interactionId: 'x' }, 'ani'],
        [{ event: 'offered', interactionId: 'x' }, 'agentId'],
        [{ event: 'transferred', interactionId: 'x', queueId: 'support', agentId: 'bob' }, 'queueId'],
        [
          { event: 'arrived', interactionId: 'x', ani: '1', flowVariables: { nested: { no: 1 } } },
          'flowVariables.nested',
        ],
      ];
      for (const [body, field] of cases) {
        const answer = await event(body);
        assert.equal(answer.status, 400, JSON.stringify(body));
        assert.equal(answer.body.error, 'invalid_request');
        assert.equal(answer.body.field, field, JSON.stringify(body));
      }
      const unknownQueue = await event({ event: 'queued', interactionId: 'api-4', queueId: 'nope' });
      assert.equal(unknownQueue.status, 400);
      assert.match(unknownQueue.body.message ?? '', /No queue "nope"/);
      const notJson = await fetch(t.url + '/api/calls/events', {
        method: 'POST',
        headers: { authorization: `Bearer ${CONTOSO_VOICE_KEY}`, 'content-type': 'application/json' },
        body: '{',
      });
      assert.equal(notJson.status, 400);
      assert.equal(((await notJson.json()) as { error: string }).error, 'invalid_json');
    });

    it('keeps organisations apart: another organisation’s key never reaches this one’s calls', async () => {
      const contoso = await event({ event: 'arrived', interactionId: 'shared-id', ani: '+15551234567', dnis: '' });
      const fromFabrikam = await event({ event: 'queued', interactionId: 'api-1' }, FABRIKAM_VOICE_KEY);
      assert.equal(fromFabrikam.status, 404, 'Contoso’s call is not there for Fabrikam');
      const fabrikam = await event(
        { event: 'arrived', interactionId: 'shared-id', ani: '+15551234567', dnis: '' },
        FABRIKAM_VOICE_KEY,
      );
      assert.equal(fabrikam.body.duplicate, false, 'the same interaction id is another call in another organisation');
      assert.notEqual(fabrikam.body.call.id, contoso.body.call.id);
      assert.equal(fabrikam.body.call.organisationId, 'fabrikam');
      assert.match(fabrikam.body.ivr?.greeting ?? '', /thank you for calling Fabrikam\./);
      await event({ event: 'ended', interactionId: 'shared-id' }, FABRIKAM_VOICE_KEY);
      const stillContoso = await lookup('ani=%2B15551234567&interactionId=shared-id');
      assert.equal(stillContoso.status, 200);
      const { rows } = await t.hub.db.query<{ org_id: string; state: string }>(
        `SELECT org_id, state FROM calls WHERE interaction_id = 'shared-id' ORDER BY org_id`,
      );
      assert.deepEqual(rows, [
        { org_id: 'contoso', state: 'ivr' },
        { org_id: 'fabrikam', state: 'ended' },
      ]);
    });

    it('never logs an API key, the CRM’s client secret or its tokens', async () => {
      await lookup('ani=%2B15551234567', { key: 'wrong-key-that-must-not-be-logged' });
      assert.ok(log.includes('CRM data dip'), 'the log was captured');
      for (const secret of [
        CONTOSO_VOICE_KEY,
        FABRIKAM_VOICE_KEY,
        CRM_CLIENT.clientSecret,
        'wrong-key-that-must-not-be-logged',
        'eyStandIn.',
      ]) {
        assert.equal(log.includes(secret), false, `${secret.slice(0, 12)}… reached the log`);
      }
    });
  });
});
