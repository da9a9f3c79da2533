// Agent uploads against the real hub: Unicode file names come back in a valid Content-Disposition, a bad token is
// refused before the body is read, contents go to the files folder (not the database) and an upload in flight
// does not hold up other requests.
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { parse as parseContentDisposition } from 'content-disposition';
import type { UploadedAttachment } from '../../../src/protocol/payloads.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { waitUntil } from '../support/wait.js';

/** A raw HTTP/1.1 client: what it has read so far, so a test can look at an answer before it sent the whole body. */
function rawClient(url: string): Promise<{ socket: Socket; received: () => string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    let text = '';
    const socket = connect(Number(port), hostname, () => resolve({ socket, received: () => text }));
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.on('error', reject);
  });
}

describe('uploads', () => {
  let t: TestHub;
  let token: string;
  before(async () => {
    t = await startTestHub();
    token = await t.tokenFor('alice');
  });
  after(() => t.close());

  const upload = async (name: string, bytes: Buffer): Promise<UploadedAttachment> => {
    const answer = await fetch(`${t.url}/api/attachments?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' },
      body: new Uint8Array(bytes),
    });
    assert.equal(answer.status, 201, await answer.clone().text());
    return (await answer.json()) as UploadedAttachment;
  };

  for (const name of ['фото.png', '😀.png', 'line\u2028separator.png', 'plain "quoted".png']) {
    it(`serves ${JSON.stringify(name)} with its name encoded in Content-Disposition`, async () => {
      const bytes = Buffer.from(`contents of ${name}`);
      const uploaded = await upload(name, bytes);
      const media = await fetch(uploaded.url);
      assert.equal(media.status, 200);
      assert.deepEqual(Buffer.from(await media.arrayBuffer()), bytes);
      const disposition = parseContentDisposition(media.headers.get('content-disposition')!);
      assert.equal(disposition.type, 'inline');
      assert.equal(disposition.parameters.filename, uploaded.name);
    });
  }

  it('keeps the contents in the files folder, not in the database', async () => {
    const uploaded = await upload('kept.png', Buffer.alloc(256 * 1024, 7));
    const { rows } = await t.hub.db.query<{ content: unknown; size_bytes: number }>(
      'SELECT content, size_bytes FROM uploads WHERE id = $1',
      [uploaded.id],
    );
    assert.equal(rows[0].content, null);
    assert.equal(rows[0].size_bytes, 256 * 1024);
    assert.equal((await (await fetch(uploaded.url)).arrayBuffer()).byteLength, 256 * 1024);
  });

  it('refuses a bad token before reading the body', async () => {
    const client = await rawClient(t.url);
    // Announces 5 MB but sends only the headers: the answer must come without the body.
    client.socket.write(
      `POST /api/attachments?name=x.png HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer forged\r\nContent-Type: image/png\r\nContent-Length: ${5 * 1024 * 1024}\r\n\r\n`,
    );
    await waitUntil(() => client.received().includes('\r\n\r\n'), 'the answer to the forged token');
    assert.match(client.received(), /^HTTP\/1\.1 401 /);
    client.socket.destroy();
  });

  it('answers other requests, and other uploads, while an upload is in flight', async () => {
    const client = await rawClient(t.url);
    const size = 1024 * 1024;
    client.socket.write(
      `POST /api/attachments?name=slow.png HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer ${token}\r\nContent-Type: image/png\r\nContent-Length: ${size}\r\n\r\n`,
    );
    client.socket.write(Buffer.alloc(size / 2, 1));
    assert.equal((await fetch(`${t.url}/healthz`)).status, 200);
    const other = await upload('other.png', Buffer.from('another file'));
    assert.equal((await fetch(other.url)).status, 200);
    assert.equal(client.received(), '', 'the slow upload is still waiting for its body');
    client.socket.write(Buffer.alloc(size / 2, 1));
    await waitUntil(() => /\r\n\r\n.*\}$/s.test(client.received()), 'the slow upload to be answered');
    assert.match(client.received(), /^HTTP\/1\.1 201 /);
    const body = JSON.parse(client.received().split('\r\n\r\n')[1]) as UploadedAttachment;
    assert.equal(body.sizeBytes, size);
    client.socket.destroy();
  });

  it('refuses a file sent in chunks once it passes the limit, and keeps nothing of it', async () => {
    const client = await rawClient(t.url);
    client.socket.write(
      `POST /api/attachments?name=big.png HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer ${token}\r\nContent-Type: image/png\r\nTransfer-Encoding: chunked\r\n\r\n`,
    );
    const chunk = Buffer.alloc(1024 * 1024, 2);
    for (let i = 0; i < 6; i++)
      client.socket.write(`${chunk.length.toString(16)}\r\n${chunk.toString('latin1')}\r\n`, 'latin1');
    client.socket.write('0\r\n\r\n');
    await waitUntil(() => /\r\n\r\n.*\}$/s.test(client.received()), 'the refusal');
    assert.match(client.received(), /^HTTP\/1\.1 413 /);
    assert.match(client.received(), /attachment_too_large/);
    client.socket.destroy();
    const { rows } = await t.hub.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM uploads WHERE name = 'big.png'",
    );
    assert.equal(rows[0].n, 0);
  });
});
