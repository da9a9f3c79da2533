/**
 * The SignalR server over raw HTTP and WebSockets (fetch, ws, node:http): negotiate shapes, auth, ids,
 * origins, long-polling semantics, protocol errors and timeouts.
 */
import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { HubConnectionState, HttpTransportType } from '@microsoft/signalr';
import { HubError } from '../../../src/hub/signalr/index.js';
import {
  ALLOWED_ORIGIN,
  buildClient,
  delay,
  negotiate,
  RawHubSocket,
  RS,
  startTestServer,
  upgradeStatus,
  waitFor,
  type TestServer,
} from './helpers.js';

const TRANSPORTS_V1 = [
  { transport: 'WebSockets', transferFormats: ['Text', 'Binary'] },
  { transport: 'ServerSentEvents', transferFormats: ['Text'] },
  { transport: 'LongPolling', transferFormats: ['Text', 'Binary'] },
];

describe('SignalR server over raw HTTP', () => {
  let server: TestServer;
  const sockets: RawHubSocket[] = [];
  const tokens: string[] = [];

  before(async () => {
    server = await startTestServer({
      maxMessageBytes: 1024,
      negotiateTimeoutMs: 300,
      longPollDisconnectTimeoutMs: 300,
    });
  });

  after(async () => {
    for (const socket of sockets) socket.close();
    await server.stop();
  });

  async function openSocket(token = 'agent-a'): Promise<RawHubSocket> {
    const { token: id } = await negotiate(server.base, token);
    tokens.push(id);
    const socket = await RawHubSocket.open(server.base, id, token);
    sockets.push(socket);
    return socket;
  }

  function hub(id: string, query = ''): string {
    return `${server.url}?id=${encodeURIComponent(id)}${query}`;
  }

  const auth = (token = 'agent-a') => ({ authorization: `Bearer ${token}` });

  describe('negotiate', () => {
    it('answers version 1 with a token, an id and the transports', async () => {
      const { response, body } = await negotiate(server.base, 'agent-a', 1);
      assert.equal(response.status, 200);
      assert.deepEqual(Object.keys(body).sort(), [
        'availableTransports',
        'connectionId',
        'connectionToken',
        'negotiateVersion',
      ]);
      const v1 = body as unknown as Record<string, unknown>;
      assert.equal(v1.negotiateVersion, 1);
      assert.equal(typeof v1.connectionToken, 'string');
      assert.notEqual(v1.connectionToken, v1.connectionId);
      assert.deepEqual(v1.availableTransports, TRANSPORTS_V1);
      assert.equal('useStatefulReconnect' in v1, false);
    });

    it('answers version 0 with the connection id only, which is also the transport id', async () => {
      const { response, body } = await negotiate(server.base, 'agent-a', null);
      assert.equal(response.status, 200);
      assert.deepEqual(Object.keys(body).sort(), ['availableTransports', 'connectionId']);
      const socket = await RawHubSocket.open(server.base, body.connectionId);
      sockets.push(socket);
      await socket.handshake();
      await waitFor(() => server.server.connections.has(body.connectionId), 'the v0 connection');
    });

    it('does not offer stateful reconnect even when asked', async () => {
      const response = await fetch(`${server.base}/hub/negotiate?negotiateVersion=1&useStatefulReconnect=true`, {
        method: 'POST',
        headers: auth(),
      });
      const body = (await response.json()) as Record<string, unknown>;
      assert.equal('useStatefulReconnect' in body, false);
    });

    it('refuses a missing or forged token with 401', async () => {
      for (const headers of [{}, auth('forged'), { authorization: 'Basic YTpi' }]) {
        const response = await fetch(`${server.base}/hub/negotiate?negotiateVersion=1`, { method: 'POST', headers });
        assert.equal(response.status, 401);
        const body = (await response.json()) as Record<string, unknown>;
        assert.equal(body.error, 'unauthorized');
        assert.equal(typeof body.message, 'string');
      }
    });

    it('accepts the token in the access_token query parameter', async () => {
      const response = await fetch(`${server.base}/hub/negotiate?negotiateVersion=1&access_token=agent-b`, {
        method: 'POST',
      });
      assert.equal(response.status, 200);
    });

    it('refuses an invalid negotiateVersion with 400', async () => {
      const response = await fetch(`${server.base}/hub/negotiate?negotiateVersion=x`, {
        method: 'POST',
        headers: auth(),
      });
      assert.equal(response.status, 400);
    });

    it('forgets a negotiated connection no transport connects to', async () => {
      const { token } = await negotiate(server.base);
      // a DELETE connects no transport (a GET would): 400 while the id is known, 404 once it is forgotten
      assert.equal((await fetch(hub(token), { method: 'DELETE', headers: auth() })).status, 400);
      await waitFor(
        async () => (await fetch(hub(token), { method: 'DELETE', headers: auth() })).status === 404,
        'the id to be forgotten',
      );
      const response = await fetch(hub(token), { headers: auth() });
      assert.equal(response.status, 404);
    });
  });

  describe('transport requests', () => {
    it('refuses a token of another user than the one who negotiated, on every transport', async () => {
      const { token } = await negotiate(server.base, 'agent-a');
      const lp = await fetch(hub(token), { headers: auth('agent-b') });
      assert.equal(lp.status, 401);
      assert.equal(((await lp.json()) as { error: string }).error, 'unauthorized');
      const sse = await fetch(hub(token), { headers: { ...auth('agent-b'), accept: 'text/event-stream' } });
      assert.equal(sse.status, 401);
      await sse.body?.cancel();
      const post = await fetch(hub(token), { method: 'POST', headers: auth('agent-b'), body: `{}${RS}` });
      assert.equal(post.status, 401);
      const del = await fetch(hub(token), { method: 'DELETE', headers: auth('agent-b') });
      assert.equal(del.status, 401);
      assert.equal(await upgradeStatus(hub(token).replace(/^http/, 'ws'), auth('agent-b')), 401);
      assert.equal(await upgradeStatus(hub(token).replace(/^http/, 'ws'), {}), 401);
      assert.equal(await upgradeStatus(hub(token, '&access_token=forged').replace(/^http/, 'ws'), {}), 401);
      // The rightful user still can.
      const socket = await RawHubSocket.open(server.base, token, 'agent-a');
      sockets.push(socket);
    });

    it('accepts the access_token query parameter on transports (browsers)', async () => {
      const { token } = await negotiate(server.base, 'agent-b');
      assert.equal(await upgradeStatus(hub(token, '&access_token=agent-b').replace(/^http/, 'ws'), {}), 'open');
    });

    it('answers 404 for an unknown id', async () => {
      assert.equal((await fetch(hub('nope'), { headers: auth() })).status, 404);
      assert.equal((await fetch(hub('nope'), { method: 'POST', headers: auth(), body: 'x' })).status, 404);
      assert.equal((await fetch(hub('nope'), { method: 'DELETE', headers: auth() })).status, 404);
      const sse = await fetch(hub('nope'), { headers: { ...auth(), accept: 'text/event-stream' } });
      assert.equal(sse.status, 404);
      assert.equal(await upgradeStatus(hub('nope').replace(/^http/, 'ws'), auth()), 404);
    });

    it('answers 400 for a missing id', async () => {
      const sse = await fetch(server.url, { headers: { ...auth(), accept: 'text/event-stream' } });
      assert.equal(sse.status, 400);
      assert.equal(((await sse.json()) as { error: string }).error, 'invalid_request');
      assert.equal((await fetch(server.url, { headers: auth() })).status, 400);
      assert.equal(await upgradeStatus(server.url.replace(/^http/, 'ws'), auth()), 400);
    });

    it('refuses a second WebSocket for one id with 409', async () => {
      const { token } = await negotiate(server.base);
      const first = await RawHubSocket.open(server.base, token);
      sockets.push(first);
      assert.equal(await upgradeStatus(hub(token).replace(/^http/, 'ws'), auth()), 409);
      // nor may another transport take over
      assert.equal((await fetch(hub(token), { headers: auth() })).status, 400);
      assert.equal((await fetch(hub(token), { method: 'POST', headers: auth(), body: 'x' })).status, 405);
      await first.handshake();
    });

    it('refuses a WebSocket from a disallowed origin with 403 and accepts an allowed one', async () => {
      const { token } = await negotiate(server.base);
      const url = hub(token).replace(/^http/, 'ws');
      assert.equal(await upgradeStatus(url, { ...auth(), origin: 'https://evil.example' }), 403);
      assert.equal(await upgradeStatus(url, { ...auth(), origin: ALLOWED_ORIGIN }), 'open');
    });

    it('leaves upgrades on other paths to other listeners, and answers 404 when there are none', async () => {
      const elsewhere = `${server.base.replace(/^http/, 'ws')}/elsewhere`;
      assert.equal(await upgradeStatus(elsewhere, auth()), 404);
      const other = (request: IncomingMessage, socket: Duplex) => {
        if (request.url === '/elsewhere')
          socket.end('HTTP/1.1 418 I am a teapot\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      };
      server.app.server.on('upgrade', other);
      try {
        assert.equal(await upgradeStatus(elsewhere, auth()), 418);
        // and the hub path still works with two listeners
        const { token } = await negotiate(server.base);
        assert.equal(await upgradeStatus(hub(token).replace(/^http/, 'ws'), auth()), 'open');
      } finally {
        server.app.server.off('upgrade', other);
      }
    });
  });

  describe('long polling', () => {
    it('answers the first poll at once, holds the next, and a DELETE ends it with 204', async () => {
      const { token } = await negotiate(server.base);
      const first = await fetch(hub(token, '&_=1'), { headers: auth() });
      assert.equal(first.status, 200);
      assert.equal(await first.text(), '');

      const handshake = await fetch(hub(token), {
        method: 'POST',
        headers: auth(),
        body: `{"protocol":"json","version":1}${RS}`,
      });
      assert.equal(handshake.status, 200);
      const second = await fetch(hub(token, '&_=2'), { headers: auth() });
      assert.equal(second.status, 200);
      assert.equal(await second.text(), `{}${RS}`);

      let pendingSettled = false;
      const pending = fetch(hub(token, '&_=3'), { headers: auth() }).then((response) => {
        pendingSettled = true;
        return response;
      });
      // proving a negative: an answered poll comes back at once; this one is held until the poll timeout (90 s)
      await delay(50);
      assert.equal(pendingSettled, false, 'the poll is held open');
      const del = await fetch(hub(token), { method: 'DELETE', headers: auth() });
      assert.equal(del.status, 202);
      assert.equal((await pending).status, 204);
      assert.equal(
        (await fetch(hub(token, '&_=4'), { headers: auth() })).status,
        204,
        'later polls are told it is closed',
      );
    });

    it('delivers queued messages, answers a replaced poll with 204 and times out polls with 200 empty', async () => {
      const quick = await startTestServer({ longPollTimeoutMs: 150, shutdownTimeoutMs: 100 });
      try {
        const { token } = await negotiate(quick.base);
        const url = `${quick.url}?id=${encodeURIComponent(token)}`;
        await fetch(url, { headers: auth() });
        await fetch(url, {
          method: 'POST',
          headers: auth(),
          body: `{"protocol":"json","version":1}${RS}{"type":1,"invocationId":"1","target":"add","arguments":[2,3]}${RS}`,
        });
        await waitFor(() => quick.connected.length === 1, 'the handshake');
        const body = await (await fetch(url, { headers: auth() })).text();
        assert.equal(body, `{}${RS}{"type":3,"invocationId":"1","result":5}${RS}`);

        // two polls at once: whichever the server gets first is replaced by the other, which times out
        const polls = await Promise.all([fetch(url, { headers: auth() }), fetch(url, { headers: auth() })]);
        assert.deepEqual(polls.map((poll) => poll.status).sort(), [200, 204], 'one replaced, one timed out');
        assert.equal(await polls.find((poll) => poll.status === 200)!.text(), '');
      } finally {
        await quick.stop();
      }
    });

    it('refuses overlapping POSTs with 409', async () => {
      const { token } = await negotiate(server.base);
      await fetch(hub(token), { headers: auth() });
      const [head, tail] = ['{"protocol":"json",', `"version":1}${RS}`];
      // A POST whose body is still arriving...
      const slow = httpRequest({
        host: '127.0.0.1',
        port: server.port,
        method: 'POST',
        path: `/hub?id=${encodeURIComponent(token)}`,
        headers: { ...auth(), 'content-type': 'text/plain', 'content-length': String(Buffer.byteLength(head + tail)) },
      });
      const slowStatus = new Promise<number>((resolve, reject) => {
        slow.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        slow.on('error', reject);
      });
      slow.write(head);
      // ...and another one meanwhile: refused once the slow one has reached the server (pings until then are harmless)
      const ping = () => fetch(hub(token), { method: 'POST', headers: auth(), body: `{"type":6}${RS}` });
      await waitFor(async () => (await ping()).status === 409, 'an overlapping POST to be refused');
      slow.end(tail);
      assert.equal(await slowStatus, 200);
      assert.equal((await fetch(hub(token), { method: 'POST', headers: auth(), body: `{"type":6}${RS}` })).status, 200);
    });

    it('drops a connection whose client stops polling', async () => {
      const { token, body } = await negotiate(server.base);
      await fetch(hub(token), { headers: auth() });
      await fetch(hub(token), { method: 'POST', headers: auth(), body: `{"protocol":"json","version":1}${RS}` });
      await waitFor(() => server.server.connections.has(body.connectionId), 'the connection');
      await waitFor(() => !server.server.connections.has(body.connectionId), 'the idle connection to be dropped', 2000);
      const entry = server.disconnected.find((d) => d.connectionId === body.connectionId);
      assert.match(String(entry?.reason?.message), /stopped polling/);
    });
  });

  describe('hub protocol', () => {
    it('answers an unsupported handshake protocol with an error and closes', async () => {
      const socket = await openSocket();
      socket.send(`{"protocol":"messagepack","version":1}${RS}`);
      await waitFor(() => socket.closed, 'the socket to close');
      assert.match(String(socket.messages[0]?.error), /messagepack/);
    });

    it('closes with an error on malformed JSON and keeps serving others', async () => {
      const socket = await openSocket();
      await socket.handshake();
      socket.send(`{"type":1,"target":"echo",${RS}`);
      await waitFor(() => socket.closed, 'the socket to close');
      const close = socket.messages.find((m) => m.type === 7);
      assert.ok(close, 'a Close message was sent');
      assert.match(String(close.error), /not valid JSON/);
      // Messages without a valid type, and non-objects, are errors too.
      for (const bad of ['{"target":"echo"}', '[1,2]', '"text"']) {
        const other = await openSocket();
        await other.handshake();
        other.send(`${bad}${RS}`);
        await waitFor(() => other.closed, `the socket to close on ${bad}`);
      }
      const client = buildClient(server.url, HttpTransportType.WebSockets);
      await client.start();
      assert.equal(await client.invoke('echo', 'alive'), 'alive');
      await client.stop();
    });

    it('closes a connection that sends a message over the size limit', async () => {
      const socket = await openSocket();
      await socket.handshake();
      socket.send(`{"type":1,"target":"echo","arguments":["${'x'.repeat(2000)}"]}${RS}`);
      await waitFor(() => socket.closed, 'the socket to close');
      assert.match(String(socket.messages.find((m) => m.type === 7)?.error), /maximum supported size of 1024 bytes/);
    });

    it('handles records split across frames and batched in one frame', async () => {
      const socket = await openSocket();
      socket.send('{"protocol":"json",');
      socket.send(
        `"version":1}${RS}{"type":1,"invocationId":"a","target":"add","arguments":[1,2]}${RS}{"type":1,"invocationId":"b","tar`,
      );
      socket.send(`get":"ECHO","arguments":["case-insensitive"]}${RS}`);
      await waitFor(() => socket.messages.length >= 3, 'two completions');
      assert.deepEqual(socket.messages.slice(0, 3), [
        {},
        { type: 3, invocationId: 'a', result: 3 },
        { type: 3, invocationId: 'b', result: 'case-insensitive' },
      ]);
    });

    it('refuses streaming with a completion error, ignores cancel and unknown types, closes on Close', async () => {
      const socket = await openSocket();
      await socket.handshake();
      socket.send(
        `{"type":4,"invocationId":"s1","target":"echo","arguments":[]}${RS}{"type":5,"invocationId":"s1"}${RS}{"type":42}${RS}{"type":6}${RS}`,
      );
      socket.send(`{"type":1,"invocationId":"x","target":"echo","arguments":[1],"streamIds":["q"]}${RS}`);
      socket.send(
        `{"type":1,"target":"record","arguments":["no completion"]}${RS}{"type":1,"invocationId":"after","target":"echo","arguments":["ok"]}${RS}`,
      );
      await waitFor(() => socket.messages.some((m) => m.invocationId === 'after'), 'the last completion');
      const completions = socket.messages.filter((m) => m.type === 3);
      assert.equal(completions.length, 3);
      assert.match(String(completions[0].error), /\[invalid_request\] Streaming hub methods are not supported/);
      assert.match(String(completions[1].error), /\[invalid_request\] Streaming arguments are not supported/);
      assert.deepEqual(completions[2], { type: 3, invocationId: 'after', result: 'ok' });
      assert.ok(server.recorded.includes('no completion'));
      socket.send(`{"type":7}${RS}`);
      await waitFor(() => socket.closed, 'the socket to close');
    });

    it('pings idle connections and closes silent clients', async () => {
      const strict = await startTestServer({ keepAliveIntervalMs: 50, clientTimeoutMs: 300, handshakeTimeoutMs: 200 });
      try {
        const { token } = await negotiate(strict.base);
        const socket = await RawHubSocket.open(strict.base, token);
        await socket.handshake();
        await waitFor(() => socket.messages.filter((m) => m.type === 6).length >= 2, 'server pings');
        await waitFor(() => socket.closed, 'the client timeout', 2000);
        assert.match(String(socket.messages.find((m) => m.type === 7)?.error), /Client timeout/);
        socket.close();

        const { token: other } = await negotiate(strict.base);
        const silent = await RawHubSocket.open(strict.base, other);
        await waitFor(() => silent.closed, 'the handshake timeout', 2000);
        assert.match(String(silent.messages[0]?.error), /Handshake/);
        assert.equal(strict.connected.length, 1, 'a connection without handshake never reached onConnected');
      } finally {
        await strict.stop();
      }
    });
  });

  describe('hub lifecycle', () => {
    it('closes the connection with the HubError when onConnected throws, and still calls onDisconnected', async () => {
      const disconnected: string[] = [];
      const refusing = await startTestServer({
        hub: {
          methods: { echo: (_ctx, value) => value },
          onConnected() {
            throw new HubError('forbidden', 'This agent is disabled.');
          },
          onDisconnected(connection) {
            disconnected.push(connection.connectionId);
          },
        },
      });
      try {
        const { token, body } = await negotiate(refusing.base);
        const socket = await RawHubSocket.open(refusing.base, token);
        socket.send(
          `{"protocol":"json","version":1}${RS}{"type":1,"invocationId":"1","target":"echo","arguments":[1]}${RS}`,
        );
        await waitFor(() => socket.closed, 'the socket to close');
        assert.deepEqual(socket.messages, [{}, { type: 7, error: '[forbidden] This agent is disabled.' }]);
        await waitFor(() => disconnected.includes(body.connectionId), 'onDisconnected');
        assert.equal(refusing.server.connections.size, 0);
      } finally {
        await refusing.stop();
      }
    });
  });

  describe('shutdown', () => {
    it('sends Close(allowReconnect) to raw clients, refuses new requests and ends transports', async () => {
      const doomed = await startTestServer();
      try {
        const { token } = await negotiate(doomed.base);
        const socket = await RawHubSocket.open(doomed.base, token);
        await socket.handshake();
        const { token: sseToken } = await negotiate(doomed.base);
        const sse = await fetch(`${doomed.url}?id=${encodeURIComponent(sseToken)}`, {
          headers: { ...auth(), accept: 'text/event-stream' },
        });
        assert.equal(sse.status, 200);
        assert.equal(sse.headers.get('content-type'), 'text/event-stream');
        await fetch(`${doomed.url}?id=${encodeURIComponent(sseToken)}`, {
          method: 'POST',
          headers: auth(),
          body: `{"protocol":"json","version":1}${RS}`,
        });
        const closing = doomed.server.close();
        const sseText = await sse.text(); // ends when the server ends the stream
        assert.ok(sseText.startsWith(`:\n\ndata: {}${RS}\n\n`), sseText);
        assert.ok(
          sseText.endsWith(`data: {"type":7,"error":"Server is shutting down.","allowReconnect":true}${RS}\n\n`),
        );
        await closing;
        await waitFor(() => socket.closed, 'the socket to close');
        assert.equal(socket.closeCode, 1000);
        assert.deepEqual(socket.messages.at(-1), { type: 7, error: 'Server is shutting down.', allowReconnect: true });
        const refused = await fetch(`${doomed.base}/hub/negotiate?negotiateVersion=1`, {
          method: 'POST',
          headers: auth(),
        });
        assert.equal(refused.status, 503);
      } finally {
        await doomed.stop();
      }
    });
  });

  it('never logs tokens', () => {
    const logged = JSON.stringify(server.logs);
    assert.doesNotMatch(logged, /agent-a|agent-b|forged/);
    for (const token of tokens) assert.equal(logged.includes(token), false);
  });

  it('the official client still works against the same server afterwards', async () => {
    const client = buildClient(server.url, HttpTransportType.LongPolling);
    await client.start();
    assert.equal(client.state, HubConnectionState.Connected);
    assert.equal(await client.invoke('add', 20, 22), 42);
    await client.stop();
  });
});
