import { ContextProvider } from '@lit/context';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, query } from 'lit/decorators.js';
import type { StartConversationResult } from '../../../protocol/outbound.js';
import type { AgentIdentity } from '../../../protocol/payloads.js';
import { tokenFromUrl, type AccessTokenFactory } from '../../auth/token-source.js';
import { DesktopService, type NewWork } from '../../desktop/desktop-service.js';
import { CallAnsweredEvent } from '../../events/call-answered-event.js';
import { CallEndedEvent } from '../../events/call-ended-event.js';
import { CallOfferedEvent } from '../../events/call-offered-event.js';
import { ConnectionChangeEvent } from '../../events/connection-change-event.js';
import { DesktopErrorEvent } from '../../events/desktop-error-event.js';
import { MessageReceivedEvent } from '../../events/message-received-event.js';
import type { TemplatePickerRequestEvent } from '../../events/template-picker-request-event.js';
import { WorkNotifier } from '../../notifications/work-notifier.js';
import { loadOfflineSupport } from '../../offline/load-offline-support.js';
import { desktopActionsContext, desktopStoreContext } from '../../state/desktop-context.js';
import type { DesktopState } from '../../state/desktop-state.js';
import { DesktopStore } from '../../state/desktop-store.js';
import { unreadTotal } from '../../state/routing.js';
import { StoreController } from '../../state/store-controller.js';
import { loadPart, loadTemplatePicker } from '../../utilities/load-part.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { themeStyles } from '../../styles/theme.styles.js';
import type { MessageComposer } from '../message-composer/message-composer.component.js';
import type { MessageEditEvent } from '../../events/message-edit-event.js';
import type { StartConversationOptions, TemplatePicker } from '../template-picker/template-picker.component.js';
import { agentDesktopStyles } from './agent-desktop.styles.js';

