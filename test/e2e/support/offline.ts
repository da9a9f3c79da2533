/**
 * Going offline with Chromium's network emulation (CDP `Network.emulateNetworkConditions`), customers texting in
 * bursts through the signed TeleSign webhook, and reading what the desktop holds (its store and its IndexedDB) from
 * the page. Shared by test/e2e/offline.test.ts and the bench (test/bench/run.ts).
 */
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import type { RunningDemo } from '../../../demo/demo-server.js';
import { sendInboundSms } from '../../../demo/simulated-customer.js';

/** The page's network, on (false) or off (true), as DevTools' "Offline" does. */
export async function emulateOffline(cdp: CDPSession, offline: boolean): Promise<void> {
  await cdp.send('Network.emulateNetworkConditions', {
    offline,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
}

/** A CDP session on the page, with the Network domain on. */
export async function networkSession(context: BrowserContext, page: Page): Promise<CDPSession> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  return cdp;
}

/** A customer texts the demo's support number. */
export async function text(demo: RunningDemo, from: string, body: string): Promise<void> {
  const answer = await sendInboundSms({
    hubUrl: demo.hub.url,
    ...demo.config.telesign!,
    from,
    to: '18005550199',
    text: body,
  });
  if (answer.status !== 200) throw new Error(`webhook answered ${answer.status}: ${JSON.stringify(answer.body)}`);
}

/**
 * `total` texts spread over the customers, each customer's in order (one after the other), the customers side by side.
 * Answers the texts by customer.
 */
export async function burst(
  demo: RunningDemo,
  customers: string[],
  total: number,
  label = 'missed',
): Promise<Map<string, string[]>> {
  const sent = new Map(customers.map((c) => [c, [] as string[]]));
  await Promise.all(
    customers.map(async (customer, k) => {
      for (let i = k; i < total; i += customers.length) {
        const body = `${label} ${i + 1} for ${customer}`;
        await text(demo, customer, body);
        sent.get(customer)!.push(body);
      }
    }),
  );
  return sent;
}

/**
 * What the desktop holds of a conversation, as [seq, text]: its store's copy when it is open (unless `fromCache`), else
 * its IndexedDB's.
 */
export function held(
  page: Page,
  conversationId: string,
  { agent = 'alice', fromCache = false } = {},
): Promise<Array<[number, string]>> {
  return page.evaluate(
    async ({ conversationId, agent, fromCache }) => {
      const desktop = document.querySelector('ad-desktop') as HTMLElement & {
        store: { getState(): { messages: Map<string, Array<{ seq: number; text: string }>> } };
      };
      const inMemory = fromCache ? undefined : desktop.store.getState().messages.get(conversationId);
      if (inMemory) return inMemory.map((m) => [m.seq, m.text] as [number, string]);
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(`agent-desktop-cache/v1/contoso/${agent}`);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error ?? new Error('the IndexedDB request failed'));
      });
      try {
        const request = db
          .transaction('messages')
          .objectStore('messages')
          .getAll(IDBKeyRange.bound([conversationId], [conversationId, []]));
        const rows = await new Promise<Array<{ seq: number; text: string }>>((resolve, reject) => {
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error ?? new Error('the IndexedDB request failed'));
        });
        return rows.map((m) => [m.seq, m.text] as [number, string]);
      } finally {
        db.close();
      }
    },
    { conversationId, agent, fromCache },
  );
}

/**
 * Follows the desktop's `catchingUp` in the page from now on: when it was last set and cleared (Date.now(), this
 * machine's clock), and whether the inbox said "Catching up…".
 */
export function watchCatchUp(page: Page): Promise<void> {
  return page.evaluate(() => {
    type State = { catchingUp: Set<string> | null };
    const desktop = document.querySelector('ad-desktop') as HTMLElement & {
      store: { getState(): State; subscribe(l: (s: State) => void): void };
    };
    const w = window as unknown as { catchUp: { startedAt?: number; clearedAt?: number; inboxSaid?: boolean } };
    w.catchUp = {};
    let was = desktop.store.getState().catchingUp;
    desktop.store.subscribe(({ catchingUp }) => {
      if (catchingUp && !was) w.catchUp.startedAt = Date.now();
      if (!catchingUp && was) w.catchUp.clearedAt = Date.now();
      was = catchingUp;
    });
    const inbox = desktop.shadowRoot!.querySelector('ad-conversation-inbox')!.shadowRoot!;
    new MutationObserver(() => {
      if (inbox.querySelector('[part="header"] [role="status"]')?.textContent === 'Catching up…')
        w.catchUp.inboxSaid = true;
    }).observe(inbox, { subtree: true, childList: true, characterData: true });
  });
}

