import { ContextProvider } from '@lit/context';
import { html, LitElement, type PropertyValues } from 'lit';
import { property, query } from 'lit/decorators.js';
import type { StartConversationResult } from '../../../protocol/outbound.js';
import { tokenFromUrl, type AccessTokenFactory } from '../../auth/token-source.js';
import { DesktopService } from '../../desktop/desktop-service.js';
import { CallAnsweredEvent } from '../../events/call-answered-event.js';
import { CallEndedEvent } from '../../events/call-ended-event.js';
import { CallOfferedEvent } from '../../events/call-offered-event.js';
import { ConnectionChangeEvent } from '../../events/connection-change-event.js';
import { DesktopErrorEvent } from '../../events/desktop-error-event.js';
import { MessageReceivedEvent } from '../../events/message-received-event.js';
import type { TemplatePickerRequestEvent } from '../../events/template-picker-request-event.js';
import { desktopActionsContext, desktopStoreContext } from '../../state/desktop-context.js';
import type { DesktopState } from '../../state/desktop-state.js';
import { DesktopStore } from '../../state/desktop-store.js';
import { StoreController } from '../../state/store-controller.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { themeStyles } from '../../styles/theme.styles.js';
import type { MessageComposer } from '../message-composer/message-composer.component.js';
import type { StartConversationOptions, TemplatePicker } from '../template-picker/template-picker.component.js';
import { agentDesktopStyles } from './agent-desktop.styles.js';

