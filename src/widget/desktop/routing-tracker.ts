import { ErrorCodes } from '../../protocol/errors.js';
import type { RoutingState } from '../../protocol/routing.js';
import type { HubLink } from '../hub/hub-link.js';
import { toHubRequestError } from '../hub/hub-request-error.js';
import type { DesktopStore } from '../state/desktop-store.js';
import { withOffer, withoutOffer } from '../state/routing.js';
import type { DesktopServiceHooks } from './desktop-hooks.js';
import { reportFailure } from './report-failure.js';

type RoutingChange = (routing: RoutingState) => RoutingState;

/**
 * The agent's routing in the store (presence, offers, queue counters; a supervisor's overview): from the snapshot
 * after every (re)connect and from live events, which are replayed onto a snapshot that was on its way meanwhile.
 */
export class RoutingTracker {
  /** Live changes while a getRoutingState snapshot was in flight, replayed onto it. */
  private duringSync: RoutingChange[] | null = null;

  constructor(
    private readonly store: DesktopStore,
    private readonly hooks: Pick<DesktopServiceHooks, 'onWork'>,
  ) {}

  /** Follows the hub's live routing events; returns what stops it. */
  follow(hub: HubLink): () => void {
    const stops = [
      hub.on('presenceChanged', (presence) => this.change((r) => ({ ...r, presence }))),
      hub.on('conversationOffered', (offer) => {
        this.change((r) => withOffer(r, offer));
        this.hooks.onWork?.({
          kind: 'offer',
          conversation: offer.conversation,
          key: `offer:${offer.conversation.id}:${offer.offeredAt}`,
        });
      }),
      hub.on('offerWithdrawn', ({ conversationId }) => this.offerEnded(conversationId)),
      // Sent for all the organisation's queues: the counters keep those getRoutingState gave (a supervisor's: all).
      hub.on('queueStatsUpdated', (stats) =>
        this.change((r) => ({
          ...r,
          queueStats: stats.filter((s) => r.queueStats.some((q) => q.queueId === s.queueId)),
        })),
      ),
      hub.on('routingOverviewUpdated', (overview) => this.store.setRoutingOverview(overview)),
    ];
    return () => stops.forEach((stop) => stop());
  }

  /**
   * Presence, queues, open offers and counters; for supervisors, the overview too. A hub without routing answers
   * `not_found`: the desktop does without. `current()` says whether this sync is still the latest.
   */
  async sync(hub: HubLink, current: () => boolean): Promise<void> {
    const pending: RoutingChange[] = (this.duringSync = []);
    try {
      const routing = await hub.invoke('getRoutingState');
      if (!current()) return;
      this.store.setRouting(pending.reduce((state, change) => change(state), routing));
      this.duringSync = null;
      if (!this.store.getState().identity?.roles.includes('supervisor')) return;
      const overview = await hub.invoke('getRoutingOverview');
      if (current()) this.store.setRoutingOverview(overview);
    } catch (error) {
      if (current() && hub.isConnected && toHubRequestError(error).code !== ErrorCodes.notFound) {
        reportFailure(this.store, 'getRoutingState', error);
      }
    } finally {
      if (this.duringSync === pending) this.duringSync = null;
    }
  }

  /** The routing state the agent set (their presence), as the hub answered it. */
  set(routing: RoutingState): void {
    this.store.setRouting(routing);
  }

  /** An offer ended (answered here, withdrawn by the hub): it leaves the store. */
  offerEnded(conversationId: string): void {
    this.change((r) => withoutOffer(r, conversationId));
  }

  /** Applies a live routing change (and remembers it while a snapshot is on its way, to replay onto it). */
  private change(change: RoutingChange): void {
    this.duringSync?.push(change);
    this.store.updateRouting(change);
  }
}
