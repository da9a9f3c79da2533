// Routing configuration: defaults, and every queue a setting names must exist (the error names the path).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, parseConfig } from '../../../src/hub/config/load-config.js';
import { RoutingDirectory } from '../../../src/hub/routing/routing-directory.js';

function config(organisation: Record<string, unknown>) {
  return {
    auth: { jwtSecret: 'x'.repeat(32) },
    organisations: [{ id: 'contoso', name: 'Contoso', ...organisation }],
  };
}

const QUEUES = [
  { id: 'general', name: 'General' },
  { id: 'billing', name: 'Billing' },
];

/** The ConfigError's message, or a failure when the configuration was accepted. */
function refusal(input: unknown): string {
  try {
    parseConfig(input);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.message;
  }
  assert.fail('the configuration should have been refused');
}

describe('routing configuration', () => {
  it('has defaults: offers, 30 s, one General queue, 3 conversations and 1 call', () => {
    const parsed = parseConfig(config({}));
    const routing = parsed.organisations[0].routing;
    assert.equal(routing.mode, 'offer');
    assert.equal(routing.offerTimeoutSeconds, 30);
    assert.equal(routing.presenceGraceSeconds, 30);
    assert.equal(routing.wrapUpSeconds, 0);
    assert.deepEqual(routing.capacity, { messaging: 3, voice: 1 });
    assert.deepEqual(routing.queues, [{ id: 'general', name: 'General' }]);
    assert.deepEqual(routing.workstreams, []);
  });

  it('refuses a rule naming an unknown queue, naming the path', () => {
    const message = refusal(
      config({
        routing: {
          queues: QUEUES,
          workstreams: [{ id: 'sms', channel: 'sms', rules: [{ queue: 'general' }, { queue: 'nope' }] }],
        },
      }),
    );
    assert.match(
      message,
      /organisations\.0\.routing\.workstreams\.0\.rules\.1\.queue: no queue "nope" \(queues: general, billing\)/,
    );
  });

  it('refuses a workstream queue, a fallback queue and agents’ queues that do not exist', () => {
    const message = refusal(
      config({
        routing: {
          queues: QUEUES,
          fallbackQueue: 'lost',
          workstreams: [{ id: 'wa', channel: 'whatsapp', queue: 'missing', rules: [{ queue: 'ghost' }] }],
        },
        agents: [
          { id: 'alice', displayName: 'Alice', queues: ['general'] },
          { id: 'bob', displayName: 'Bob', queues: ['billing', 'unknown'] },
        ],
      }),
    );
    assert.match(message, /organisations\.0\.routing\.fallbackQueue: no queue "lost"/);
    assert.match(message, /organisations\.0\.routing\.workstreams\.0\.queue: no queue "missing"/);
    assert.match(message, /organisations\.0\.routing\.workstreams\.0\.rules\.0\.queue: no queue "ghost"/);
    assert.match(message, /organisations\.0\.agents\.1\.queues\.1: no queue "unknown"/);
    assert.doesNotMatch(message, /agents\.0/, 'alice’s queues exist');
  });

  it('refuses duplicate queues and workstreams, and an offer timeout under 5 s', () => {
    const message = refusal(
      config({
        routing: {
          offerTimeoutSeconds: 4,
          queues: [...QUEUES, { id: 'general', name: 'Again' }],
          workstreams: [
            { id: 'sms', channel: 'sms' },
            { id: 'sms', channel: 'sms' },
          ],
        },
      }),
    );
    assert.match(message, /organisations\.0\.routing\.offerTimeoutSeconds/);
    assert.match(message, /organisations\.0\.routing\.queues\.2\.id: duplicate queue "general"/);
    assert.match(message, /organisations\.0\.routing\.workstreams\.1\.id: duplicate workstream "sms"/);
  });

  it('refuses a bad locale in a rule', () => {
    const message = refusal(
      config({
        routing: {
          workstreams: [{ id: 'gbm', channel: 'gbm', rules: [{ queue: 'general', when: { locale: 'french!' } }] }],
        },
      }),
    );
    assert.match(message, /organisations\.0\.routing\.workstreams\.0\.rules\.0\.when\.locale: must be a language tag/);
  });

  it('gives each configured agent the organisation’s capacity with their own over it, and all queues by default', () => {
    const parsed = parseConfig(
      config({
        routing: { queues: QUEUES, capacity: { messaging: 4, voice: 1, whatsapp: 2 } },
        agents: [
          { id: 'alice', displayName: 'Alice', capacity: { messaging: 2 }, queues: ['billing'] },
          { id: 'bob', displayName: 'Bob' },
        ],
      }),
    );
    const directory = new RoutingDirectory(parsed);
    assert.deepEqual(directory.capacity('contoso', 'alice'), { messaging: 2, voice: 1, whatsapp: 2 });
    assert.deepEqual(directory.capacity('contoso', 'bob'), { messaging: 4, voice: 1, whatsapp: 2 });
    assert.deepEqual(
      directory.capacity('contoso', 'stranger'),
      { messaging: 4, voice: 1, whatsapp: 2 },
      'an agent the configuration does not list',
    );
    assert.deepEqual(directory.queueIdsOf('contoso', 'alice'), ['billing']);
    assert.deepEqual(directory.queueIdsOf('contoso', 'bob'), ['general', 'billing']);
    assert.deepEqual(directory.queueIdsOf('contoso', 'stranger'), ['general', 'billing']);
  });
});