/** What watchCatchUp saw; waits until catching up has started and cleared again after `since`. */
export async function caughtUp(
  page: Page,
  since: number,
  timeout = 60_000,
): Promise<{ startedAt: number; clearedAt: number; inboxSaid: boolean }> {
  const handle = await page.waitForFunction(
    (since) => {
      const { catchUp } = window as unknown as {
        catchUp: { startedAt?: number; clearedAt?: number; inboxSaid?: boolean };
      };
      return catchUp.startedAt !== undefined &&
        catchUp.clearedAt !== undefined &&
        catchUp.clearedAt >= since &&
        catchUp.clearedAt >= catchUp.startedAt
        ? { startedAt: catchUp.startedAt, clearedAt: catchUp.clearedAt, inboxSaid: !!catchUp.inboxSaid }
        : null;
    },
    since,
    { timeout, polling: 20 },
  );
  return (await handle.jsonValue())!;
}

/** Queues `texts` in the open conversation through the composer (its public `send()`), as fast as it takes them. */
export function compose(page: Page, texts: string[]): Promise<void> {
  return page.evaluate(async (texts) => {
    const composer = document
      .querySelector('ad-desktop')!
      .shadowRoot!.querySelector('ad-message-composer') as HTMLElement & {
      updateComplete: Promise<unknown>;
      send(): Promise<void>;
    };
    const field = composer.shadowRoot!.querySelector('textarea')!;
    for (const text of texts) {
      field.value = text;
      field.dispatchEvent(new Event('input', { bubbles: true }));
      await composer.updateComplete;
      await composer.send();
    }
  }, texts);
}

/**
 * Follows the desktop from now on: when it was last connected and when its outbox last became empty (Date.now()).
 */
export function watchDrain(page: Page): Promise<void> {
  return page.evaluate(() => {
    type State = { connection: { state: string }; outbox: Map<string, unknown[]> };
    const desktop = document.querySelector('ad-desktop') as HTMLElement & {
      store: { getState(): State; subscribe(l: (s: State) => void): void };
    };
    const w = window as unknown as { drain: { connectedAt?: number; emptyAt?: number } };
    w.drain = {};
    let wasConnected = desktop.store.getState().connection.state === 'connected';
    let waiting = desktop.store.getState().outbox.size > 0;
    desktop.store.subscribe(({ connection, outbox }) => {
      const connected = connection.state === 'connected';
      if (connected && !wasConnected) w.drain.connectedAt = Date.now();
      wasConnected = connected;
      if (waiting && outbox.size === 0) w.drain.emptyAt = Date.now();
      waiting = outbox.size > 0;
    });
  });
}

/** What watchDrain saw, once the outbox has emptied after being connected. */
export async function drained(page: Page, timeout = 60_000): Promise<{ connectedAt: number; emptyAt: number }> {
  const handle = await page.waitForFunction(
    () => {
      const { drain } = window as unknown as { drain: { connectedAt?: number; emptyAt?: number } };
      return drain.connectedAt !== undefined && drain.emptyAt !== undefined
        ? { connectedAt: drain.connectedAt, emptyAt: drain.emptyAt }
        : null;
    },
    null,
    { timeout, polling: 10 },
  );
  return (await handle.jsonValue())!;
}

/** How many messages wait in the desktop's outbox. */
export function outboxSize(page: Page): Promise<number> {
  return page.evaluate(() => {
    const desktop = document.querySelector('ad-desktop') as HTMLElement & {
      store: { getState(): { outbox: Map<string, unknown[]> } };
    };
    return [...desktop.store.getState().outbox.values()].reduce((n, entries) => n + entries.length, 0);
  });
}
