// Who gets a piece of work (chooseAgent): the previous agent when they can take it, else the most free capacity,
// ties to the longest idle, then by id.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseAgent, type RoutingCandidate } from '../../../src/hub/routing/choose-agent.js';

const c = (agentId: string, free: number, idleSince = 1000): RoutingCandidate => ({ agentId, free, idleSince });

describe('chooseAgent', () => {
  it('picks the agent with the most free capacity, wherever they are in the list', () => {
    assert.equal(chooseAgent([c('alice', 1), c('bob', 3), c('carol', 2)], null), 'bob');
    assert.equal(chooseAgent([c('carol', 2), c('alice', 1), c('bob', 3)], null), 'bob');
    // the most free wins even over someone idle far longer
    assert.equal(chooseAgent([c('alice', 1, 0), c('bob', 2, 999_999)], null), 'bob');
  });

  it('breaks ties by the longest idle (earliest idleSince), then by agent id', () => {
    assert.equal(chooseAgent([c('alice', 2, 5000), c('bob', 2, 3000), c('carol', 2, 4000)], null), 'bob');
    assert.equal(
      chooseAgent([c('carol', 2, 3000), c('bob', 2, 3000), c('dave', 1, 0)], null),
      'bob',
      'same free and idle: by id',
    );
    assert.equal(chooseAgent([c('bob', 2, 3000), c('alice', 2, 3000)], null), 'alice', 'independent of order');
  });

  it('prefers the previous agent when they can take it, even with less room', () => {
    assert.equal(chooseAgent([c('alice', 3), c('bob', 1)], 'bob'), 'bob');
    assert.equal(chooseAgent([c('alice', 3, 0), c('bob', 1, 9999)], 'bob'), 'bob');
  });

  it('does not prefer a previous agent who has no room or is not a candidate', () => {
    assert.equal(chooseAgent([c('alice', 1), c('bob', 0)], 'bob'), 'alice');
    assert.equal(chooseAgent([c('alice', 1), c('carol', 2)], 'bob'), 'carol');
  });

  it('excludes agents with no free capacity, and answers null when nobody has room', () => {
    assert.equal(chooseAgent([c('alice', 0, 0), c('bob', 1, 5000)], null), 'bob');
    assert.equal(chooseAgent([c('alice', 0), c('bob', -1)], null), null);
    assert.equal(chooseAgent([], null), null);
    assert.equal(chooseAgent([], 'alice'), null);
  });
});