/**
 * @summary The whole agent desktop: inbox, open conversation, composer and connection state, connected to a hub;
 * with voice, the softphone (below the header) and, during a call, the screen pop (above the conversations).
 * Put it on any CRM page with a `hub-url` and a token source (`token-url`, or the `accessTokenFactory`
 * property); it connects when it enters the page and disconnects when it leaves.
 *
 * Routing: the agent's presence in the header, the counters of their queues below it, offered conversations as
 * toasts (Accept / Decline), and for supervisors "Team", opening the overview of queues and agents. The
 * page title counts what waits for the agent ("(3) Title": unread messages in their conversations and open
 * offers; `no-title-badge` turns it off). New work while the agent looks elsewhere (another window or tab) chimes
 * and, when they allowed it, shows one desktop notification, whichever tabs of the desktop they have open.
 * The agent's tabs share one hub connection: the first tab holds it (and rings for calls), the others work through
 * it, and when it closes another takes over at once (`no-tab-sharing`: this tab connects on its own).
 *
 * @slot header-end - Extra content at the end of the header bar (e.g. a host button).
 *
 * @event ad-connection-change - The hub connection state changed.
 * @event ad-error - A request or background sync failed (also shown in the desktop).
 * @event ad-message-received - A customer message arrived live.
 * @event ad-conversation-select - Bubbles up from the inbox, and from the offer toast's Accept (cancelable).
 * @event ad-message-send - Bubbles up from the composer (cancelable).
 * @event ad-message-edit - Bubbles up from the conversation view (Edit on a refused message); the composer takes the text.
 * @event ad-conversation-close - Bubbles up from the conversation view (cancelable).
 * @event ad-template-picker-request - Bubbles up from the composer and the session-window banner (cancelable:
 * the desktop's template picker does not open).
 * @event ad-template-send - Bubbles up from the template picker (cancelable).
 * @event ad-template-insert - Bubbles up from the template picker.
 * @event ad-call-offered - One of the agent's calls rings (detail: the Call); also for a call already ringing on load.
 * @event ad-call-answered - The agent answered a call (detail: the Call); also for a call already answered on load.
 * @event ad-call-ended - A call of the agent's ended: hung up (wrap-up follows) or abandoned while ringing (detail: the Call).
 * @event ad-record-open - Bubbles up from the screen pop's "Open record" (cancelable: nothing opens).
 * @event ad-update-available - With `service-worker`: a new version waits; the header shows "Reload" (cancelable: it does not).
 *
 * @csspart base - The wrapper.
 * @csspart header - The top bar (agent name, connection state).
 * @csspart agent - The agent's name.
 * @csspart alerts - The list of errors.
 * @csspart inbox - The `<ad-conversation-inbox>`.
 * @csspart view - The `<ad-conversation-view>`.
 * @csspart composer - The `<ad-message-composer>`.
 * @csspart session-window - The `<ad-session-window-banner>` (WhatsApp's 24-hour window), above the composer.
 * @csspart softphone - The `<ad-softphone-panel>`, below the header.
 * @csspart screen-pop - The `<ad-screen-pop-panel>`, above the conversations during a call.
 * @csspart connection-status - The `<ad-connection-status>`.
 * @csspart presence - The `<ad-presence-selector>`, in the header.
 * @csspart queue-counters - The `<ad-queue-counters>`, in the header.
 * @csspart team - Supervisors: the `<details>` "Team" below the header, holding the overview.
 * @csspart routing-overview - Supervisors: the `<ad-routing-overview>` in it.
 * @csspart offers - The `<ad-offer-toast>`, below the softphone.
 * @csspart start-picker - The `<ad-template-picker>` that `startConversation()` opens.
 * @csspart inbox-row - A row of the inbox (exported).
 * @csspart message - A message bubble's container (exported).
 * @csspart send-button - The composer's Send button (exported).
 *
 * @cssproperty --ad-height - Height of the desktop (default 600px); or size the element itself.
 * @cssproperty --ad-font-family - Font (default: inherited from the page).
 * @cssproperty --ad-font-size - Base font size (default 0.875rem).
 * @cssproperty --ad-accent - Accent colour (selection, buttons, links).
 * @cssproperty --ad-accent-contrast - Text on the accent colour.
 * @cssproperty --ad-accent-soft - Soft accent background (selected row).
 * @cssproperty --ad-text-color - Text colour.
 * @cssproperty --ad-text-muted-color - Secondary text colour.
 * @cssproperty --ad-surface-color - Background.
 * @cssproperty --ad-surface-muted-color - Secondary background.
 * @cssproperty --ad-border-color - Borders.
 * @cssproperty --ad-danger-color - Errors.
 * @cssproperty --ad-radius - Corner radius.
 * @cssproperty --ad-inbound-bubble-color - Customer message background.
 * @cssproperty --ad-outbound-bubble-color - Agent message background.
 * @cssproperty --ad-screen-pop-max-height - Tallest the screen pop grows before it scrolls (default 45%).
 */
export class AgentDesktop extends LitElement {
  static override styles = [themeStyles, sharedStyles, agentDesktopStyles];

  /** The desktop's state: read it, subscribe to it, or hand it to standalone components. */
  readonly store = new DesktopStore();
  private readonly service = new DesktopService(this.store, {
    onMessageReceived: (message) => this.dispatchEvent(new MessageReceivedEvent({ message })),
    onCall: (moment, call) =>
      this.dispatchEvent(
        moment === 'offered'
          ? new CallOfferedEvent(call)
          : moment === 'answered'
            ? new CallAnsweredEvent(call)
            : new CallEndedEvent(call),
      ),
    onWork: (work) => void this.notifier?.notify(notice(work)),
  });
  private readonly view = new StoreController(
    this,
    () => this.store,
    (state) => ({
      identity: state.identity,
      errors: state.errors,
      clockSkewMs: state.clockSkewMs,
      routing: state.routing !== null,
      voice: Boolean(state.voice?.enabled || state.calls.size > 0),
    }),
  );
  /** The hub's clock as measured, a new function whenever the skew changes so the parts re-render. */
  private hubClock: { skewMs: number; now: () => Date } = { skewMs: 0, now: () => new Date() };
  private unsubscribeEvents: (() => void) | null = null;
  /** Tells the agent about new work while they look elsewhere (one per agent signed in). */
  private notifier: WorkNotifier | null = null;
  /** The page's own title while the desktop shows its count in it, and the title it wrote. */
  private pageTitle: string | null = null;
  private titleWritten = '';

