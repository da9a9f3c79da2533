import type { OutboundActivity } from '../../protocol/outbound.js';
import type { ConversationSummary, Message } from '../../protocol/payloads.js';
import type { MessageTemplate } from '../../protocol/templates.js';
import { decodeJwtClaims } from '../auth/jwt-claims.js';
import { partitionFromClaims, samePartition, type CachePartition } from '../cache/cache-partition.js';
import { CacheWriter } from '../cache/cache-writer.js';
import { ConversationCache } from '../cache/conversation-cache.js';
import type { Outbox } from '../outbox/outbox.js';
import type { DesktopStore } from '../state/desktop-store.js';

/** Conversations read from the cache for the first paint (more than a tall inbox shows). */
const FIRST_PAINT_CONVERSATIONS = 60;

/**
 * What this desktop holds: the store, its copy in this browser (the agent's IndexedDB cache, which also keeps the
 * outbox), and which conversations' full histories are held. Everything the hub tells goes in through `keep…`, so the
 * store and the cache stay alike.
 */
export class DesktopData {
  /** Conversations whose full history is held; live messages are kept (and caught up) only for these. */
  readonly held = new Set<string>();
  private cache: ConversationCache | null = null;
  private writer: CacheWriter | null = null;
  private opening: Promise<void> = Promise.resolve();

  constructor(
    readonly store: DesktopStore,
    private readonly outbox: Outbox,
  ) {}

  /** Whether this agent's cache is open. */
  get hasCache(): boolean {
    return this.cache !== null;
  }

  /** Resolves once the cache being opened (if any) is open. */
  opened(): Promise<void> {
    return this.opening;
  }

  /** Opens this agent's cache from the token's claims and shows its conversations until the hub answers. */
  async paintFromCache(tokens: () => Promise<string>): Promise<void> {
    let claims;
    try {
      claims = decodeJwtClaims(await tokens());
    } catch {
      return; // no token yet: the cache opens once the hub says who we are
    }
    if (claims) await this.open(partitionFromClaims(claims));
  }

  /** Opens the cache of `partition` (dropping another agent's data from screen and memory) and paints from it. */
  open(partition: CachePartition): Promise<void> {
    const opening = this.opening.then(async () => {
      if (this.cache && samePartition(this.cache.partition, partition)) return;
      if (this.cache) {
        // Another agent signed in on this page: drop the previous agent's data from screen and memory.
        await this.writer?.flush();
        this.cache.close();
        this.cache = null;
        this.writer = null;
        this.held.clear();
        this.store.clearData();
      }
      try {
        const cache = await ConversationCache.open(partition);
        this.cache = cache;
        this.writer = new CacheWriter(cache, {
          onError: (error) => console.warn('agent-desktop: could not write the conversation cache', error),
        });
        // The newest rows first (what the inbox shows), then all of them: a long list paints as fast as a short one.
        const recent = await cache.loadRecentConversations(FIRST_PAINT_CONVERSATIONS);
        if (this.store.getState().conversationsSource === 'none') this.store.replaceConversations(recent, 'cache');
        const conversations = await cache.loadConversations();
        if (this.store.getState().conversationsSource === 'cache')
          this.store.replaceConversations(conversations, 'cache');
        const templates = await cache.loadTemplates();
        if (this.store.getState().templatesSource === 'none') this.store.setTemplates(templates, 'cache');
        // the messages still on their way, from before a reload or a browser restart
        await this.outbox.use(cache, outboxOwner(partition));
      } catch (error) {
        // IndexedDB may be unavailable (private windows, storage blocked): carry on without it.
        console.warn('agent-desktop: the conversation cache is unavailable', error);
      }
    });
    this.opening = opening;
    return opening;
  }

  /** The outbox of `partition`'s agent, kept in the cache when there is one (in memory otherwise). */
  useOutbox(partition: CachePartition): void {
    void this.outbox.use(this.cache, outboxOwner(partition));
  }

  /** Forgets this agent's data in this browser, outbox included (e.g. on sign-out from a shared computer). */
  async clear(): Promise<void> {
    const cache = this.cache;
    if (!cache) return;
    await this.writer?.flush();
    this.cache = null;
    this.writer = null;
    cache.close();
    void this.outbox.use(null, '');
    await ConversationCache.delete(cache.partition);
  }

  /** Resolves when pending cache writes are stored. */
  async flush(): Promise<void> {
    await this.opening;
    await this.writer?.flush();
  }

  /**
   * What the cache holds of a conversation (its messages and outbound activities), once every write on its way is
   * stored (a catch-up may just have fetched some); nothing without a cache or when it cannot be read.
   */
  async cachedHistory(conversationId: string): Promise<[Message[], OutboundActivity[]]> {
    await this.flush();
    const cache = this.cache;
    if (!cache) return [[], []];
    return Promise.all([cache.loadMessages(conversationId), cache.loadActivities(conversationId)]).catch(() => [
      [],
      [],
    ]);
  }

  /** The highest seq cached of each conversation (0: none), once pending writes are stored; null without a cache. */
  async cachedLastSeqs(conversationIds: readonly string[]): Promise<number[] | null> {
    await this.writer?.flush();
    return (await this.cache?.lastSeqs(conversationIds).catch(() => null)) ?? null;
  }

  /** Puts conversations in the store, and those that changed in the cache. */
  keepConversations(list: readonly ConversationSummary[]): void {
    const changed = this.store.upsertConversations(list);
    this.writer?.putConversations(changed);
  }

  /** The hub's whole list: the store keeps those in `touched` (changed live meanwhile); the cache gets the result. */
  replaceConversations(list: readonly ConversationSummary[], touched: ReadonlySet<string>): void {
    this.store.replaceConversations(list, 'live', touched);
    const conversations = this.store.getState().conversations;
    for (const id of this.held) if (!conversations.has(id)) this.held.delete(id);
    this.writer?.replaceConversations([...conversations.values()]);
  }

  /** Puts messages of held conversations in the store, and those that changed in the cache. */
  keepMessages(list: readonly Message[]): void {
    const changed = this.store.upsertMessages(list.filter((m) => this.held.has(m.conversationId)));
    this.writer?.putMessages(changed);
  }

  /** Puts messages of a conversation not held here into the cache only (a catch-up of one not open). */
  cacheMessages(list: readonly Message[]): void {
    this.writer?.putMessages(list);
  }

  /** Puts outbound activities of held conversations in the store and the cache (the others get theirs when they open). */
  keepActivities(list: readonly OutboundActivity[]): void {
    const changed = this.store.upsertOutboundActivities(list.filter((a) => this.held.has(a.conversationId ?? '')));
    this.writer?.putActivities(changed);
  }

  /** The organisation's templates, from the hub. */
  keepTemplates(templates: readonly MessageTemplate[]): void {
    this.store.setTemplates(templates, 'live');
    this.writer?.replaceTemplates(templates);
  }
}

/** Whose the outbox is (names its Web Lock). */
function outboxOwner({ organisationId, agentId }: CachePartition): string {
  return `${encodeURIComponent(organisationId)}:${encodeURIComponent(agentId)}`;
}
