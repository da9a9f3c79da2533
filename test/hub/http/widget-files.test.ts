// The widget's files the hub serves (after `npm run build`): the bundle, the offline-support module and the service
// worker, as JavaScript, public (CORS for any origin: a host's worker precaches them), revalidated by ETag; nothing
// else of dist/. And the worker as built precaches the other two with their current hashes as revisions.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const dist = (file: string) => readFileSync(new URL(`../../../dist/${file}`, import.meta.url));
const FILES = ['agent-desktop.js', 'agent-desktop-offline.js', 'agent-desktop-sw.js'];

describe('the widget files route', () => {
  let t: TestHub;
  before(async () => {
    t = await startTestHub();
  });
  after(() => t.close());

  it('serves each widget file as JavaScript, to any origin, with an ETag to revalidate', async () => {
    for (const file of FILES) {
      // As a host's service worker precaches it: CORS, with workbox's revision in the query.
      const response = await fetch(`${t.url}/${file}?__WB_REVISION__=abc`, {
        headers: { origin: 'https://crm.elsewhere.example' },
      });
      assert.equal(response.status, 200, file);
      assert.equal(response.headers.get('content-type'), 'text/javascript; charset=utf-8', file);
      assert.equal(response.headers.get('access-control-allow-origin'), '*', file);
      assert.equal(response.headers.get('access-control-allow-credentials'), null, file);
      assert.equal(response.headers.get('cache-control'), 'no-cache', file);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', file);
      assert.ok(Buffer.from(await response.arrayBuffer()).equals(dist(file)), `${file}: the built file`);
      const etag = response.headers.get('etag');
      assert.ok(etag, file);
      const again = await fetch(`${t.url}/${file}`, { headers: { 'if-none-match': etag } });
      assert.equal(again.status, 304, file);
    }
  });

  it('serves the chunks the bundle loads when needed, to any origin, cached for good (their names carry their hash)', async () => {
    const chunks = (JSON.parse(dist('agent-desktop-files.json').toString()) as string[]).filter((f) =>
      f.startsWith('chunks/'),
    );
    assert.ok(chunks.length > 0, 'the build made chunks');
    for (const file of chunks) {
      const response = await fetch(`${t.url}/${file}`, { headers: { origin: 'https://crm.elsewhere.example' } });
      assert.equal(response.status, 200, file);
      assert.equal(response.headers.get('content-type'), 'text/javascript; charset=utf-8', file);
      assert.equal(response.headers.get('access-control-allow-origin'), '*', file);
      assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000, immutable', file);
      assert.ok(Buffer.from(await response.arrayBuffer()).equals(dist(file)), file);
    }
    for (const path of [
      '/chunks/nope-123.js',
      '/chunks/..%2Fagent-desktop-files.json',
      '/chunks/a.js.map',
      '/chunks/',
    ]) {
      const response = await fetch(t.url + path);
      assert.equal(response.status, 404, path);
      await response.body?.cancel();
    }
  });

  it('answers 404 to any other file, source maps included', async () => {
    for (const path of [
      '/agent-desktop.js.map',
      '/agent-desktop-files.json',
      '/agent-desktop-sw.js.map',
      '/agent-desktop-other.js',
      '/dist/agent-desktop.js',
      '/agent-desktop-offline.ts',
      '/package.json',
    ]) {
      const response = await fetch(t.url + path);
      assert.equal(response.status, 404, path);
      await response.body?.cancel();
    }
  });

  it('builds the worker with the precache manifest of the files as built', () => {
    const worker = dist('agent-desktop-sw.js').toString();
    assert.ok(!worker.includes('__WB_MANIFEST'), 'the placeholder is replaced');
    // workbox-build's injectManifest: [{ revision, url }, …], the revision an MD5 of the file as built
    const manifest = JSON.parse(/\[\{"revision":.*?\}\]/.exec(worker)![0]) as { url: string; revision: string }[];
    // the bundle, the chunks it loads when needed (named by content), and the offline module
    const files = [
      'agent-desktop-offline.js',
      ...(JSON.parse(dist('agent-desktop-files.json').toString()) as string[]),
    ];
    assert.ok(
      files.includes('agent-desktop.js') && files.some((f) => f.startsWith('chunks/softphone-panel-')),
      files.join(', '),
    );
    const byUrl = (entries: { url: string; revision: string }[]) =>
      [...entries].sort((x, y) => x.url.localeCompare(y.url));
    assert.deepEqual(
      byUrl(manifest),
      byUrl(files.map((url) => ({ url, revision: createHash('md5').update(dist(url)).digest('hex') }))),
    );
    assert.ok(!dist('agent-desktop.js').toString().includes('workbox'), 'workbox stays out of the desktop bundle');
  });
});
