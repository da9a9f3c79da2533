// Which queue a conversation waits in (queueFor): the workstream of its channel and number, its first matching
// rule, the workstream's own queue, the organisation's fallback.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { routingSchema, type RoutingConfig } from '../../../src/hub/config/config-schema.js';
import { localeMatches, queueFor } from '../../../src/hub/routing/workstream-rules.js';
import type { Channel } from '../../../src/protocol/payloads.js';

const QUEUES = ['general', 'sales', 'french', 'french-ca', 'stores', 'vip', 'whatsapp', 'overflow'].map((id) => ({
  id,
  name: id,
}));

function routing(input: Record<string, unknown>): RoutingConfig {
  return routingSchema.parse({ queues: QUEUES, ...input });
}

function conversation(
  channel: Channel,
  channelAddress: string,
  customerLocale: string | null = null,
  context: Record<string, unknown> | null = null,
) {
  return { channel, channel_address: channelAddress, customer_locale: customerLocale, channel_context: context };
}

describe('workstream rules (queueFor)', () => {
  it('falls back to the first queue, or the configured fallback queue, when no workstream matches', () => {
    assert.equal(queueFor(routing({}), conversation('sms', '18005550199')), 'general');
    assert.equal(queueFor(routing({ fallbackQueue: 'overflow' }), conversation('sms', '18005550199')), 'overflow');
    // a workstream of another channel does not apply
    const other = routing({
      fallbackQueue: 'overflow',
      workstreams: [{ id: 'wa', channel: 'whatsapp', queue: 'whatsapp' }],
    });
    assert.equal(queueFor(other, conversation('sms', '18005550199')), 'overflow');
    assert.equal(queueFor(other, conversation('whatsapp', '+14155550100')), 'whatsapp');
  });

  it('matches a rule on the channel', () => {
    const config = routing({
      workstreams: [
        {
          id: 'sms',
          channel: 'sms',
          rules: [
            { queue: 'vip', when: { channel: 'whatsapp' } },
            { queue: 'sales', when: { channel: 'sms' } },
          ],
        },
      ],
    });
    assert.equal(queueFor(config, conversation('sms', '18005550199')), 'sales');
  });

  it('matches the entry number with or without "+" (TeleSign digits against E.164)', () => {
    const config = routing({
      fallbackQueue: 'overflow',
      workstreams: [
        {
          id: 'sms',
          channel: 'sms',
          rules: [
            { queue: 'vip', when: { entryNumber: '+18005550199' } },
            { queue: 'sales', when: { entryNumber: '14155550111' } },
          ],
        },
      ],
    });
    assert.equal(queueFor(config, conversation('sms', '18005550199')), 'vip', 'rule with "+", conversation in digits');
    assert.equal(
      queueFor(config, conversation('sms', '+14155550111')),
      'sales',
      'rule in digits, conversation with "+"',
    );
    assert.equal(queueFor(config, conversation('sms', '18005550100')), 'overflow', 'another number');
    // a workstream naming the number, also with and without "+"
    const byNumber = routing({
      fallbackQueue: 'overflow',
      workstreams: [{ id: 'vip', channel: 'sms', channelAddress: '+18005550199', queue: 'vip' }],
    });
    assert.equal(queueFor(byNumber, conversation('sms', '18005550199')), 'vip');
    assert.equal(queueFor(byNumber, conversation('sms', '18005550100')), 'overflow');
  });

  it('matches a locale prefix: "fr" takes fr, fr-FR and fr-CA; "fr-CA" only fr-CA', () => {
    const config = routing({
      fallbackQueue: 'overflow',
      workstreams: [
        {
          id: 'gbm',
          channel: 'gbm',
          rules: [
            { queue: 'french-ca', when: { locale: 'fr-CA' } },
            { queue: 'french', when: { locale: 'fr' } },
          ],
        },
      ],
    });
    const at = (locale: string | null) => queueFor(config, conversation('gbm', 'brands/b/agents/a', locale));
    assert.equal(at('fr-CA'), 'french-ca');
    assert.equal(at('fr-ca'), 'french-ca', 'case does not matter');
    assert.equal(at('fr_CA'), 'french-ca', 'an underscore is read as "-"');
    assert.equal(at('fr'), 'french');
    assert.equal(at('fr-FR'), 'french');
    assert.equal(at('fra'), 'overflow', '"fr" is a prefix of tags, not of strings');
    assert.equal(at('en-US'), 'overflow');
    assert.equal(at(null), 'overflow', 'no locale matches no locale rule');
    assert.equal(localeMatches('fr-CA', 'fr'), false);
    assert.equal(localeMatches('fr', 'FR-be'), true);
  });

  it('matches context values only when every one is equal', () => {
    const config = routing({
      fallbackQueue: 'overflow',
      workstreams: [
        {
          id: 'gbm',
          channel: 'gbm',
          rules: [{ queue: 'stores', when: { context: { placeId: 'ChIJstore', entryPoint: 'PLACESHEET' } } }],
        },
      ],
    });
    const at = (context: Record<string, unknown> | null) =>
      queueFor(config, conversation('gbm', 'brands/b/agents/a', 'en', context));
    assert.equal(at({ placeId: 'ChIJstore', entryPoint: 'PLACESHEET', other: 'x' }), 'stores');
    assert.equal(at({ placeId: 'ChIJstore', entryPoint: 'MAPS' }), 'overflow', 'one value differs');
    assert.equal(at({ placeId: 'ChIJstore' }), 'overflow', 'one value missing');
    assert.equal(at(null), 'overflow', 'no context');
  });

  it('needs every condition of a rule, and takes the first matching rule', () => {
    const config = routing({
      workstreams: [
        {
          id: 'gbm',
          channel: 'gbm',
          rules: [
            { queue: 'vip', when: { locale: 'fr', context: { placeId: 'ChIJvip' } } },
            { queue: 'french', when: { locale: 'fr' } },
            { queue: 'stores', when: { locale: 'fr' } },
          ],
        },
      ],
    });
    assert.equal(queueFor(config, conversation('gbm', 'brands/b/agents/a', 'fr', { placeId: 'ChIJvip' })), 'vip');
    assert.equal(
      queueFor(config, conversation('gbm', 'brands/b/agents/a', 'fr', { placeId: 'ChIJother' })),
      'french',
      'first matching rule, not a later one',
    );
    assert.equal(
      queueFor(config, conversation('gbm', 'brands/b/agents/a', 'en', { placeId: 'ChIJvip' })),
      'general',
      'locale fails: no rule',
    );
  });

  it('lets a workstream naming the number win over the one for the whole channel, whatever their order', () => {
    for (const order of ['channel first', 'number first']) {
      const channelWide = {
        id: 'all-sms',
        channel: 'sms',
        queue: 'sales',
        rules: [{ queue: 'french', when: { locale: 'fr' } }],
      };
      const numbered = { id: 'vip-line', channel: 'sms', channelAddress: '18005550199', queue: 'vip' };
      const config = routing({
        workstreams: order === 'channel first' ? [channelWide, numbered] : [numbered, channelWide],
      });
      assert.equal(
        queueFor(config, conversation('sms', '18005550199', 'fr')),
        'vip',
        `${order}: the numbered workstream, even though the channel one has a matching rule`,
      );
      assert.equal(
        queueFor(config, conversation('sms', '18005550100', 'fr')),
        'french',
        `${order}: another number takes the channel workstream`,
      );
      assert.equal(
        queueFor(config, conversation('sms', '18005550100', 'en')),
        'sales',
        `${order}: no rule matched: the workstream's queue`,
      );
    }
  });

  it('sends what no rule matched to the workstream’s queue, else to the fallback', () => {
    const withQueue = routing({
      fallbackQueue: 'overflow',
      workstreams: [
        { id: 'wa', channel: 'whatsapp', queue: 'whatsapp', rules: [{ queue: 'french', when: { locale: 'fr' } }] },
      ],
    });
    assert.equal(queueFor(withQueue, conversation('whatsapp', '+14155550100', 'de')), 'whatsapp');
    const withoutQueue = routing({
      fallbackQueue: 'overflow',
      workstreams: [{ id: 'wa', channel: 'whatsapp', rules: [{ queue: 'french', when: { locale: 'fr' } }] }],
    });
    assert.equal(queueFor(withoutQueue, conversation('whatsapp', '+14155550100', 'de')), 'overflow');
    assert.equal(queueFor(withoutQueue, conversation('whatsapp', '+14155550100', 'fr-BE')), 'french');
  });
});
