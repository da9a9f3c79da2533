import { ErrorCodes } from '../../protocol/errors.js';
import type { Message } from '../../protocol/payloads.js';
import type { ConversationCache } from '../cache/conversation-cache.js';
import { HUB_UNREACHABLE, toHubRequestError } from '../hub/hub-request-error.js';
import type { OutboxEntry } from './outbox-entry.js';

/** The link failing (offline, a token being renewed): tried again for as long as it takes. */
const LINK_DOWN: ReadonlySet<string> = new Set([HUB_UNREACHABLE, ErrorCodes.unauthorized]);
/** The hub or the provider having a bad moment: tried again, but a message it keeps failing on must not wait for ever. */
const SERVER_TROUBLE: ReadonlySet<string> = new Set([ErrorCodes.internal, ErrorCodes.providerUnreachable]);
/**
 * Tries of one message that the hub answers with a server error before it shows as refused (with Retry, Edit,
 * Discard), so one message the hub cannot take never holds up its conversation's later ones. Every other refusal is
 * final at once.
 */
export const OUTBOX_SERVER_ERROR_TRIES = 5;
/** Longest wait for the hub's answer to one send: then it counts as unreachable (the retry has the same id). */
export const OUTBOX_SEND_TIMEOUT_MS = 20_000;

export interface OutboxOptions {
  /** Whether the hub can be called now. */
  connected(): boolean;
  /** Sends an entry to the hub: its message, or a HubRequestError. */
  send(entry: OutboxEntry): Promise<Message>;
  /** The hub has the entry's message: it takes the pending one's place. */
  accepted(message: Message): void;
  /** The entries changed: all of them. */
  changed(entries: OutboxEntry[]): void;
}

/**
 * The agent's messages on their way to the hub. Each is stored (IndexedDB, when the desktop has its cache) before it
 * is shown or sent, so it survives reloads and browser restarts. `drain()` sends them while the hub is connected: on
 * each (re)connect, each new entry, and after a transient failure with backoff (1 s doubling to 30 s, jittered). A
 * conversation's entries go oldest first, one at a time (the next waits while one cannot go); conversations go side
 * by side, so one's trouble holds up no other. A final refusal (or a server error OUTBOX_SERVER_ERROR_TRIES times
 * over) marks the entry failed until the agent retries (same clientMessageId), edits or discards it.
 *
 * Exactly once: the hub answers a clientMessageId it already has with that first message, whoever sends it again (a
 * retry after a lost answer, a reload, another tab). The agent's tabs still take turns (a Web Lock per organisation
 * and agent around each pass, reading the stored entries afresh), so they do not send the same entries side by side.
 */
