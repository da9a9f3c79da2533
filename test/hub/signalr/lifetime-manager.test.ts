// The in-memory lifetime manager behind every send of the hub, and typed fan-out over it: connections, users and
// groups; a group's message serialised once and the same bytes written to each member; membership ends with the
// connection.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  hubClients,
  InMemoryHubLifetimeManager,
  type FramedMessage,
  type LocalConnection,
} from '../../../src/hub/signalr/index.js';

const RS = '\u001e';

class RecordingConnection implements LocalConnection {
  readonly written: FramedMessage[] = [];
  constructor(
    readonly connectionId: string,
    readonly userKey: string,
  ) {}
  write(message: FramedMessage): void {
    this.written.push(message);
  }
  get texts(): string[] {
    return this.written.map((m) => m.text);
  }
}

interface TestEvents {
  greeted: { name: string };
  counted: number[];
}

async function connected(manager: InMemoryHubLifetimeManager, ...connections: RecordingConnection[]): Promise<void> {
  for (const connection of connections) await manager.onConnected(connection);
}

describe('in-memory lifetime manager', () => {
  it('sends to one connection, to every connection of a user, and to a group', async () => {
    const manager = new InMemoryHubLifetimeManager();
    const [a1, a2, b] = [
      new RecordingConnection('c1', 'a'),
      new RecordingConnection('c2', 'a'),
      new RecordingConnection('c3', 'b'),
    ];
    await connected(manager, a1, a2, b);
    await manager.sendToConnection('c3', 'hello', [1]);
    await manager.sendToUser('a', 'hello', [2]);
    await manager.addToGroup('c1', 'room');
    await manager.addToGroup('c3', 'room');
    await manager.sendToGroup('room', 'hello', [3]);
    const invocation = (n: number) => `{"type":1,"target":"hello","arguments":[${n}]}${RS}`;
    assert.deepEqual(a1.texts, [invocation(2), invocation(3)]);
    assert.deepEqual(a2.texts, [invocation(2)]);
    assert.deepEqual(b.texts, [invocation(1), invocation(3)]);
  });

  it('serialises a group message once: every member is written the same bytes', async () => {
    const manager = new InMemoryHubLifetimeManager();
    const members = Array.from({ length: 3 }, (_, i) => new RecordingConnection(`c${i}`, `u${i}`));
    await connected(manager, ...members);
    for (const member of members) await manager.addToGroup(member.connectionId, 'everyone');
    await manager.sendToGroup('everyone', 'big', [{ text: 'x'.repeat(1000) }]);
    const [first] = members[0].written;
    assert.ok(
      members.every((member) => member.written.length === 1 && member.written[0] === first),
      'one message object for all',
    );
    assert.equal(first.bytes, first.bytes, 'its bytes encoded once');
  });

  it('takes a connection out of its groups and its user when it ends, and ignores unknown connections', async () => {
    const manager = new InMemoryHubLifetimeManager();
    const a = new RecordingConnection('c1', 'a');
    await connected(manager, a);
    await manager.addToGroup('c1', 'room');
    await manager.addToGroup('nobody', 'room');
    await manager.removeFromGroup('c1', 'room');
    await manager.sendToGroup('room', 'left', []);
    await manager.addToGroup('c1', 'room');
    await manager.onDisconnected(a);
    await manager.sendToGroup('room', 'gone', []);
    await manager.sendToUser('a', 'gone', []);
    await manager.sendToConnection('c1', 'gone', []);
    assert.deepEqual(a.texts, []);
  });
});

describe('typed fan-out', () => {
  it('invokes the event of the property with its payload, to connections, users and groups', async () => {
    const manager = new InMemoryHubLifetimeManager();
    const a = new RecordingConnection('c1', 'a');
    await connected(manager, a);
    await manager.addToGroup('c1', 'room');
    const clients = hubClients<TestEvents>(manager);
    await clients.user('a').greeted({ name: 'Ada' });
    await clients.group('room').counted([1, 2]);
    await clients.connection('c1').greeted({ name: 'Bo' });
    assert.deepEqual(
      a.texts.map((text) => JSON.parse(text.slice(0, -1))),
      [
        { type: 1, target: 'greeted', arguments: [{ name: 'Ada' }] },
        { type: 1, target: 'counted', arguments: [[1, 2]] },
        { type: 1, target: 'greeted', arguments: [{ name: 'Bo' }] },
      ],
    );
  });

  it('is never mistaken for a promise', async () => {
    const clients = hubClients<TestEvents>(new InMemoryHubLifetimeManager());
    const group = clients.group('room');
    assert.equal((group as unknown as { then?: unknown }).then, undefined);
    assert.equal(await Promise.resolve(group), group);
  });
});
