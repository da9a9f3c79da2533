import type { OutboundActivity } from '../../protocol/outbound.js';
import type { ConversationSummary, Message } from '../../protocol/payloads.js';
import type { MessageTemplate } from '../../protocol/templates.js';
import type { CacheWrite, ConversationCache } from './conversation-cache.js';

export interface CacheWriterOptions {
  /** Quiet time before a batch is written. Default 250 ms. */
  delayMs?: number;
  /** Longest a change waits under a steady stream of updates. Default 2 s. */
  maxDelayMs?: number;
  /** Told when a batch cannot be written (the desktop carries on without the cache). */
  onError?(error: unknown): void;
}

/**
 * Collects cache writes and applies them in one transaction after a quiet moment (debounced, with a
 * maximum wait), instead of one transaction per message. Later versions of a record replace earlier ones.
 */
export class CacheWriter {
  private replace: readonly ConversationSummary[] | null = null;
  private readonly conversations = new Map<string, ConversationSummary>();
  private readonly messages = new Map<string, Message>();
  private readonly activities = new Map<string, OutboundActivity>();
  private templates: readonly MessageTemplate[] | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private firstPendingAt = 0;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly cache: ConversationCache,
    private readonly options: CacheWriterOptions = {},
  ) {}

  replaceConversations(list: readonly ConversationSummary[]): void {
    this.replace = list;
    this.conversations.clear();
    this.schedule();
  }

  putConversations(list: readonly ConversationSummary[]): void {
    if (list.length === 0) return;
    for (const conversation of list) this.conversations.set(conversation.id, conversation);
    this.schedule();
  }

  putMessages(list: readonly Message[]): void {
    if (list.length === 0) return;
    for (const message of list) this.messages.set(`${message.conversationId}\u0000${message.seq}`, message);
    this.schedule();
  }

  putActivities(list: readonly OutboundActivity[]): void {
    if (list.length === 0) return;
    for (const activity of list) this.activities.set(activity.id, activity);
    this.schedule();
  }

  /** Replaces the cached templates (the hub's complete list). */
  replaceTemplates(list: readonly MessageTemplate[]): void {
    this.templates = list;
    this.schedule();
  }

  /** Writes whatever is pending now; resolves when it (and any earlier batch) is stored. */
  flush(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.take();
    if (batch) {
      this.writing = this.writing.then(() =>
        this.cache.write(batch).catch((error: unknown) => this.options.onError?.(error)),
      );
    }
    return this.writing;
  }

  private schedule(): void {
    const now = Date.now();
    if (this.timer === null) this.firstPendingAt = now;
    else clearTimeout(this.timer);
    const delay = Math.min(this.options.delayMs ?? 250, this.firstPendingAt + (this.options.maxDelayMs ?? 2000) - now);
    this.timer = setTimeout(() => void this.flush(), Math.max(0, delay));
  }

  private take(): CacheWrite | null {
    const puts = this.conversations.size + this.messages.size + this.activities.size;
    if (!this.replace && !this.templates && puts === 0) return null;
    const batch: CacheWrite = {
      ...(this.replace ? { replaceConversations: this.replace } : {}),
      ...(this.templates ? { replaceTemplates: this.templates } : {}),
      putConversations: [...this.conversations.values()],
      putMessages: [...this.messages.values()],
      putActivities: [...this.activities.values()],
    };
    this.replace = null;
    this.templates = null;
    this.conversations.clear();
    this.messages.clear();
    this.activities.clear();
    return batch;
  }
}
