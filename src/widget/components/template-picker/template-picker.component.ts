import { consume } from '@lit/context';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { ConversationSummary } from '../../../protocol/payloads.js';
import { chooseLocalization, fillTemplate, placeholdersIn, type MessageTemplate } from '../../../protocol/templates.js';
import type { DesktopActions } from '../../desktop/desktop-actions.js';
import { describeError } from '../../desktop/describe-error.js';
import { TemplateInsertEvent } from '../../events/template-insert-event.js';
import type { TemplatePickerMode } from '../../events/template-picker-request-event.js';
import { TemplateSendEvent } from '../../events/template-send-event.js';
import { CHANNEL_LABELS } from '../../format/labels.js';
import {
  languageLabel,
  matchTemplates,
  placeholderLabel,
  prefillValues,
} from '../../format/template-values.js';
import { toHubRequestError } from '../../hub/hub-request-error.js';
import { desktopActionsContext, desktopStoreContext } from '../../state/desktop-context.js';
import type { DesktopState } from '../../state/desktop-state.js';
import type { DesktopStore } from '../../state/desktop-store.js';
import { StoreController } from '../../state/store-controller.js';
import { formStyles } from '../../styles/form.styles.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { themeStyles } from '../../styles/theme.styles.js';
import { createClientMessageId } from '../../utilities/client-message-id.js';
import { deepActiveElement } from '../../utilities/deep-active-element.js';
import { templatePickerStyles } from './template-picker.styles.js';

const NO_CONTEXT: Readonly<Record<string, string>> = {};

