// Slow clients are cut: headers trickled a byte at a time, or a body that never finishes, lose their socket within
// the configured time (short ones here), while ordinary requests on the same hub are answered.
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { waitUntil } from '../support/wait.js';

/** A socket that writes `parts` one every `everyMs` (then keeps writing the last one); tells when the hub closed it. */
function trickle(
  url: string,
  head: string,
  drip: string,
  everyMs: number,
): { closed: () => boolean; received: () => string; stop: () => void } {
  const { hostname, port } = new URL(url);
  let closed = false;
  let text = '';
  const socket: Socket = connect(Number(port), hostname, () => socket.write(head));
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
  socket.on('close', () => (closed = true));
  socket.on('error', () => {});
  const timer = setInterval(() => {
    if (!socket.destroyed) socket.write(drip);
  }, everyMs);
  socket.on('close', () => clearInterval(timer));
  return { closed: () => closed, received: () => text, stop: () => socket.destroy() };
}

describe('HTTP timeouts', () => {
  let t: TestHub;
  before(
    async () =>
      (t = await startTestHub({
        hub: { httpTimeouts: { headersMs: 500, requestMs: 1000, keepAliveMs: 500, checkIntervalMs: 100 } },
      })),
  );
  after(() => t.close());

  it('cuts a client that trickles its headers', async () => {
    const slow = trickle(t.url, 'GET /healthz HTTP/1.1\r\nHost: hub\r\n', 'X-Slow: 1\r\n', 100);
    // Without the timeout it would keep sending for ever: the hub closing the socket is what ends the wait.
    await waitUntil(slow.closed, 'the hub to close the slow-header socket', 5000);
    assert.doesNotMatch(slow.received(), /200 OK/, 'never answered as if the request were complete');
  });

  it('cuts a client whose body never finishes', async () => {
    const slow = trickle(
      t.url,
      'POST /webhooks/twilio HTTP/1.1\r\nHost: hub\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000\r\n\r\n',
      'a',
      100,
    );
    await waitUntil(slow.closed, 'the hub to close the slow-body socket', 5000);
    assert.match(slow.received(), /^HTTP\/1\.1 408 /);
  });

  it('answers ordinary requests meanwhile', async () => {
    const slow = trickle(t.url, 'GET /healthz HTTP/1.1\r\nHost: hub\r\n', 'X-Slow: 1\r\n', 100);
    assert.equal((await fetch(`${t.url}/healthz`)).status, 200);
    await waitUntil(slow.closed, 'the slow socket to be cut', 5000);
  });
});