export class Outbox {
  private entries = new Map<string, OutboxEntry>();
  private db: Pick<ConversationCache, 'loadOutbox' | 'putOutbox'> | null = null;
  private lock = '';
  private draining = false;
  private again = false;
  private failures = 0;
  /** How many times the hub answered each entry with a server error (in this page). */
  private readonly serverErrors = new Map<string, number>();
  private timer?: ReturnType<typeof setTimeout>;
  private steps: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: OutboxOptions) {}

  /**
   * Where the entries are kept (null: in memory only) and whose they are (the lock's name): loads the stored ones
   * (entries of another agent held in memory go), shows them and sends what can go. Called on every connect.
   */
  async use(db: Pick<ConversationCache, 'loadOutbox' | 'putOutbox'> | null, owner: string): Promise<void> {
    await this.step(async () => {
      if (this.lock && owner !== this.lock) this.entries.clear();
      this.lock = owner;
      if (db !== this.db) {
        this.db = db;
        // entries queued before the cache opened (in memory) go in it
        for (const entry of this.entries.values()) await db?.putOutbox(entry).catch(warn);
      }
      await this.load();
    });
    this.drain();
  }

  /** Stores a new entry, then shows it, then sends it when it can. */
  async add(entry: OutboxEntry): Promise<void> {
    await this.step(() => this.put(entry));
    this.drain();
  }

  /** A failed entry goes again, with the same clientMessageId. */
  async retry(clientMessageId: string): Promise<void> {
    await this.step(async () => {
      const entry = this.entries.get(clientMessageId);
      this.serverErrors.delete(clientMessageId);
      if (entry?.error) await this.put({ ...entry, error: undefined });
    });
    this.drain();
  }

  /** Forgets an entry (a failed one the agent discards, or one the hub has). */
  remove(clientMessageId: string): Promise<void> {
    return this.step(async () => {
      if (!this.entries.delete(clientMessageId)) return;
      this.changed();
      await this.db?.putOutbox(clientMessageId).catch(warn);
    });
  }

  /** Sends what waits, unless a pass is under way (then another follows it), or the hub is not connected. */
  drain(): void {
    clearTimeout(this.timer);
    if (this.draining) {
      this.again = true;
      return;
    }
    if (!this.options.connected() || !this.lock) return;
    this.draining = true;
    void (async () => {
      do {
        this.again = false;
        const pass = () => this.pass();
        await (navigator.locks ? navigator.locks.request(`ad-outbox:${this.lock}`, pass) : pass()).catch(warn);
      } while (this.again && this.options.connected());
      this.draining = false;
    })();
  }

  private async pass(): Promise<void> {
    await this.step(() => this.load());
    const queues = new Map<string, OutboxEntry[]>();
    for (const entry of [...this.entries.values()].sort(byCreation)) {
      if (!entry.error) queues.set(entry.conversationId, [...(queues.get(entry.conversationId) ?? []), entry]);
    }
    let later = false;
    await Promise.all(
      [...queues.values()].map(async (queue) => {
        for (const entry of queue) {
          if (!this.options.connected()) return void (later = true);
          try {
            const message = await Promise.race([
              this.options.send(entry),
              new Promise<never>((_, reject) =>
                setTimeout(() => reject(new Error('The hub did not answer in time.')), OUTBOX_SEND_TIMEOUT_MS),
              ),
            ]);
            this.options.accepted(message);
            this.serverErrors.delete(entry.clientMessageId);
            await this.remove(entry.clientMessageId);
          } catch (error) {
            const { code, message } = toHubRequestError(error);
            if (LINK_DOWN.has(code)) return void (later = true);
            if (SERVER_TROUBLE.has(code)) {
              const tries = (this.serverErrors.get(entry.clientMessageId) ?? 0) + 1;
              this.serverErrors.set(entry.clientMessageId, tries);
              if (tries < OUTBOX_SERVER_ERROR_TRIES) return void (later = true);
            }
            this.serverErrors.delete(entry.clientMessageId);
            // (unless discarded meanwhile)
            await this.step(
              async () =>
                void (
                  this.entries.has(entry.clientMessageId) && (await this.put({ ...entry, error: { code, message } }))
                ),
            );
          }
        }
      }),
    );
    this.failures = later ? this.failures + 1 : 0;
    if (later) {
      clearTimeout(this.timer);
      const ceiling = Math.min(30_000, 1000 * 2 ** (this.failures - 1));
      this.timer = setTimeout(() => this.drain(), ceiling / 2 + (Math.random() * ceiling) / 2);
    }
  }

  /** Runs changes and loads one at a time, so that a load never undoes a change made while it was reading. */
  private step(work: () => Promise<void>): Promise<void> {
    const done = this.steps.then(work);
    this.steps = done.catch(warn);
    return done;
  }

  /** The stored entries replace those in memory (another tab may have sent, added or discarded some). */
  private async load(): Promise<void> {
    const before = this.entries.size;
    const stored = await this.db?.loadOutbox().catch(warn);
    if (stored) this.entries = new Map(stored.map((entry) => [entry.clientMessageId, entry]));
    if (before + this.entries.size > 0) this.changed();
  }

  private async put(entry: OutboxEntry): Promise<void> {
    await this.db?.putOutbox(entry).catch(warn);
    this.entries.set(entry.clientMessageId, entry);
    this.changed();
  }

  private changed(): void {
    this.options.changed([...this.entries.values()].sort(byCreation));
  }
}

function byCreation(a: OutboxEntry, b: OutboxEntry): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0;
}

function warn(error: unknown): undefined {
  console.warn('agent-desktop: the outbox could not be stored', error);
  return undefined;
}