  /** Base URL of the hub server, e.g. `http://localhost:8080`. */
  @property({ attribute: 'hub-url' }) hubUrl = '';
  /** URL the desktop GETs (with the page's cookies) for `{"token": "..."}`; or set `accessTokenFactory`. */
  @property({ attribute: 'token-url' }) tokenUrl = '';
  /** Gives the hub token from script; takes precedence over `token-url`. */
  @property({ attribute: false }) accessTokenFactory?: AccessTokenFactory;
  /** Do not keep a copy of conversations in this browser's IndexedDB. */
  @property({ type: Boolean, attribute: 'no-cache' }) noCache = false;
  /** Connect from this tab on its own (by default the agent's tabs share one hub connection; one of them rings). */
  @property({ type: Boolean, attribute: 'no-tab-sharing' }) noTabSharing = false;
  /**
   * What the CRM page knows about the record on screen, to fill message templates: values by placeholder name
   * (`CustomerName`, `CaseName`, or any other placeholder the templates use) and `locale` (BCP 47, e.g.
   * `"fr-FR"`: picks the template language, before the conversation's own `customerLocale`). Example:
   * `{ CustomerName: 'Jane Doe', CaseName: 'CAS-01042 Parcel delayed', locale: 'fr-FR' }`.
   */
  @property({ attribute: false }) crmContext: Record<string, string> = {};
  /**
   * The clock WhatsApp's 24-hour window is measured with, for the banner and the composer. By default the
   * hub's clock, as measured against this computer's on every connect and each minute; set it to override.
   */
  @property({ attribute: false }) now?: () => Date;
  /**
   * Where the screen pop's "Open record" goes: `{entityName}` (`incident` or `contact`) and `{id}` are filled in,
   * e.g. `https://crm.example.com/main.aspx?etn={entityName}&id={id}&pagetype=entityrecord`. Without it, the CRM
   * link the hub sends. A host that opens records itself cancels `ad-record-open` instead.
   */
  @property({ attribute: 'record-url-template' }) recordUrlTemplate = '';
  /** Leave the page title alone (by default it starts with the count of what waits for the agent, e.g. "(3) "). */
  @property({ type: Boolean, attribute: 'no-title-badge' }) noTitleBadge = false;
  /** Offline support, opted in: the service worker this page serves from its own origin, e.g. `/agent-desktop-sw.js`. */
  @property({ attribute: 'service-worker' }) serviceWorker = '';

  private get effectiveNow(): () => Date {
    if (this.now) return this.now;
    const skewMs = this.view.value.clockSkewMs;
    if (this.hubClock.skewMs !== skewMs) this.hubClock = { skewMs, now: () => new Date(Date.now() + skewMs) };
    return this.hubClock.now;
  }

  @query('ad-message-composer') private composer?: MessageComposer;
  @query('ad-template-picker') private startPicker?: TemplatePicker;

