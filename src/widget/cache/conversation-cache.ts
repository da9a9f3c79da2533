import type { OutboundActivity } from '../../protocol/outbound.js';
import type { ConversationSummary, Message } from '../../protocol/payloads.js';
import type { MessageTemplate } from '../../protocol/templates.js';
import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { OutboxEntry } from '../outbox/outbox-entry.js';
import { cacheDatabaseName, type CachePartition } from './cache-partition.js';

/** The database (IndexedDB through `idb`). */
interface CacheSchema extends DBSchema {
  /** Indexed by last activity, so a reload can paint the newest rows before reading all of them. */
  conversations: { key: string; value: ConversationSummary; indexes: { byActivity: string } };
  /** Keyed [conversationId, seq]: one conversation's messages are one key range, already in seq order. */
  messages: { key: [string, number]; value: Message };
  /** By name, so the template picker works offline. */
  templates: { key: string; value: MessageTemplate };
  /** Keyed [conversationId, id]: the outbound messages on a conversation's timeline. */
  activities: { key: [string, string]; value: OutboundActivity };
  /** The agent's messages not yet accepted by the hub, by clientMessageId (outbox/outbox.ts). */
  outbox: { key: string; value: OutboxEntry };
}

/** One batch of writes, applied in a single transaction. */
export interface CacheWrite {
  /** The complete conversation list: conversations not in it are deleted, with their messages. */
  replaceConversations?: readonly ConversationSummary[];
  putConversations?: readonly ConversationSummary[];
  putMessages?: readonly Message[];
  /** Outbound activities of conversations (those without a conversation are not kept). */
  putActivities?: readonly OutboundActivity[];
  /** The complete template list: templates not in it are deleted. */
  replaceTemplates?: readonly MessageTemplate[];
}

const VERSION = 5;

/**
 * This browser's copy of one agent's conversations and messages (IndexedDB), so a reload paints the inbox
 * before the hub answers. One database per organisation + agent.
 */
export class ConversationCache {
  private constructor(
    readonly partition: CachePartition,
    private readonly db: IDBPDatabase<CacheSchema>,
  ) {}

  static async open(partition: CachePartition): Promise<ConversationCache> {
    const db = await openDB<CacheSchema>(cacheDatabaseName(partition), VERSION, {
      upgrade(database, oldVersion, _newVersion, transaction) {
        if (oldVersion < 1) {
          database.createObjectStore('conversations', { keyPath: 'id' });
          database.createObjectStore('messages', { keyPath: ['conversationId', 'seq'] });
        }
        // ISO-8601 UTC timestamps sort as strings.
        if (oldVersion < 2) transaction.objectStore('conversations').createIndex('byActivity', 'lastActivityAt');
        if (oldVersion < 3) database.createObjectStore('templates', { keyPath: 'name' });
        if (oldVersion < 4) database.createObjectStore('activities', { keyPath: ['conversationId', 'id'] });
        if (oldVersion < 5) database.createObjectStore('outbox', { keyPath: 'clientMessageId' });
      },
      // Another page wants a newer version, or to delete the database: let it.
      blocking() {
        db.close();
      },
    });
    return new ConversationCache(partition, db);
  }

  /** Deletes a partition's database (e.g. when the agent signs out on a shared browser). */
  static async delete(partition: CachePartition): Promise<void> {
    await deleteDB(cacheDatabaseName(partition));
  }

  async loadConversations(): Promise<ConversationSummary[]> {
    const all = await this.db.getAll('conversations');
    return all.filter((conversation) => conversation.organisationId === this.partition.organisationId);
  }

  /** The `limit` most recently active conversations, newest first: enough to paint the inbox at once. */
  async loadRecentConversations(limit: number): Promise<ConversationSummary[]> {
    const recent: ConversationSummary[] = [];
    let cursor = await this.db.transaction('conversations').store.index('byActivity').openCursor(null, 'prev');
    while (cursor && recent.length < limit) {
      if (cursor.value.organisationId === this.partition.organisationId) recent.push(cursor.value);
      cursor = await cursor.continue();
    }
    return recent;
  }

  /** A conversation's cached messages, in seq order. */
  loadMessages(conversationId: string): Promise<Message[]> {
    return this.db.getAll('messages', ofConversation(conversationId));
  }

  /** A conversation's cached outbound activities (in no particular order). */
  loadActivities(conversationId: string): Promise<OutboundActivity[]> {
    return this.db.getAll('activities', ofConversation(conversationId));
  }

  /** The highest seq cached of each conversation (0 for none); histories are cached from seq 1 without gaps. */
  lastSeqs(conversationIds: readonly string[]): Promise<number[]> {
    const messages = this.db.transaction('messages').store;
    return Promise.all(
      conversationIds.map(async (id) => (await messages.openKeyCursor(ofConversation(id), 'prev'))?.key[1] ?? 0),
    );
  }

  /** Every outbox entry, in no particular order. */
  loadOutbox(): Promise<OutboxEntry[]> {
    return this.db.getAll('outbox');
  }

  /** Stores an outbox entry (resolves once committed: it survives a reload from then on), or deletes one by id. */
  async putOutbox(entry: OutboxEntry | string): Promise<void> {
    await (typeof entry === 'string' ? this.db.delete('outbox', entry) : this.db.put('outbox', entry));
  }

  /** The organisation's templates as last received from the hub, by name. */
  loadTemplates(): Promise<MessageTemplate[]> {
    return this.db.getAll('templates');
  }

  /** Applies a batch in one transaction; resolves once it is committed (rejects if it aborts). */
  async write(batch: CacheWrite): Promise<void> {
    const tx = this.db.transaction(['conversations', 'messages', 'templates', 'activities'], 'readwrite');
    const conversations = tx.objectStore('conversations');
    const messages = tx.objectStore('messages');
    const activities = tx.objectStore('activities');
    const work: Promise<unknown>[] = [];
    if (batch.replaceTemplates) {
      const templates = tx.objectStore('templates');
      work.push(templates.clear());
      for (const template of batch.replaceTemplates) work.push(templates.put(template));
    }
    if (batch.replaceConversations) {
      const keep = new Set(batch.replaceConversations.map((conversation) => conversation.id));
      for (const id of await conversations.getAllKeys()) {
        if (keep.has(id)) continue;
        work.push(conversations.delete(id), messages.delete(ofConversation(id)), activities.delete(ofConversation(id)));
      }
      for (const conversation of batch.replaceConversations) work.push(conversations.put(conversation));
    }
    for (const conversation of batch.putConversations ?? []) work.push(conversations.put(conversation));
    for (const message of batch.putMessages ?? []) work.push(messages.put(message));
    for (const activity of batch.putActivities ?? []) if (activity.conversationId) work.push(activities.put(activity));
    await Promise.all([...work, tx.done]);
  }

  close(): void {
    this.db.close();
  }
}

/** The keys [conversationId, …] of one conversation (arrays sort after numbers and strings: [id] ≤ key ≤ [id, []]). */
function ofConversation(conversationId: string): IDBKeyRange {
  return IDBKeyRange.bound([conversationId], [conversationId, []]);
}
