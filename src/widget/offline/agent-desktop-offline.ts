/**
 * dist/agent-desktop-offline.js: offline support for the agent desktop, with workbox-window. `<ad-desktop
 * service-worker="/agent-desktop-sw.js">` loads it (from next to dist/agent-desktop.js) only when the host page
 * opts in, so none of it weighs on the desktop's own bundle. A host may also call it from script:
 *
 *     import { enableOfflineSupport } from 'https://hub.example.com/agent-desktop-offline.js';
 *     await enableOfflineSupport(document.querySelector('ad-desktop'), '/agent-desktop-sw.js');
 *
 * It registers the worker (which the host serves from its own origin) and, when a new version of it has installed
 * and waits, dispatches `ad-update-available` on the desktop and, unless a listener cancels that, shows the
 * desktop's update prompt; Reload activates the new version (`messageSkipWaiting()`) and reloads the page once
 * that version controls it.
 */
import { Workbox } from 'workbox-window/Workbox.js';
import { UpdateAvailableEvent } from '../events/update-available-event.js';
import { showUpdatePrompt } from './update-prompt.js';

export { UpdateAvailableEvent };
export type { UpdateAvailableDetail } from '../events/update-available-event.js';

export interface OfflineSupport {
  /** The worker's registration (e.g. `registration.unregister()`). */
  registration: ServiceWorkerRegistration;
  /** workbox-window's view of the worker, for more of its events. */
  workbox: Workbox;
  /** Activates a waiting new version and reloads the page once it controls it (what Reload does). */
  reload: () => Promise<void>;
}

export interface OfflineSupportOptions {
  /** The worker's scope (default: the folder the worker is served from). */
  scope?: string;
}

/** How often an open page looks for a new version of the worker. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

/** One registration per worker URL, however many desktops on the page opt in. */
const registered = new Map<
  string,
  Promise<Omit<OfflineSupport, 'reload'> & { onUpdate: (listener: () => void) => void; reload: () => Promise<void> }>
>();

/**
 * Registers the service worker at `workerUrl` (a path on the page's own origin, e.g. `/agent-desktop-sw.js`),
 * telling it where the widget's files come from (`?hub=`, the folder of this module; an explicit `hub` in
 * `workerUrl` wins). Rejects, with a sentence for the agent, when the browser refuses (no service workers, another
 * origin, not HTTPS, the file missing or not JavaScript); the desktop shows that as its error.
 */
export async function enableOfflineSupport(
  desktop: HTMLElement,
  workerUrl: string,
  options: OfflineSupportOptions = {},
): Promise<OfflineSupport> {
  if (!('serviceWorker' in navigator))
    throw new Error('this browser (or this page, not served over HTTPS) has no service workers.');
  const url = new URL(workerUrl, document.baseURI);
  if (url.origin !== location.origin) {
    throw new Error(
      `the service worker must be served from this page's origin (${location.origin}), not ${url.origin}.`,
    );
  }
  if (!url.searchParams.has('hub')) url.searchParams.set('hub', new URL('.', import.meta.url).href.replace(/\/$/, ''));
  const key = `${url.href} ${options.scope ?? ''}`;
  let entry = registered.get(key);
  if (!entry) {
    entry = register(url.href, options.scope);
    registered.set(key, entry);
    entry.catch(() => registered.delete(key));
  }
  const { registration, workbox, onUpdate, reload } = await entry;

  let announced = false;
  onUpdate(() => {
    if (announced) return;
    announced = true;
    if (desktop.dispatchEvent(new UpdateAvailableEvent({ reload }))) showUpdatePrompt(desktop, reload);
  });
  return { registration, workbox, reload };
}

async function register(scriptUrl: string, scope: string | undefined) {
  const workbox = new Workbox(scriptUrl, scope ? { scope } : {});
  const listeners = new Set<() => void>();
  let waiting = false;
  const announce = () => {
    waiting = true;
    for (const listener of listeners) listener();
  };
  // A new version installed and waits for this page (workbox-window also tells of one waiting since before).
  workbox.addEventListener('waiting', announce);
  let registration: ServiceWorkerRegistration | undefined;
  try {
    registration = await workbox.register();
  } catch (error) {
    throw new Error(
      `the browser refused the service worker ${scriptUrl.split('?')[0]}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  if (!registration) throw new Error(`the service worker ${scriptUrl.split('?')[0]} could not be registered.`);
  const reg = registration;
  // A new version may already be installing (the browser checks for one on every navigation) before
  // workbox-window listens: follow it too.
  const installing = reg.installing;
  if (installing && navigator.serviceWorker.controller) {
    installing.addEventListener('statechange', () => {
      if (installing.state === 'installed' && reg.waiting === installing) announce();
    });
  }
  if (reg.waiting && navigator.serviceWorker.controller) announce();
  // Agents keep the desktop open for hours, and browsers look for a new version only when a page opens: look hourly.
  setInterval(() => {
    if (navigator.onLine) reg.update().catch(() => undefined);
  }, UPDATE_CHECK_MS);

  let reloading: Promise<void> | null = null;
  const reload = (): Promise<void> =>
    (reloading ??= new Promise<void>((resolve) => {
      const reloadNow = () => {
        location.reload();
        resolve();
      };
      // Another tab may have activated it already: nothing waits any more, a reload is enough.
      if (!reg.waiting) return reloadNow();
      // If the new version never takes over (it failed to activate), reload anyway: the page keeps working.
      const fallback = setTimeout(reloadNow, 10_000);
      navigator.serviceWorker.addEventListener(
        'controllerchange',
        () => {
          clearTimeout(fallback);
          reloadNow();
        },
        { once: true },
      );
      workbox.messageSkipWaiting();
    }));

  return {
    registration: reg,
    workbox,
    reload,
    onUpdate(listener: () => void) {
      listeners.add(listener);
      if (waiting) listener();
    },
  };
}
