/**
 * dist/agent-desktop-sw.js: the agent desktop's service worker (a classic script). A host page opts in to offline
 * support by serving this file from its own origin and naming it in `<ad-desktop service-worker="…">`; the
 * desktop registers it as `agent-desktop-sw.js?hub=<where the widget's files come from>`.
 *
 * - Precached (cache first, refreshed when a new build of this file changes their revisions): the widget's files,
 *   `${hub}/agent-desktop.js` and `${hub}/agent-desktop-offline.js`, fetched with CORS (the hub allows any origin
 *   for them). Their revisions are hashes of the built files, written in at build time in place of
 *   `self.__WB_MANIFEST` (workbox-build's injectManifest, rollup.config.mjs).
 * - Navigations within the worker's scope (the host's pages): network first, the last copy when the network
 *   fails, so the page with the desktop opens offline once visited. Pages sent with `Cache-Control: no-store` are
 *   never kept, nor are the hub's own paths (when the host page and the hub share an origin); at most
 *   MAX_PAGES pages are kept.
 * - Everything else, in particular the hub (`/hub` negotiate, WebSockets, Server-Sent Events, long polling),
 *   `/api/*`, `/media/*` and `/webhooks/*`: no route, so the browser goes to the network as if there were no
 *   worker; nothing of it is ever cached.
 * - `{ type: 'SKIP_WAITING' }` (workbox-window's `messageSkipWaiting()`, the update prompt's Reload) activates a
 *   waiting new version.
 */
import { setCacheNameDetails } from 'workbox-core';
import type { WorkboxPlugin } from 'workbox-core/types.js';
import { cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkFirst } from 'workbox-strategies';

/**
 * What this file uses of ServiceWorkerGlobalScope: the widget's tsconfig has the DOM library, which has no
 * service-worker globals, and the WebWorker library cannot be mixed with it in one program.
 */
interface AgentDesktopWorkerScope {
  readonly location: { readonly href: string };
  readonly registration: { readonly scope: string };
  readonly clients: {
    matchAll(options: { type: 'window'; includeUncontrolled: boolean }): Promise<readonly { readonly url: string }[]>;
    claim(): Promise<void>;
  };
  /** Replaced at build time by the list of the widget's files and their revisions. */
  readonly __WB_MANIFEST: { url: string; revision: string }[];
  skipWaiting(): Promise<void>;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
  addEventListener(
    type: 'activate',
    listener: (event: Event & { waitUntil(promise: Promise<unknown>): void }) => void,
  ): void;
}
declare const self: AgentDesktopWorkerScope;

/** Cache names: `agent-desktop-precache-v2-<scope>` (workbox's format) and PAGES_CACHE. */
const CACHE_PREFIX = 'agent-desktop';
const PAGES_CACHE = `${CACHE_PREFIX}-pages`;
/** Pages kept for offline use; the least recently fetched go first. */
const MAX_PAGES = 25;
/** The hub's own paths, never handled as pages when the host page and the hub share an origin (as in the demo). */
const HUB_PATHS = /^\/(?:hub|api|media|webhooks|healthz)(?:[/?]|$)/;

/** Where the widget's files are: `?hub=` (an absolute http(s) URL), else next to this worker. */
function widgetBase(): string {
  const here = new URL(self.location.href);
  const hub = here.searchParams.get('hub');
  if (hub) {
    const url = new URL(hub, here);
    if (url.protocol === 'https:' || url.protocol === 'http:') return url.href.replace(/\/?$/, '/');
  }
  return new URL('./', here).href;
}

/** Never keeps what the server said not to store, errors, nor redirects (a navigation cannot be answered with one). */
const storableOnly: WorkboxPlugin = {
  cacheWillUpdate: async ({ response }) =>
    response.status === 200 &&
    !response.redirected &&
    !/\bno-store\b/i.test(response.headers.get('Cache-Control') ?? '')
      ? response
      : null,
};

/** Keeps the MAX_PAGES most recently fetched pages (a put moves an entry to the end of the cache's keys). */
const latestPagesOnly: WorkboxPlugin = {
  cacheDidUpdate: async ({ cacheName }) => {
    const cache = await caches.open(cacheName);
    const keys = await cache.keys();
    await Promise.all(keys.slice(0, Math.max(0, keys.length - MAX_PAGES)).map((key) => cache.delete(key)));
  },
};

setCacheNameDetails({ prefix: CACHE_PREFIX });

const base = widgetBase();
// Query strings do not change these files (a host may load `agent-desktop.js?v=3`): match on the path alone.
precacheAndRoute(
  self.__WB_MANIFEST.map(({ url, revision }) => ({ url: new URL(url, base).href, revision })),
  { ignoreURLParametersMatching: [/.*/] },
);
cleanupOutdatedCaches();

const pages = new NetworkFirst({ cacheName: PAGES_CACHE, plugins: [storableOnly, latestPagesOnly] });
registerRoute(new NavigationRoute(pages, { denylist: [HUB_PATHS] }));

self.addEventListener('message', (event) => {
  if ((event.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

/**
 * On activation, keeps the pages open in the scope (the page that registered the first version loaded before any
 * worker, so it would not open offline yet), then takes control of them: the first version at once, a later one
 * after the update prompt's Reload (`SKIP_WAITING`).
 */
self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const open = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const inScope = open
        .map((client) => client.url)
        .filter((url) => url.startsWith(self.registration.scope) && !HUB_PATHS.test(new URL(url).pathname));
      await Promise.all(
        [...new Set(inScope)].map((url) => pages.handle({ event, request: new Request(url) }).catch(() => undefined)),
      );
      await self.clients.claim();
    })(),
  );
});