/**
 * @summary Chooses an approved message template, fills its placeholders and sends it (or, inside WhatsApp's
 * window, puts its text into the reply). A modal dialog: focus moves into it and goes back where it was on
 * close; Escape closes. Type to search names and texts, Up/Down to move through the results, Enter to choose.
 * Only templates allowed on the conversation's channel are listed. The language follows the CRM context's
 * `locale` or the conversation's `customerLocale` (falling back to the template's default language) and can
 * be changed. Placeholders are prefilled from the CRM context (same name) and the conversation
 * (CustomerName); the preview is exactly what the hub sends, and sending is refused while a value is blank.
 *
 * @event ad-template-send - The agent asked to send the filled template (cancelable).
 * @event ad-template-insert - The agent chose to insert the filled text into the reply (`insert` mode).
 *
 * @csspart base - The `<dialog>`.
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
export class TemplatePicker extends LitElement {
  static override styles = [themeStyles, sharedStyles, formStyles, templatePickerStyles];

  private readonly view = new StoreController(this, () => this.store ?? this.providedStore, (state) =>
    this.selectView(state),
  );
  /** Where focus was when the picker opened; it goes back there on close. */
  private opener: HTMLElement | null = null;
  private clientMessageId: string | null = null;

  @query('dialog') private dialog?: HTMLDialogElement;

  /** The store to read; by default the one an enclosing `<agent-desktop>` provides. */
  @property({ attribute: false }) store?: DesktopStore;
  /** Where sends go; by default the enclosing `<agent-desktop>`. Without one, only the event is sent. */
  @property({ attribute: false }) actions?: DesktopActions;
  /** The conversation the template is for; by default the one open in the desktop. */
  @property({ attribute: false }) conversation?: ConversationSummary | null;
  /** The templates to choose from; by default the organisation's, from the store. */
  @property({ attribute: false }) templates?: readonly MessageTemplate[];
  /** What the CRM knows (CustomerName, CaseName, locale…); by default the store's `crmContext`. */
  @property({ attribute: false }) crmContext?: Readonly<Record<string, string>>;
  /** `send`: Send template; `insert`: Insert into reply (the text goes into the composer for editing). */
  @property({ reflect: true }) mode: TemplatePickerMode = 'send';
  /** Whether the dialog is open; `show()` and `close()` set it. */
  @property({ type: Boolean, reflect: true }) open = false;

  @consume({ context: desktopStoreContext, subscribe: true })
  @state()
  private providedStore?: DesktopStore;
  @consume({ context: desktopActionsContext, subscribe: true })
  @state()
  private providedActions?: DesktopActions;
  @state() private query = '';
  @state() private activeIndex = 0;
  /** The chosen template's name (the details step), or null (the list). */
  @state() private chosen: string | null = null;
  @state() private language = '';
  @state() private values: Record<string, string> = {};
  @state() private sending = false;
  @state() private sendError: string | null = null;

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

  private get context(): Readonly<Record<string, string>> {
    return this.crmContext ?? (this.view.hasStore ? this.view.value.crmContext : NO_CONTEXT);
  }

  /** Templates usable on the conversation's channel, by name. */
  private get usable(): MessageTemplate[] {
    const conversation = this.currentConversation;
    if (!conversation) return [];
    const all = this.templates ?? this.view.value.templates;
    return all.filter((t) => t.channels.includes(conversation.channel)).sort((a, b) => a.name.localeCompare(b.name));
  }

  private get results(): MessageTemplate[] {
    return matchTemplates(this.usable, this.query);
  }

  private get chosenTemplate(): MessageTemplate | null {
    return this.chosen === null ? null : (this.usable.find((t) => t.name === this.chosen) ?? null);
  }

  /** The customer's language: the CRM's `locale`, else the conversation's. */
  private get customerLocale(): string | null {
    return this.context.locale?.trim() || this.currentConversation?.customerLocale || null;
  }

  /** Opens the picker (in `mode`, if given), remembering where focus was. */
  show(mode?: TemplatePickerMode): void {
    if (mode) this.mode = mode;
    this.open = true;
  }

  /** Closes the picker; focus goes back where it was when it opened. */
  close(): void {
    this.open = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('open') && this.open) {
      this.opener ??= deepActiveElement();
      this.query = '';
      this.activeIndex = 0;
      this.chosen = null;
      this.sendError = null;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const dialog = this.dialog;
    if (!dialog) return;
    if (changed.has('open')) {
      if (this.open && !dialog.open) {
        dialog.showModal();
        this.focusPart('#search');
      } else if (!this.open && dialog.open) {
        dialog.close();
      }
      if (!this.open) this.restoreFocus();
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

  private async choose(template: MessageTemplate): Promise<void> {
    this.chosen = template.name;
    this.language = chooseLocalization(template, this.customerLocale).language;
    this.values = prefillValues(template, this.context, this.currentConversation);
    this.clientMessageId = null;
    this.sendError = null;
    await this.updateComplete;
    const empty = this.renderRoot.querySelector<HTMLInputElement>('input[data-placeholder]:placeholder-shown');
    if (empty) empty.focus();
    else this.focusPart('select');
  }

  private async backToList(): Promise<void> {
    this.chosen = null;
    this.sendError = null;
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
    const conversation = this.currentConversation;
    if (!conversation) return 'Open a conversation first.';
    if (this.mode === 'insert') return null;
    if (conversation.status === 'closed') return 'This conversation is closed.';
    if (this.view.hasStore && this.view.value.connection !== 'connected') {
      return 'The hub is unreachable, so templates cannot be sent. Reconnecting…';
    }
    return null;
  }

  private async submit(): Promise<void> {
    const template = this.chosenTemplate;
    const conversation = this.currentConversation;
    if (!template || !conversation || this.sending || this.blockedReason() !== null) return;
    const { localization, values, text, missing } = this.filled(template);
    if (missing.length > 0) return;
    const base = { conversationId: conversation.id, templateName: template.name, language: localization.language, values };
    if (this.mode === 'insert') {
      this.dispatchEvent(new TemplateInsertEvent({ ...base, text }));
      this.close();
      return;
    }
    this.clientMessageId ??= createClientMessageId();
    const detail = { ...base, clientMessageId: this.clientMessageId };
    const event = new TemplateSendEvent(detail);
    this.dispatchEvent(event);
    if (event.defaultPrevented) return;
    const actions = this.actions ?? this.providedActions;
    if (actions) {
      this.sending = true;
      this.sendError = null;
      try {
        await actions.sendTemplate(detail);
      } catch (error) {
        const { code, message } = toHubRequestError(error);
        this.sendError = `Not sent: ${describeError(code, message)}`;
        return;
      } finally {
        this.sending = false;
      }
    }
    this.clientMessageId = null;
    this.close();
  }

  override render() {
    const title = this.mode === 'insert' ? 'Insert a template' : 'Send a template';
    return html`
      <dialog part="base" class="dialog" aria-labelledby="title" @close=${this.onDialogClose}>
        ${this.open
          ? html`
              <div part="header" class="dialog-header">
                <h2 id="title">${title}</h2>
                <button class="button" type="button" @click=${() => this.close()}>
                  Close<span class="visually-hidden"> template picker</span>
                </button>
              </div>
              ${this.chosenTemplate ? this.renderDetails(this.chosenTemplate) : this.renderList()}
            `
          : nothing}
      </dialog>
    `;
  }

  private renderList() {
    const conversation = this.currentConversation;
    const results = this.results;
    const active = Math.min(this.activeIndex, Math.max(0, results.length - 1));
    const channel = conversation ? (CHANNEL_LABELS[conversation.channel] ?? conversation.channel) : '';
    let empty = '';
    if (!conversation) empty = 'Open a conversation to choose a template.';
    else if (this.usable.length === 0) empty = `There are no approved templates for ${channel}.`;
    else if (results.length === 0) empty = `No template matches “${this.query.trim()}”.`;
    return html`
      <label class="label" for="search">Search templates by name or text</label>
      <input
        id="search"
        part="search"
        class="input"
        type="text"
        role="combobox"
        autocomplete="off"
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

  private renderDetails(template: MessageTemplate) {
    const { localization, names, text, missing } = this.filled(template);
    const reason = this.blockedReason();
    const locale = this.customerLocale;
    const canSubmit = reason === null && missing.length === 0 && !this.sending;
    const submitLabel = this.mode === 'insert' ? 'Insert into reply' : this.sending ? 'Sending…' : 'Send template';
    return html`
      <section part="details" class="details" aria-labelledby="template-name">
        <h3 id="template-name" class="template-name">${template.name}</h3>
        <p class="hint">
          ${template.channels.map((c) => CHANNEL_LABELS[c] ?? c).join(', ')}${locale
            ? ` · Customer's language: ${locale}`
            : ''}
        </p>
        <label class="label" for="language">Language</label>
        <select id="language" part="language" class="input" .value=${localization.language} @change=${this.onLanguageChange}>
          ${template.localizations.map(
            (l) => html`<option value=${l.language} ?selected=${l.language === localization.language}>
              ${languageLabel(l.language)}${l.language === template.defaultLanguage ? ' (default)' : ''}
            </option>`,
          )}
        </select>
        ${names.length > 0
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
          : nothing}
        <p class="label">Preview</p>
        <p part="preview" class="preview">${text}</p>
        <p id="missing" part="missing" class="missing" ?hidden=${missing.length === 0}>
          ${missing.length > 0 ? `Fill in before sending: ${missing.map(placeholderLabel).join(', ')}.` : ''}
        </p>
        ${reason ? html`<p class="missing">${reason}</p>` : nothing}
        <p part="error" class="error" role="alert" ?hidden=${!this.sendError}>${this.sendError ?? ''}</p>
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
