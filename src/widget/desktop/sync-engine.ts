import { partitionFromIdentity } from '../cache/cache-partition.js';
import type { HubLink } from '../hub/hub-link.js';
import { catchUpAfterSeq } from '../state/merge-messages.js';
import type { CallTracker } from './call-tracker.js';
import type { ClockSkewMeter } from './clock-skew.js';
import type { ConversationTracker } from './conversation-tracker.js';
import type { CurrentHub } from './current-hub.js';
import type { DesktopData } from './desktop-data.js';
import type { ReadMarker } from './read-marker.js';
import { reportFailure } from './report-failure.js';
import type { RoutingTracker } from './routing-tracker.js';

/** Most messages the hub returns per getMessages call (the contract's maximum). */
const PAGE_SIZE = 500;
/** Conversations caught up at the same time after a reconnect. */
const CATCH_UP_CONCURRENCY = 4;

export interface SyncParts {
  hub: CurrentHub;
  data: DesktopData;
  conversations: ConversationTracker;
  calls: CallTracker;
  routing: RoutingTracker;
  reads: ReadMarker;
  clock: ClockSkewMeter;
  /** Whether the desktop keeps its cache in this browser. */
  useCache(): boolean;
}

/**
 * Brings the desktop up to date with the hub after every (re)connect, `online` and wake, however long it was away:
 * who the agent is, the conversation list, every held history from where it stops (no gaps, no duplicates), the
 * templates, calls and routing. Also loads a conversation's history when it opens. A newer sync (or a disconnect)
 * makes an older one stop where it is.
 */
export class SyncEngine {
  private generation = 0;

  constructor(private readonly parts: SyncParts) {}

  /** Stops the sync under way (the desktop disconnects): its late answers are dropped. */
  cancel(): void {
    this.generation += 1;
  }

  /**
   * Identity, the outbox, the conversation list, then each held history from where it stops (catchUpAll), the open
   * conversation marked read; templates, calls and routing alongside.
   */
  async sync(): Promise<void> {
    const { hub: current, data, conversations, calls, routing, reads, clock } = this.parts;
    const generation = ++this.generation;
    const isCurrent = () => generation === this.generation;
    const hub = current.link;
    if (!hub) return;
    data.store.setCatchingUp(new Set(data.held));
    const alongside: Array<Promise<void>> = [];
    try {
      const identity = await hub.invoke('whoAmI');
      if (!isCurrent()) return;
      data.store.setIdentity(identity);
      clock.start();
      const partition = partitionFromIdentity(identity);
      if (this.parts.useCache()) await data.open(partition);
      data.useOutbox(partition);
      alongside.push(this.syncTemplates(hub, isCurrent), calls.sync(hub, isCurrent), routing.sync(hub, isCurrent));

      await conversations.sync(hub, isCurrent);
      if (!isCurrent()) return;
      const selected = data.store.getState().selectedConversationId;
      if (selected && !data.held.has(selected)) void this.loadHistory(selected);
      await this.catchUpAll(hub, generation);
      await reads.markOpenRead();
    } catch (error) {
      if (isCurrent() && hub.isConnected) reportFailure(data.store, 'sync', error);
    }
    await Promise.all(alongside);
  }

  /** Loads a conversation's history: the cached part at once, then whatever the hub has after it. */
  async loadHistory(conversationId: string): Promise<void> {
    const { data, hub } = this.parts;
    if (data.held.has(conversationId)) return;
    data.held.add(conversationId);
    data.store.setHistoryLoading(conversationId, true);
    try {
      const [messages, activities] = await data.cachedHistory(conversationId);
      data.store.upsertMessages(messages);
      data.store.upsertOutboundActivities(activities);
      if (hub.link?.isConnected) await this.catchUp(hub.link, conversationId, this.generation);
    } catch (error) {
      // Still counted as held: the sync after the next (re)connect catches it up.
      if (hub.connected) reportFailure(data.store, 'loadMessages', error, conversationId);
    } finally {
      data.store.setHistoryLoading(conversationId, false);
    }
  }

  /** The organisation's templates, fetched beside the conversations; a failure leaves the cached ones. */
  private async syncTemplates(hub: HubLink, isCurrent: () => boolean): Promise<void> {
    try {
      const templates = await hub.invoke('getTemplates');
      if (isCurrent()) this.parts.data.keepTemplates(templates);
    } catch (error) {
      if (isCurrent() && hub.isConnected) reportFailure(this.parts.data.store, 'getTemplates', error);
    }
  }

  /**
   * Catches up every conversation held here: those open here from the messages in memory (see catchUp); the others,
   * when the hub's list says they have more, from the highest seq cached (into the cache only), so none has gaps or
   * duplicates however long the desktop was away. A few at a time; `catchingUp` names those still behind. A link that
   * drops meanwhile leaves it set: the next connect starts again from what is held.
   */
  private async catchUpAll(hub: HubLink, generation: number): Promise<void> {
    const { data } = this.parts;
    const { store } = data;
    const others = data.hasCache
      ? [...store.getState().conversations.values()].filter((c) => !data.held.has(c.id) && c.lastSeq > 0)
      : [];
    const cached = await data.cachedLastSeqs(others.map((c) => c.id));
    if (generation !== this.generation) return;
    const behind = new Map<string, number | undefined>([...data.held].map((id) => [id, undefined]));
    // Behind = something cached and more on the hub; with nothing cached, only the agent's own conversations are fetched
    // (a supervisor's first visit does not download the whole organisation's history; opening one loads it).
    const me = store.getState().identity?.agentId;
    others.forEach(
      (c, i) =>
        cached && c.lastSeq > cached[i] && (cached[i] > 0 || c.assignedAgentId === me) && behind.set(c.id, cached[i]),
    );
    store.setCatchingUp(new Set(behind.keys()));
    try {
      await forEachLimited([...behind], CATCH_UP_CONCURRENCY, async ([id, after]) => {
        await this.catchUp(hub, id, generation, after);
        if (generation === this.generation) store.caughtUp(id);
      });
    } finally {
      if (generation === this.generation && hub.isConnected) store.setCatchingUp(null);
    }
  }

  /**
   * Fetches the messages after the held ones, page by page, merging without duplicates: of a conversation open here,
   * after those in memory, and its outbound activities, all of them (few, and they may have been sent while this
   * desktop was away); of another, after `cachedSeq` (the highest cached), into the cache.
   */
  private async catchUp(hub: HubLink, conversationId: string, generation: number, cachedSeq?: number): Promise<void> {
    const { data } = this.parts;
    if (cachedSeq === undefined) {
      void hub.invoke('getOutboundActivities', conversationId).then(
        (activities) => generation === this.generation && data.keepActivities(activities),
        // A hub without outbound messages, or the link dropped (the next catch-up asks again): the messages show alone.
        () => {},
      );
    }
    let afterSeq = cachedSeq ?? catchUpAfterSeq(data.store.getState().messages.get(conversationId) ?? []);
    for (;;) {
      const page = await hub.invoke('getMessages', { conversationId, afterSeq, limit: PAGE_SIZE });
      if (generation !== this.generation) return;
      // (opened meanwhile: into the store as well)
      if (data.held.has(conversationId)) data.keepMessages(page);
      else if (cachedSeq === undefined) return;
      else data.cacheMessages(page);
      if (page.length < PAGE_SIZE) return;
      afterSeq = page[page.length - 1].seq;
    }
  }
}

/** Runs `task` over `items`, at most `limit` at a time; the first failure rejects (after the others settle). */
async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      await task(item).catch((error: unknown) => errors.push(error));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (errors.length > 0) throw errors[0];
}
