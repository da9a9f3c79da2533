import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { shallowEqual } from '../utilities/shallow-equal.js';
import { initialDesktopState, type DesktopState } from './desktop-state.js';
import type { DesktopStore } from './desktop-store.js';

/**
 * Gives a component a slice of the desktop state. It subscribes while the host is connected, re-renders the
 * host only when the selected slice changes (shallow equality by default), and follows the host to another
 * store when the store property or the provided context changes.
 */
export class StoreController<T> implements ReactiveController {
  /** The selected slice; from the initial (empty) state while there is no store. */
  value: T;

  private store: DesktopStore | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly getStore: () => DesktopStore | undefined,
    private readonly select: (state: DesktopState) => T,
    private readonly equals: (a: T, b: T) => boolean = shallowEqual,
  ) {
    this.value = select(initialDesktopState);
    host.addController(this);
  }

  /** Whether a store is attached (a component used alone, with no store, renders the empty state). */
  get hasStore(): boolean {
    return this.store !== undefined;
  }

  hostConnected(): void {
    this.attach(this.getStore());
  }

  hostUpdate(): void {
    const store = this.getStore();
    if (store !== this.store) {
      this.attach(store);
      return;
    }
    // Selectors may read the host's own properties (e.g. a conversation-id attribute): select again.
    const next = this.select(store ? store.getState() : initialDesktopState);
    if (!this.equals(this.value, next)) this.value = next;
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.store = undefined;
  }

  private attach(store: DesktopStore | undefined): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.store = store;
    const next = this.select(store ? store.getState() : initialDesktopState);
    if (!this.equals(this.value, next)) {
      this.value = next;
      this.host.requestUpdate();
    }
    if (!store) return;
    this.unsubscribe = store.subscribe((state) => {
      const selected = this.select(state);
      if (this.equals(this.value, selected)) return;
      this.value = selected;
      this.host.requestUpdate();
    });
  }
}
