import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { StartConversationResult } from '../../../protocol/outbound.js';
import type { ConversationSummary } from '../../../protocol/payloads.js';
import { chooseLocalization, fillTemplate, placeholdersIn, type MessageTemplate } from '../../../protocol/templates.js';
import type { DesktopActions } from '../../desktop/desktop-actions.js';
import { TemplateInsertEvent } from '../../events/template-insert-event.js';
import type { TemplatePickerMode, TemplatePickerRequestDetail } from '../../events/template-picker-request-event.js';
import { TemplateSendEvent } from '../../events/template-send-event.js';
import { CHANNEL_LABELS } from '../../format/labels.js';
import { languageLabel, matchTemplates, placeholderLabel, prefillValues } from '../../format/template-values.js';
import type { DesktopState } from '../../state/desktop-state.js';
import { formStyles } from '../../styles/form.styles.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { themeStyles } from '../../styles/theme.styles.js';
import { createClientMessageId } from '../../utilities/client-message-id.js';
import { deepActiveElement } from '../../utilities/deep-active-element.js';
import { DesktopElement } from '../desktop-element.js';
import { StartConversationFlow, type StartConversationOptions } from './start-conversation-flow.js';
import { templatePickerStyles } from './template-picker.styles.js';

export type { StartConversationOptions };

const NO_CONTEXT: Readonly<Record<string, string>> = {};

/** Who a template goes to: the conversation's customer, or in `start` mode the customer written to first. */
type Recipient = Pick<ConversationSummary, 'channel' | 'customerName' | 'customerLocale'>;

/**
 * @summary Chooses an approved message template, fills its placeholders and sends it (or, inside WhatsApp's
 * window, puts its text into the reply; or, with `startConversation()`, writes first to a customer who may have no
 * conversation yet, from one of the organisation's numbers). A modal dialog: focus moves into it and goes back
 * where it was on close; Escape closes. Type to search names and texts, Up/Down to move through the results, Enter to choose.
 * Only templates allowed on the conversation's channel are listed. The language follows the CRM context's
 * `locale` or the conversation's `customerLocale` (falling back to the template's default language) and can
 * be changed. Placeholders are prefilled from the CRM context (same name) and the conversation
 * (CustomerName); the preview is exactly what the hub sends, and sending is refused while a value is blank.
 *
 * @event ad-template-send - The agent asked to send the filled template (cancelable).
 * @event ad-template-insert - The agent chose to insert the filled text into the reply (`insert` mode).
 *
 * @csspart base - The `<dialog>`.
 * @csspart recipient - `start` mode: the customer's number and the channel (and our number, when known).
 * @csspart from - `start` mode: the select of our numbers to send from (when the desktop knows several).
 * @csspart header - Title and close button.
 * @csspart search - The search field.
 * @csspart results - The list of templates.
 * @csspart option - One template in the list.
 * @csspart details - The chosen template: language, values, preview.
 * @csspart language - The language select.
 * @csspart field - One placeholder's text field.
 * @csspart preview - The filled text.
 * @csspart missing - The list of values still missing.
 * @csspart submit-button - "Send template" or "Insert into reply".
 * @csspart error - Why the last send failed.
 *
 * @cssproperty --ad-template-picker-width - Width of the dialog (default 34rem, at most the viewport).
 */
export class TemplatePicker extends DesktopElement {
  static override styles = [themeStyles, sharedStyles, formStyles, templatePickerStyles];

  private readonly view = this.select((state) => this.selectView(state));
  /** `start` mode: the requests `startConversation()` made, the numbers to send from, and the send. */
  private readonly flow = new StartConversationFlow(this, () => this.desktopStore);
  /** Where focus was when the picker opened; it goes back there on close. */
  private opener: HTMLElement | null = null;
  private clientMessageId: string | null = null;

  @query('dialog') private dialog?: HTMLDialogElement;

