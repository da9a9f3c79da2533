import { consume } from '@lit/context';
import { LitElement } from 'lit';
import { property, state } from 'lit/decorators.js';
import { actionFailure, type ActionFailure } from '../desktop/action-failure.js';
import type { DesktopActions } from '../desktop/desktop-actions.js';
import { desktopActionsContext, desktopStoreContext } from '../state/desktop-context.js';
import type { DesktopState } from '../state/desktop-state.js';
import type { DesktopStore } from '../state/desktop-store.js';
import { StoreController } from '../state/store-controller.js';

/**
 * What every component that reads the desktop or acts on it shares: the store and the actions (given as properties,
 * or provided by an enclosing `<ad-desktop>`), the clock, and running an action with its refusal shown in the
 * component.
 */
export class DesktopElement extends LitElement {
  /** The store to read; by default the one an enclosing `<ad-desktop>` provides. */
  @property({ attribute: false }) store?: DesktopStore;
  /** Where the agent's actions go; by default the enclosing `<ad-desktop>`. */
  @property({ attribute: false }) actions?: DesktopActions;
  /** The clock times are measured with (`<ad-desktop>` passes the hub's; replace it in tests). */
  @property({ attribute: false }) now: () => Date = () => new Date();

  @consume({ context: desktopStoreContext, subscribe: true })
  @state()
  private providedStore?: DesktopStore;
  @consume({ context: desktopActionsContext, subscribe: true })
  @state()
  private providedActions?: DesktopActions;
  /** Why the last action failed, in words for the agent ('' when it did not). */
  @state() protected error = '';
  /** An action is on its way to the hub. */
  @state() protected busy = false;

  /** A slice of the desktop state, re-rendering this element when it changes. */
  protected select<T>(selector: (state: DesktopState) => T, equals?: (a: T, b: T) => boolean): StoreController<T> {
    return new StoreController(this, () => this.desktopStore, selector, equals);
  }

  /** The store read (none for a component used alone without `store`). */
  protected get desktopStore(): DesktopStore | undefined {
    return this.store ?? this.providedStore;
  }

  /** Where the actions go (none for a component used alone without `actions`). */
  protected get hubActions(): DesktopActions | undefined {
    return this.actions ?? this.providedActions;
  }

  /**
   * Runs an action, one at a time; its failure goes to `error`, in the words `describe` gives (by default the
   * failure's own description; '' shows nothing). Resolves true when it succeeded.
   */
  protected async run(
    work: (actions: DesktopActions) => Promise<unknown>,
    describe: (failure: ActionFailure) => string = (failure) => failure.description,
  ): Promise<boolean> {
    if (this.busy) return false;
    this.error = '';
    this.busy = true;
    try {
      // Without actions (a part used alone, no desktop) this throws a TypeError: reported as "not connected".
      await work(this.hubActions!);
      return true;
    } catch (error) {
      this.error = describe(actionFailure(error));
      return false;
    } finally {
      this.busy = false;
    }
  }
}
