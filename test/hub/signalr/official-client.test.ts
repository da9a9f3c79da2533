/**
 * The official @microsoft/signalr client against the SignalR server, over each of the three transports.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HubConnectionState, type HubConnection } from '@microsoft/signalr';
import { parseHubError } from '../../../src/protocol/errors.js';
import { freePort } from '../support/free-port.js';
import { buildClient, delay, startTestServer, TRANSPORTS, waitFor, type TestServer } from './helpers.js';

for (const transport of TRANSPORTS) {
  describe(`official client over ${transport.name}`, () => {
    let server: TestServer;
    const clients: HubConnection[] = [];

    before(async () => {
      server = await startTestServer({ keepAliveIntervalMs: 100 });
    });

    after(async () => {
      await Promise.all(clients.map((client) => client.stop()));
      await server.stop();
    });

    async function connect(token = 'agent-a', configure?: (client: HubConnection) => void): Promise<HubConnection> {
      const client = buildClient(server.url, transport.type, token);
      configure?.(client);
      clients.push(client);
      await client.start();
      return client;
    }

    it('connects with the requested transport and invokes methods with results', async () => {
      const client = await connect();
      assert.equal(client.state, HubConnectionState.Connected);
      assert.ok(client.connectionId);
      const connection = server.server.connections.get(client.connectionId);
      assert.ok(connection, 'the server lists the handshaken connection');
      assert.equal(connection.transport, transport.name);
      assert.deepEqual(connection.user, { id: 'a', name: 'Agent A' });
      assert.ok(server.connected.includes(client.connectionId), 'onConnected ran');
      assert.equal(await client.invoke('add', 2, 40), 42);
      assert.deepEqual(await client.invoke('echo', { text: 'héllo ✓', list: [1, null] }), {
        text: 'héllo ✓',
        list: [1, null],
      });
      assert.equal(await client.invoke('nothing'), undefined);
      assert.deepEqual(await client.invoke('whoAmI'), { id: 'a', name: 'Agent A', transport: transport.name });
    });

    it('runs invocations in order and answers each', async () => {
      const client = await connect();
      const results = await Promise.all([
        client.invoke('slowEcho', 'first', 30),
        client.invoke('echo', 'second'),
        client.invoke('add', 1, 2),
      ]);
      assert.deepEqual(results, ['first', 'second', 3]);
    });

    it('fails an invocation with the HubError code and message', async () => {
      const client = await connect();
      const error = await client.invoke('failWithHubError').then(
        () => assert.fail('should have failed'),
        (e: unknown) => e as Error,
      );
      assert.match(error.message, /\[not_assigned\] This conversation is not assigned to you\./);
      assert.deepEqual(parseHubError(error), {
        code: 'not_assigned',
        message: 'This conversation is not assigned to you.',
      });
    });

    it('masks a plain error and logs it', async () => {
      const client = await connect();
      const before = server.logs.filter((entry) => entry.level === 'error').length;
      const error = await client.invoke('crash').then(
        () => assert.fail('should have failed'),
        (e: unknown) => e as Error,
      );
      assert.match(error.message, /\[internal_error\] An unexpected error occurred\./);
      assert.doesNotMatch(error.message, /hunter2/);
      assert.equal(server.logs.filter((entry) => entry.level === 'error').length, before + 1);
    });

    it('answers an unknown method with not_found naming it', async () => {
      const client = await connect();
      await assert.rejects(client.invoke('noSuchMethod', 1), /\[not_found\] Unknown hub method 'noSuchMethod'\./);
      assert.equal(client.state, HubConnectionState.Connected);
    });

    it('delivers server→client events', async () => {
      const client = await connect();
      const received: unknown[][] = [];
      client.on('pushed', (...args: unknown[]) => received.push(args));
      assert.equal(await client.invoke('pushBack', 'ping me'), 'sent');
      await waitFor(() => received.length === 1, 'the pushed event');
      assert.deepEqual(received[0], ['ping me', 'a']);
    });

    it('sends to groups and forgets members that leave or disconnect', async () => {
      const group = `room-${transport.name}`;
      const a = await connect('agent-a');
      const b = await connect('agent-b');
      const c = await connect('agent-a');
      const got = new Map<HubConnection, unknown[][]>([a, b, c].map((client) => [client, []]));
      for (const client of [a, b, c]) client.on('groupMessage', (...args: unknown[]) => got.get(client)!.push(args));
      await a.invoke('joinGroup', group);
      await b.invoke('joinGroup', group);

      await c.invoke('sendToGroup', group, 'hello room');
      await waitFor(() => got.get(a)!.length === 1 && got.get(b)!.length === 1, 'group messages');
      assert.deepEqual(got.get(a)![0], [group, 'hello room', 'a']);
      assert.equal(got.get(c)!.length, 0, 'non-members get nothing');

      await a.invoke('leaveGroup', group);
      const bId = b.connectionId!;
      await b.stop();
      await waitFor(() => server.disconnected.some((d) => d.connectionId === bId), 'b to have left');
      await c.invoke('sendToGroup', group, 'anyone?');
      // every message to a is delivered in order: once the barrier's answer is here, 'anyone?' would have been too
      await a.invoke('echo', 'barrier');
      assert.equal(got.get(a)!.length, 1, 'a left the group');
      assert.equal(got.get(c)!.length, 0);
    });

    it('sends to every connection of a user, and only theirs', async () => {
      const a1 = await connect('agent-a');
      const a2 = await connect('agent-a');
      const b = await connect('agent-b');
      const got = new Map<HubConnection, unknown[]>([a1, a2, b].map((client) => [client, []]));
      for (const client of [a1, a2, b]) client.on('userMessage', (text: unknown) => got.get(client)!.push(text));
      await b.invoke('sendToUser', 'a', `to a over ${transport.name}`);
      await waitFor(() => got.get(a1)!.length === 1 && got.get(a2)!.length === 1, "both of a's connections");
      await b.invoke('echo', 'barrier');
      assert.deepEqual(got.get(b), [], 'not to another user');
      assert.deepEqual(got.get(a1), [`to a over ${transport.name}`]);
    });

    it('runs fire-and-forget sends without a completion', async () => {
      const client = await connect();
      await client.send('record', `fire-${transport.name}`);
      await waitFor(() => server.recorded.includes(`fire-${transport.name}`), 'the recorded value');
      assert.equal(await client.invoke('echo', 'still fine'), 'still fine');
    });

    it('calls onDisconnected without a reason when the client stops', async () => {
      const client = await connect();
      const id = client.connectionId!;
      await client.stop();
      await waitFor(() => server.disconnected.some((entry) => entry.connectionId === id), 'onDisconnected');
      assert.equal(server.disconnected.find((entry) => entry.connectionId === id)!.reason, undefined);
      assert.equal(server.server.connections.has(id), false);
    });

    it('keeps an idle connection alive with server pings', async () => {
      const client = await connect('agent-a', (c) => {
        c.serverTimeoutInMilliseconds = 1000;
      });
      let closed: Error | undefined | 'no' = 'no';
      client.onclose((error) => (closed = error));
      // proving nothing happened: twice the client's server timeout, with no traffic but the server's pings
      await delay(2000);
      assert.equal(closed, 'no');
      assert.equal(client.state, HubConnectionState.Connected);
      assert.equal(await client.invoke('echo', 'awake'), 'awake');
    });

    it('sends Close(allowReconnect) on shutdown and the client reconnects to a restarted server', async () => {
      // restarted on the same port: one outside the range the kernel hands out, so nothing else takes it meanwhile
      const first = await startTestServer({ keepAliveIntervalMs: 100 }, await freePort());
      let second: TestServer | undefined;
      const client = buildClient(first.url, transport.type, 'agent-a', { nextRetryDelayInMilliseconds: () => 50 });
      try {
        await client.start();
        let reconnectingError: Error | undefined;
        let reconnected = false;
        client.onreconnecting((error) => (reconnectingError = error));
        client.onreconnected(() => (reconnected = true));

        await delay(50); // not a wait for an outcome: lets long polling hold its next poll, the path shutdown must answer
        await first.stop();
        await waitFor(() => reconnectingError !== undefined, 'the client to see the close');
        assert.match(reconnectingError!.message, /Server is shutting down\./);
        assert.equal(client.state, HubConnectionState.Reconnecting);

        second = await startTestServer({ keepAliveIntervalMs: 100 }, first.port);
        await waitFor(() => reconnected, 'the reconnect', 5000);
        assert.equal(client.state, HubConnectionState.Connected);
        assert.equal(await client.invoke('add', 1, 1), 2);
        assert.equal(second.server.connections.size, 1);
      } finally {
        await client.stop();
        await second?.stop();
      }
    });

    it('never logs access or connection tokens', async () => {
      const logged = JSON.stringify(server.logs);
      assert.doesNotMatch(logged, /agent-a|agent-b/);
      assert.doesNotMatch(logged, /access_token|\?id=/);
    });
  });
}