  /** The conversation the template is for; by default the one open in the desktop. */
  @property({ attribute: false }) conversation?: ConversationSummary | null;
  /** The templates to choose from; by default the organisation's, from the store. */
  @property({ attribute: false }) templates?: readonly MessageTemplate[];
  /** What the CRM knows (CustomerName, CaseName, locale…); by default the store's `crmContext`. */
  @property({ attribute: false }) crmContext?: Readonly<Record<string, string>>;
  /**
   * `send`: Send template; `insert`: Insert into reply (the text goes into the composer for editing); `start`: set
   * by `startConversation()`.
   */
  @property({ reflect: true }) mode: TemplatePickerMode = 'send';
  /** Whether the dialog is open; `show()` and `close()` set it. */
  @property({ type: Boolean, reflect: true }) open = false;

  @state() private query = '';
  @state() private activeIndex = 0;
  /** The chosen template's name (the details step), or null (the list). */
  @state() private chosen: string | null = null;
  @state() private language = '';
  @state() private values: Record<string, string> = {};
  /** `start` mode: the customer to write to, what the host gave. */
  @state() private start: StartConversationOptions | null = null;

  private selectView(state: DesktopState) {
    const selected = state.selectedConversationId;
    return {
      templates: state.templates,
      crmContext: state.crmContext,
      conversation: selected !== null ? (state.conversations.get(selected) ?? null) : null,
      connection: state.connection.state,
    };
  }

  private get currentConversation(): ConversationSummary | null {
    return this.conversation !== undefined ? this.conversation : this.view.value.conversation;
  }

  /** Who the template goes to; null when there is nobody (no conversation open). */
  private get recipient(): Recipient | null {
    if (this.mode !== 'start') return this.currentConversation;
    const start = this.start;
    return start && { channel: start.channel, customerName: null, customerLocale: start.language?.trim() || null };
  }

  /** The CRM context; in `start` mode with the host's context for that customer over it. */
  private get context(): Readonly<Record<string, string>> {
    const context = this.crmContext ?? (this.view.hasStore ? this.view.value.crmContext : NO_CONTEXT);
    return this.mode === 'start' ? { ...context, ...this.start?.context } : context;
  }

  /** Templates usable on the recipient's channel, by name. */
  private get usable(): MessageTemplate[] {
    const recipient = this.recipient;
    if (!recipient) return [];
    const all = this.templates ?? this.view.value.templates;
    return all.filter((t) => t.channels.includes(recipient.channel)).sort((a, b) => a.name.localeCompare(b.name));
  }

  private get results(): MessageTemplate[] {
    return matchTemplates(this.usable, this.query);
  }

  private get chosenTemplate(): MessageTemplate | null {
    return this.chosen === null ? null : (this.usable.find((t) => t.name === this.chosen) ?? null);
  }

  /**
   * The customer's language: the CRM's `locale`, else the conversation's (in `start` mode: the host's `language`,
   * then the context's `locale`).
   */
  private get customerLocale(): string | null {
    const recipient = this.recipient;
    if (this.mode === 'start' && recipient?.customerLocale) return recipient.customerLocale;
    return this.context.locale?.trim() || recipient?.customerLocale || null;
  }

  /** Opens the picker (in `mode`, if given), remembering where focus was. */
  show(mode?: TemplatePickerRequestDetail['mode']): void {
    if (mode) this.mode = mode;
    this.open = true;
  }

  /**
   * Opens the picker in `start` mode, for a customer who may have no conversation yet: the channel's templates
   * (`templateName` already chosen, when the channel has it), values from `context` over the CRM context, the
   * language from `language` or the context's `locale`. Sending calls the desktop's `startConversation`, then opens
   * the conversation. Resolves with the hub's answer once sent, or null when the agent closes the picker without
   * sending (or another `startConversation()` replaces this one). Refusals (`customer_opted_out`, `not_assigned`, a
   * number that is not one…) show in the picker, which stays open.
   */
  // async: bad options reject; the picker opens before the first await, at once.
  async startConversation(options: StartConversationOptions): Promise<StartConversationResult | null> {
    const { request, result } = this.flow.begin(options);
    this.start = request;
    this.mode = 'start';
    this.open = true;
    return result;
  }

  /** Closes the picker; focus goes back where it was when it opened. */
  close(): void {
    this.open = false;
  }