/**
 * @summary The whole agent desktop: inbox, open conversation, composer and connection state, connected to a hub;
 * with voice, the softphone (below the header) and, during a call, the screen pop (above the conversations).
 * Put it on any CRM page with a `hub-url` and a token source (`token-url`, or the `accessTokenFactory`
 * property); it connects when it enters the page and disconnects when it leaves.
 *
 * @slot header-end - Extra content at the end of the header bar (e.g. a host button).
 *
 * @event ad-connection-change - The hub connection state changed.
 * @event ad-error - A request or background sync failed (also shown in the desktop).
 * @event ad-message-received - A customer message arrived live.
 * @event ad-conversation-select - Bubbles up from the inbox (cancelable).
 * @event ad-message-send - Bubbles up from the composer (cancelable).
 * @event ad-conversation-close - Bubbles up from the conversation view (cancelable).
 * @event ad-template-picker-request - Bubbles up from the composer and the session-window banner (cancelable:
 * the desktop's template picker does not open).
 * @event ad-template-send - Bubbles up from the template picker (cancelable).
 * @event ad-template-insert - Bubbles up from the template picker.
 * @event ad-call-offered - One of the agent's calls rings (detail: the Call); also for a call already ringing on load.
 * @event ad-call-answered - The agent answered a call (detail: the Call); also for a call already answered on load.
 * @event ad-call-ended - A call of the agent's ended: hung up (wrap-up follows) or abandoned while ringing (detail: the Call).
 * @event ad-record-open - Bubbles up from the screen pop's "Open record" (cancelable: nothing opens).
 *
 * @csspart base - The wrapper.
 * @csspart header - The top bar (agent name, connection state).
 * @csspart agent - The agent's name.
 * @csspart alerts - The list of errors.
 * @csspart inbox - The `<conversation-inbox>`.
 * @csspart view - The `<conversation-view>`.
 * @csspart composer - The `<message-composer>`.
 * @csspart session-window - The `<session-window-banner>` (WhatsApp's 24-hour window), above the composer.
 * @csspart softphone - The `<softphone-panel>`, below the header.
 * @csspart screen-pop - The `<screen-pop-panel>`, above the conversations during a call.
 * @csspart connection-status - The `<connection-status>`.
 * @csspart start-picker - The `<template-picker>` that `startConversation()` opens.
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
        moment === 'offered' ? new CallOfferedEvent(call) : moment === 'answered' ? new CallAnsweredEvent(call) : new CallEndedEvent(call),
      ),
  });
  private readonly view = new StoreController(this, () => this.store, (state) => ({
    identity: state.identity,
    errors: state.errors,
    clockSkewMs: state.clockSkewMs,
  }));
  /** The hub's clock as measured, a new function whenever the skew changes so the parts re-render. */
  private hubClock: { skewMs: number; now: () => Date } = { skewMs: 0, now: () => new Date() };
  private unsubscribeEvents: (() => void) | null = null;

  /** Base URL of the hub server, e.g. `http://localhost:8080`. */
  @property({ attribute: 'hub-url' }) hubUrl = '';
  /** URL the desktop GETs (with the page's cookies) for `{"token": "..."}`; or set `accessTokenFactory`. */
  @property({ attribute: 'token-url' }) tokenUrl = '';
  /** Gives the hub token from script; takes precedence over `token-url`. */
  @property({ attribute: false }) accessTokenFactory?: AccessTokenFactory;
  /** Do not keep a copy of conversations in this browser's IndexedDB. */
  @property({ type: Boolean, attribute: 'no-cache' }) noCache = false;
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

  private get effectiveNow(): () => Date {
    if (this.now) return this.now;
    const skewMs = this.view.value.clockSkewMs;
    if (this.hubClock.skewMs !== skewMs) this.hubClock = { skewMs, now: () => new Date(Date.now() + skewMs) };
    return this.hubClock.now;
  }

  @query('message-composer') private composer?: MessageComposer;
  @query('template-picker') private startPicker?: TemplatePicker;

  constructor() {
    super();
    new ContextProvider(this, { context: desktopStoreContext, initialValue: this.store });
    new ContextProvider(this, { context: desktopActionsContext, initialValue: this.service });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.unsubscribeEvents = this.store.subscribe(this.announceChanges(this.store.getState()));
    if (this.hasUpdated) void this.connect();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribeEvents?.();
    this.unsubscribeEvents = null;
    void this.service.disconnect();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('crmContext')) this.store.setCrmContext({ ...(this.crmContext ?? {}) });
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const settings = ['hubUrl', 'tokenUrl', 'accessTokenFactory', 'noCache'] as const;
    if (this.isConnected && settings.some((name) => changed.has(name))) void this.connect();
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
    await this.service.connect({ hubUrl: this.hubUrl, accessTokenFactory, cache: !this.noCache });
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
    await this.updateComplete;
    return this.startPicker!.startConversation(options);
  }

  /** Opens a conversation, as if the agent had chosen it in the inbox. */
  selectConversation(conversationId: string | null): void {
    this.service.selectConversation(conversationId);
  }

  override render() {
    const { identity, errors } = this.view.value;
    return html`
      <div part="base" class="base">
        <header part="header" class="header">
          <span part="agent" class="agent">${identity?.displayName ?? ''}</span>
          <slot name="header-end"></slot>
          <connection-status part="connection-status"></connection-status>
        </header>
        <softphone-panel part="softphone" .now=${this.effectiveNow}></softphone-panel>
        <ul part="alerts" class="alerts" aria-live="assertive">
          ${errors.map(
            (error) => html`
              <li class="alert">
                <span>${error.message}</span>
                <button
                  class="button"
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
        <screen-pop-panel part="screen-pop" record-url-template=${this.recordUrlTemplate}></screen-pop-panel>
        <div class="panes">
          <conversation-inbox part="inbox" exportparts="row: inbox-row"></conversation-inbox>
          <div class="conversation">
            <conversation-view part="view" exportparts="message"></conversation-view>
            <session-window-banner
              part="session-window"
              .now=${this.effectiveNow}
              @ad-template-picker-request=${this.onTemplatePickerRequest}
            ></session-window-banner>
            <message-composer part="composer" exportparts="send-button" .now=${this.effectiveNow}></message-composer>
          </div>
        </div>
        <template-picker part="start-picker"></template-picker>
      </div>
    `;
  }
}
