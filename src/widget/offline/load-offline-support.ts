/**
 * The desktop's side of offline support, in the main bundle: only when the host opts in (`service-worker`) and the
 * browser has service workers, loads dist/agent-desktop-offline.js from next to this bundle at run time (not
 * bundled: workbox-window stays out of dist/agent-desktop.js) and lets it register the host's worker. Any failure
 * becomes one of the desktop's errors; the desktop itself works on regardless.
 */
import type { DesktopStore } from '../state/desktop-store.js';

type OfflineModule = typeof import('./agent-desktop-offline.js');

export async function loadOfflineSupport(
  desktop: HTMLElement & { readonly store: DesktopStore },
  workerUrl: string,
): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  try {
    const offline = (await import(
      /* @vite-ignore */ new URL('./agent-desktop-offline.js', import.meta.url).href
    )) as OfflineModule;
    await offline.enableOfflineSupport(desktop, workerUrl);
  } catch (error) {
    // Always an Error: the module's own (a sentence for the agent), or the browser's when the module does not load.
    const { message } = error as Error;
    desktop.store.addError({
      code: 'offline_unavailable',
      message: `Offline support is off: ${message}`,
      action: 'serviceWorker',
      conversationId: null,
    });
  }
}