  protected override willUpdate(changed: PropertyValues): void {
    // Requests the picker has moved on from (closed, or another customer), unless their template is on its way: not sent.
    this.flow.settleAllBut(this.open ? this.start : null);
    if (this.open && (changed.has('open') || changed.has('start'))) {
      this.opener ??= deepActiveElement();
      this.query = '';
      this.activeIndex = 0;
      this.chosen = null;
      this.error = '';
      if (this.mode === 'start') this.prepareStart();
    }
  }

  /** `start` mode, on opening: the template the host named (else its name in the search), and the numbers to send from. */
  private prepareStart(): void {
    const start = this.start!;
    this.flow.prepare(start);
    const preset = this.usable.find((t) => t.name === start.templateName);
    if (preset) this.pick(preset);
    else this.query = start.templateName ?? '';
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const dialog = this.dialog;
    if (!dialog) return;
    // opened, or (start mode) opened again for another customer
    if (changed.has('open') || changed.has('start')) {
      if (this.open) {
        if (!dialog.open) dialog.showModal();
        if (this.chosen === null) this.focusPart('#search');
        else this.focusDetails();
      } else {
        if (dialog.open) dialog.close();
        this.restoreFocus();
      }
    }
    if (this.open && this.chosen === null) {
      this.renderRoot.querySelector('[role="option"][aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
    }
  }

  private restoreFocus(): void {
    const opener = this.opener;
    this.opener = null;
    if (opener?.isConnected) opener.focus();
  }

  private focusPart(selector: string): void {
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  /** The dialog closed by itself (Escape); its close event comes late, maybe after the picker opened again. */
  private readonly onDialogClose = (): void => {
    if (this.open && !this.dialog?.open) this.open = false;
  };

  private readonly onSearchInput = (event: Event): void => {
    this.query = (event.target as HTMLInputElement).value;
    this.activeIndex = 0;
  };

  private readonly onSearchKeyDown = (event: KeyboardEvent): void => {
    const count = this.results.length;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (count === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      this.activeIndex = Math.min(count - 1, Math.max(0, this.activeIndex + step));
    } else if (event.key === 'Escape') {
      event.preventDefault();
      this.close();
    } else if (event.key === 'Enter' && !event.isComposing) {
      event.preventDefault();
      const template = this.results[this.activeIndex];
      if (template) void this.choose(template);
    }
  };

  /** The details of a template: its language for the customer, and values from what the desktop knows. */
  private pick(template: MessageTemplate): void {
    this.chosen = template.name;
    this.language = chooseLocalization(template, this.customerLocale).language;
    this.values = prefillValues(template, this.context, this.recipient);
    this.clientMessageId = null;
    this.error = '';
  }

  private async choose(template: MessageTemplate): Promise<void> {
    this.pick(template);
    await this.updateComplete;
    this.focusDetails();
  }

  /** The first value still to fill in, else the language. */
  private focusDetails(): void {
    const empty = this.renderRoot.querySelector<HTMLInputElement>('input[data-placeholder]:placeholder-shown');
    if (empty) empty.focus();
    else this.focusPart('#language');
  }

  private async backToList(): Promise<void> {
    this.chosen = null;
    this.error = '';
    await this.updateComplete;
    this.focusPart('#search');
  }

  private readonly onLanguageChange = (event: Event): void => {
    this.language = (event.target as HTMLSelectElement).value;
    this.clientMessageId = null;
  };

  private onValueInput(name: string, event: Event): void {
    this.values = { ...this.values, [name]: (event.target as HTMLInputElement).value };
    this.clientMessageId = null;
  }

  /** The chosen localization, its placeholders, the filled text and what is missing. */
  private filled(template: MessageTemplate) {
    const localization =
      template.localizations.find((l) => l.language === this.language) ?? chooseLocalization(template, null);
    const names = placeholdersIn(localization.text);
    const values = Object.fromEntries(names.map((name) => [name, (this.values[name] ?? '').trim()]));
    return { localization, names, values, ...fillTemplate(localization.text, values) };
  }

  /** Why the template cannot be sent now (other than missing values), or null. */
  private blockedReason(): string | null {
    const start = this.mode === 'start';
    if (!this.recipient) return 'Open a conversation first.';
    if (this.mode === 'insert') return null;
    if (!start && this.currentConversation?.status === 'closed') return 'This conversation is closed.';
    // Writing first needs the desktop's hub (a conversation is opened there): no actions, no hub. Into a
    // conversation, a template goes through the outbox, online or not.
    return start
      ? this.flow.blockedReason(this.hubActions, !this.view.hasStore || this.view.value.connection === 'connected')
      : null;
  }

  private async submit(): Promise<void> {
    const template = this.chosenTemplate;
    const conversation = this.currentConversation;
    const start = this.mode === 'start' ? this.start : null;
    if (!template || !(start || conversation) || this.busy || this.blockedReason() !== null) return;
    const { localization, values, text, missing } = this.filled(template);
    if (missing.length > 0) return;
    const base = { templateName: template.name, language: localization.language, values };
    if (this.mode === 'insert') {
      this.dispatchEvent(new TemplateInsertEvent({ ...base, conversationId: conversation!.id, text }));
      this.done();
      return;
    }
    const clientMessageId = (this.clientMessageId ??= createClientMessageId());
    let send: (actions: DesktopActions) => Promise<unknown>;
    if (start) {
      const context = this.context;
      // Closed before the request settles, so whoever awaited startConversation() finds the picker closed.
      const sent = () => this.start === start && this.done();
      send = (actions) => this.flow.send(actions, start, base, clientMessageId, context, sent);
    } else {
      const detail = { ...base, conversationId: conversation!.id, clientMessageId };
      const event = new TemplateSendEvent(detail);
      this.dispatchEvent(event);
      if (event.defaultPrevented) return;
      send = (actions) => actions.sendTemplate(detail);
    }
    // Without actions (used alone), only the event goes out.
    if (this.hubActions) {
      // (once sent, the update that follows settles a request the picker moved on from meanwhile)
      const sent = await this.run(
        send,
        (failure) => `Not sent: ${start ? this.flow.describe(failure) : failure.description}`,
      );
      if (!sent || start) return;
    }
    this.done();
  }

  /** Sent (or inserted): the next template is a new message. */
  private done(): void {
    this.clientMessageId = null;
    this.close();
  }

  override render() {
    const mode = this.mode;
    const title =
      mode === 'insert' ? 'Insert a template' : mode === 'start' ? 'Start a conversation' : 'Send a template';
    return html`
      <dialog
        part="base"
        class="dialog"
        aria-labelledby="title"
        aria-describedby=${ifDefined(mode === 'start' ? 'recipient' : undefined)}
        @close=${this.onDialogClose}
      >
        ${
          this.open
            ? html`
                <div part="header" class="dialog-header">
                  <h2 id="title">${title}</h2>
                  <button class="button" type="button" @click=${() => this.close()}>
                    Close<span class="visually-hidden"> template picker</span>
                  </button>
                </div>
                ${this.mode === 'start' && this.start ? this.flow.render(this.start, () => (this.clientMessageId = null)) : nothing}
                ${this.chosenTemplate ? this.renderDetails(this.chosenTemplate) : this.renderList()}
              `
            : nothing
        }
      </dialog>
    `;
  }

  // The options are clicked; their keys are the combobox's (Up, Down, Enter on the search field, aria-activedescendant).
  /* eslint-disable lit-a11y/click-events-have-key-events */
  private renderList() {
    const recipient = this.recipient;
    const results = this.results;
    const active = Math.min(this.activeIndex, Math.max(0, results.length - 1));
    const channel = recipient ? (CHANNEL_LABELS[recipient.channel] ?? recipient.channel) : '';
    let empty = '';
    if (!recipient) empty = 'Open a conversation to choose a template.';
    else if (this.usable.length === 0) empty = `There are no approved templates for ${channel}.`;
    else if (results.length === 0) empty = `No template matches “${this.query.trim()}”.`;
    return html`
      <label id="search-label" class="label" for="search">Search templates by name or text</label>
      <input
        id="search"
        part="search"
        class="input"
        type="text"
        role="combobox"
        autocomplete="off"
        aria-labelledby="search-label"
        aria-autocomplete="list"
        aria-expanded="true"
        aria-controls="results"
        aria-activedescendant=${ifDefined(results.length > 0 ? `option-${active}` : undefined)}
        aria-describedby="hint"
        .value=${this.query}
        @input=${this.onSearchInput}
        @keydown=${this.onSearchKeyDown}
      />
      <p id="hint" class="hint">
        ${results.length} ${results.length === 1 ? 'template' : 'templates'}${channel ? ` for ${channel}` : ''}. Up and
        Down move, Enter chooses.
      </p>
      <ul id="results" part="results" class="results" role="listbox" aria-label="Templates">
        ${results.map((template, index) => {
          const localization = chooseLocalization(template, this.customerLocale);
          return html`
            <li
              id="option-${index}"
              part="option"
              class="option"
              role="option"
              aria-selected=${index === active ? 'true' : 'false'}
              @click=${() => void this.choose(template)}
              @mousemove=${() => index !== this.activeIndex && (this.activeIndex = index)}
            >
              <span class="option-name">${template.name}</span>
              <span class="option-meta">
                ${template.localizations.map((l) => l.language).join(', ')} ·
                ${template.channels.map((c) => CHANNEL_LABELS[c] ?? c).join(', ')}
              </span>
              <span class="option-text">${localization.text}</span>
            </li>
          `;
        })}
      </ul>
      ${empty ? html`<p class="empty" role="status">${empty}</p>` : nothing}
    `;
  }

  /* eslint-enable lit-a11y/click-events-have-key-events */

  private renderDetails(template: MessageTemplate) {
    const { localization, names, text, missing } = this.filled(template);
    const reason = this.blockedReason();
    const locale = this.customerLocale;
    const canSubmit = reason === null && missing.length === 0 && !this.busy;
    const submitLabel = this.mode === 'insert' ? 'Insert into reply' : this.busy ? 'Sending…' : 'Send template';

    return html`
      <section part="details" class="details" aria-labelledby="template-name">
        <h3 id="template-name" class="template-name">${template.name}</h3>
        <p class="hint">
          ${template.channels.map((c) => CHANNEL_LABELS[c] ?? c).join(', ')}${
            locale ? ` · Customer's language: ${locale}` : ''
          }
        </p>
        <label class="label" for="language">Language</label>
        <select
          id="language"
          part="language"
          class="input"
          .value=${localization.language}
          @change=${this.onLanguageChange}
        >
          ${template.localizations.map(
            (l) =>
              html`<option value=${l.language} ?selected=${l.language === localization.language}>
                ${languageLabel(l.language)}${l.language === template.defaultLanguage ? ' (default)' : ''}
              </option>`,
          )}
        </select>
        ${
          names.length > 0
            ? html`<fieldset class="fields">
                <legend class="label">Values</legend>
                ${names.map(
                  (name) => html`
                    <label class="label" for="value-${name}">${placeholderLabel(name)}</label>
                    <input
                      id="value-${name}"
                      part="field"
                      class="input"
                      data-placeholder=${name}
                      placeholder=${`{{${name}}}`}
                      aria-invalid=${missing.includes(name) ? 'true' : 'false'}
                      .value=${this.values[name] ?? ''}
                      @input=${(event: Event) => this.onValueInput(name, event)}
                    />
                  `,
                )}
              </fieldset>`
            : nothing
        }
        <p class="label">Preview</p>
        <p part="preview" class="preview">${text}</p>
        <p id="missing" part="missing" class="missing" ?hidden=${missing.length === 0}>
          ${missing.length > 0 ? `Fill in before sending: ${missing.map(placeholderLabel).join(', ')}.` : ''}
        </p>
        ${reason ? html`<p class="missing">${reason}</p>` : nothing}
        <p part="error" class="error" role="alert" ?hidden=${!this.error}>${this.error}</p>
        <div class="actions">
          <button class="button" type="button" @click=${() => void this.backToList()}>Back to templates</button>
          <button
            part="submit-button"
            class="button primary"
            type="button"
            aria-describedby="missing"
            ?disabled=${!canSubmit}
            @click=${() => void this.submit()}
          >
            ${submitLabel}
          </button>
        </div>
      </section>
    `;
  }
}