  constructor() {
    super();
    new ContextProvider(this, { context: desktopStoreContext, initialValue: this.store });
    new ContextProvider(this, { context: desktopActionsContext, initialValue: this.service });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.unsubscribeEvents = this.store.subscribe(this.announceChanges(this.store.getState()));
    this.followAgent(this.store.getState().identity);
    this.showCount();
    if (this.hasUpdated) void this.connect();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribeEvents?.();
    this.unsubscribeEvents = null;
    this.followAgent(null);
    this.showCount(0);
    void this.service.disconnect();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('crmContext')) this.store.setCrmContext({ ...(this.crmContext ?? {}) });
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const settings = ['hubUrl', 'tokenUrl', 'accessTokenFactory', 'noCache', 'noTabSharing'] as const;
    if (this.isConnected && settings.some((name) => changed.has(name))) void this.connect();
    if (changed.has('noTitleBadge')) this.showCount();
    if (changed.has('serviceWorker') && this.serviceWorker) void loadOfflineSupport(this, this.serviceWorker);
    const { voice, identity } = this.view.value;
    if (voice)
      void loadPart('softphone', () =>
        Promise.all([
          import('../softphone-panel/softphone-panel.js'),
          import('../screen-pop-panel/screen-pop-panel.js'),
        ]),
      ).catch(warnNotLoaded);
    if (identity?.roles.includes('supervisor'))
      void loadPart('overview', () => import('../routing-overview/routing-overview.js')).catch(warnNotLoaded);
    // after the first paint: the template picker (WhatsApp's closed window, startConversation)
    if (this.hasUpdated) void loadTemplatePicker().catch(warnNotLoaded);
  }

  /** Notifications follow the agent signed in (their tabs share focus and locks, other agents' do not). */
  private followAgent(identity: AgentIdentity | null): void {
    this.notifier?.stop();
    this.notifier = identity ? new WorkNotifier(`${identity.organisationId}:${identity.agentId}`) : null;
    this.notifier?.start();
  }

  /**
   * "(N) " before the page's title while something waits for the agent; the page's own title back at 0, when the
   * desktop leaves the page, or with `no-title-badge`. A title the page sets meanwhile becomes the one counted on.
   */
  private showCount(count = this.noTitleBadge ? 0 : unreadTotal(this.store.getState())): void {
    if (document.title !== this.titleWritten) this.pageTitle = null;
    if (count > 0) {
      this.pageTitle ??= document.title;
      document.title = this.titleWritten = `(${count}) ${this.pageTitle}`;
    } else if (this.pageTitle !== null) {
      document.title = this.pageTitle;
      this.pageTitle = null;
    }
  }

  /** Turns store changes into the desktop's own events (connection changes, new errors). */
  private announceChanges(initial: DesktopState) {
    let previous = initial;
    return (state: DesktopState) => {
      const before = previous;
      previous = state;
      if (state.connection.state !== before.connection.state) {
        this.dispatchEvent(
          new ConnectionChangeEvent({
            state: state.connection.state,
            previous: before.connection.state,
            error: state.connection.error,
          }),
        );
      }
      if (state.identity !== before.identity) this.followAgent(state.identity);
      if (
        state.conversations !== before.conversations ||
        state.routing !== before.routing ||
        state.identity !== before.identity
      ) {
        this.showCount();
      }
      if (state.errors !== before.errors) {
        const known = new Set(before.errors.map((error) => error.id));
        for (const error of state.errors) if (!known.has(error.id)) this.dispatchEvent(new DesktopErrorEvent(error));
      }
    };
  }

  /** The banner's "Choose template": the composer's picker opens, unless a listener canceled the request. */
  private readonly onTemplatePickerRequest = (event: TemplatePickerRequestEvent): void => {
    // Listeners further up (the host page) run after this one: decide once the event has gone all the way.
    queueMicrotask(() => {
      if (!event.defaultPrevented) this.composer?.openTemplatePicker(event.detail.mode);
    });
  };

  /**
   * Connects to the hub with the current settings (restarting any connection). Called automatically when the
   * element is in the page with a `hub-url` and a token source; does nothing without them.
   */
  async connect(): Promise<void> {
    const accessTokenFactory = this.accessTokenFactory ?? (this.tokenUrl ? tokenFromUrl(this.tokenUrl) : null);
    if (!this.hubUrl || !accessTokenFactory) {
      await this.service.disconnect();
      return;
    }
    await this.service.connect({
      hubUrl: this.hubUrl,
      accessTokenFactory,
      cache: !this.noCache,
      shareTabs: !this.noTabSharing,
    });
  }

  /** Closes the hub connection (done automatically when the element leaves the page). */
  disconnect(): Promise<void> {
    return this.service.disconnect();
  }

  /** Deletes this agent's cached conversations from this browser (e.g. at sign-out on a shared computer). */
  clearCache(): Promise<void> {
    return this.service.clearCache();
  }

  /**
   * Starts a conversation from a CRM record, with an approved template, for a customer who may have no conversation
   * yet: opens the template picker with the channel's templates, `templateName` already chosen, its values filled
   * from `context` over `crmContext` and its language from `language`, else `context.locale`, else
   * `crmContext.locale` (the nearest version the template has, else its default), showing the number and channel.
   * When the desktop knows several of the organisation's numbers on that channel, the agent chooses which one to
   * send from (`channelAddress` chooses it up front). Sending opens (or re-opens) the customer's conversation,
   * assigned to this agent, and selects it.
   *
   *     const result = await desktop.startConversation({
   *       phone: '+15551234567', channel: 'whatsapp', templateName: 'delivery_update',
   *       context: { CustomerName: 'Jane Doe', CaseName: 'CAS-01042', locale: 'fr-FR' },
   *     });
   *
   * Resolves with `{ conversation, message }` once sent, or null when the agent closes the picker without sending
   * (or a later call replaces this one). A refusal (the customer opted out, is with another agent, a number that is
   * not one…) shows in the picker, which stays open for the agent to change something or close. Rejects (TypeError)
   * only without a `phone` or with a channel other than `sms` or `whatsapp`.
   */
  async startConversation(options: StartConversationOptions): Promise<StartConversationResult | null> {
    await loadTemplatePicker();
    await this.updateComplete;
    await this.startPicker!.updateComplete;
    return this.startPicker!.startConversation(options);
  }

  /** After accepting an offer, which opens the conversation: on to the reply. */
  private readonly onOfferAccepted = (event: Event): void => {
    // The toast opens the conversation once this event is through (unless the host canceled it), then it renders.
    setTimeout(() => event.defaultPrevented || this.composer?.focus());
  };

  /** Opens a conversation, as if the agent had chosen it in the inbox. */
  selectConversation(conversationId: string | null): void {
    this.service.selectConversation(conversationId);
  }

  override render() {
    const { identity, errors, routing } = this.view.value;
    const supervisor = !!identity?.roles.includes('supervisor');
    return html`
      <div part="base" class="base">
        <header part="header" class="header">
          <span part="agent" class="agent">${identity?.displayName ?? ''}</span>
          ${routing ? html`<ad-presence-selector part="presence"></ad-presence-selector>` : nothing}
          <slot name="header-end"></slot>
          <ad-connection-status part="connection-status"></ad-connection-status>
          ${routing ? html`<ad-queue-counters part="queue-counters" .now=${this.effectiveNow}></ad-queue-counters>` : nothing}
        </header>
        ${
          routing && supervisor
            ? html`<details part="team" class="team">
                <summary>Team</summary>
                <ad-routing-overview part="routing-overview" .now=${this.effectiveNow}></ad-routing-overview>
              </details>`
            : nothing
        }
        <ad-softphone-panel part="softphone" .now=${this.effectiveNow}></ad-softphone-panel>
        <ad-offer-toast
          part="offers"
          .now=${this.effectiveNow}
          @ad-conversation-select=${this.onOfferAccepted}
        ></ad-offer-toast>
        <ul part="alerts" class="alerts" aria-live="assertive">
          ${errors.map(
            (error) => html`
              <li class="alert">
                <span>${error.message}</span>
                <button
                  class="button small"
                  type="button"
                  aria-label="Dismiss: ${error.message}"
                  @click=${() => this.service.dismissError(error.id)}
                >
                  Dismiss
                </button>
              </li>
            `,
          )}
        </ul>
        <ad-screen-pop-panel part="screen-pop" record-url-template=${this.recordUrlTemplate}></ad-screen-pop-panel>
        <div class="panes">
          <ad-conversation-inbox part="inbox" exportparts="row: inbox-row"></ad-conversation-inbox>
          <div class="conversation">
            <ad-conversation-view
              part="view"
              exportparts="message"
              .now=${this.effectiveNow}
              @ad-message-edit=${(e: MessageEditEvent) => this.composer?.editMessage(e.detail)}
            ></ad-conversation-view>
            <ad-session-window-banner
              part="session-window"
              .now=${this.effectiveNow}
              @ad-template-picker-request=${this.onTemplatePickerRequest}
            ></ad-session-window-banner>
            <ad-message-composer
              part="composer"
              exportparts="send-button"
              .now=${this.effectiveNow}
            ></ad-message-composer>
          </div>
        </div>
        <ad-template-picker part="start-picker"></ad-template-picker>
      </div>
    `;
  }
}

/** What a desktop notification says about new work (customer text as plain text: notifications show no markup). */
function notice({ kind, conversation, key }: NewWork) {
  const title = { offer: 'Conversation offered', assigned: 'New conversation', message: 'New message' }[kind];
  return {
    key,
    title: `${title}: ${conversation.customerName || conversation.customerAddress}`,
    body: conversation.preview,
    conversationId: conversation.id,
  };
}

const warnNotLoaded = (error: unknown) => console.warn('agent-desktop: a part could not load', error);
