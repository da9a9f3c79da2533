import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { MAX_MESSAGE_CHARACTERS } from '../../../protocol/limits.js';
import type { UploadedAttachment } from '../../../protocol/payloads.js';
import { analyzeSms, type SmsAnalysis } from '../../../protocol/sms-segments.js';
import { ATTACHMENT_ACCEPT, channelAllowsAttachments, checkFiles } from '../../attachments/attachment-rules.js';
import { SessionWindowController } from '../../controllers/session-window-controller.js';
import type { DesktopActions } from '../../desktop/desktop-actions.js';
import type { MessageEditDetail } from '../../events/message-edit-event.js';
import { MessageSendEvent } from '../../events/message-send-event.js';
import type { TemplateInsertEvent } from '../../events/template-insert-event.js';
import {
  TemplatePickerRequestEvent,
  type TemplatePickerRequestDetail,
} from '../../events/template-picker-request-event.js';
import { fileSize, fileTypeLabel } from '../../format/attachments.js';
import type { DesktopState } from '../../state/desktop-state.js';
import { formStyles } from '../../styles/form.styles.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { themeStyles } from '../../styles/theme.styles.js';
import { createClientMessageId } from '../../utilities/client-message-id.js';
import { loadTemplatePicker } from '../../utilities/load-part.js';
import { DesktopElement } from '../desktop-element.js';
import type { TemplatePicker } from '../template-picker/template-picker.component.js';
import { messageComposerStyles } from './message-composer.styles.js';

/** A reply being written; the id is kept while text and files are unchanged, so a retry is de-duplicated. */
interface Draft {
  text: string;
  files: readonly File[];
  clientMessageId: string | null;
}

const NO_FILES: readonly File[] = [];

/**
 * @summary Where the agent writes a reply. Enter sends, Shift+Enter starts a new line. Shows characters, SMS
 * segments and encoding; refuses (with a visible reason) text over 1600 characters, a closed conversation, or files
 * while the hub is unreachable (they are uploaded first). Text goes to the desktop's outbox, so the field clears at
 * once, online or not (the message shows as pending in the conversation). A failed upload keeps everything and shows why.
 * On WhatsApp it follows the 24-hour window live: once it closes, the text field is disabled and only a
 * template can be sent ("Choose template"); while it is open, "Template" inserts a template's filled text for
 * editing. Where the channel allows it (WhatsApp), files can be attached: type, size and count are checked
 * before anything is uploaded, and a message may be files only.
 *
 * @slot actions - Extra controls beside the Send button.
 *
 * @event ad-message-send - The agent asked to send a message (cancelable).
 * @event ad-template-picker-request - The agent asked for the template picker (cancelable: the composer's own
 * picker does not open).
 * @event ad-template-send - From the template picker (cancelable).
 * @event ad-template-insert - From the template picker: its text was inserted into the reply.
 *
 * @csspart base - The wrapper.
 * @csspart textarea - The text field.
 * @csspart send-button - The Send button.
 * @csspart template-button - "Template" (insert) or, once the window has closed, "Choose template".
 * @csspart attach-button - The Attach button.
 * @csspart attachments - The list of attached files.
 * @csspart attachment - One attached file (name, type and size, Remove).
 * @csspart counter - "N / 1600 characters · S segments · GSM-7".
 * @csspart reason - Why sending is not possible right now.
 * @csspart file-errors - Why files were not attached.
 * @csspart error - Why the last send failed.
 * @csspart template-picker - The `<ad-template-picker>`.
 *
 * @cssproperty --ad-composer-max-height - Tallest the text field grows.
 */
export class MessageComposer extends DesktopElement {
  // the shared form styles give the error boxes their look (as in the template picker and the softphone)
  static override styles = [themeStyles, sharedStyles, formStyles, messageComposerStyles];

  private readonly view = this.select((state) => this.selectView(state));
  private readonly window = new SessionWindowController(this, {
    conversation: () => this.view.value.conversation,
    now: () => this.now(),
    updates: 'boundaries',
  });
  private readonly drafts = new Map<string, Draft>();
  private draftConversationId: string | null = null;
  private clientMessageId: string | null = null;
  /** Files already uploaded (a retry after a failed send does not upload them again). */
  private readonly uploads = new WeakMap<File, UploadedAttachment>();
  /** The refused outbox entry the text being edited replaces (see editMessage). */
  private replaces: string | null = null;
  /** The text field had focus when the window closed: focus moves to "Choose template". */
  private refocusTemplateButton = false;

  @query('textarea') private textarea?: HTMLTextAreaElement;
  @query('input[type="file"]') private fileInput?: HTMLInputElement;
  @query('ad-template-picker') private picker?: TemplatePicker;

  /** The conversation to reply to; by default the one open in the desktop. */
  @property({ attribute: 'conversation-id' }) conversationId: string | null = null;
  /** Accessible name of the text field. */
  @property() label = 'Reply';
  /** Placeholder of the text field. */
  @property() placeholder = 'Type a reply… (Enter sends, Shift+Enter adds a line)';

  @state() private text = '';
  @state() private files: readonly File[] = NO_FILES;
  /** The files of the message being sent are being uploaded (`busy`: it is on its way). */
  @state() private uploading = false;
  @state() private fileErrors: readonly string[] = [];

  private selectView(state: DesktopState) {
    const id = this.conversationId ?? state.selectedConversationId;
    const conversation = id !== null ? (state.conversations.get(id) ?? null) : null;
    const channel = conversation?.channel ?? 'sms';
    return {
      conversationId: id,
      conversation,
      channel,
      closed: conversation?.status === 'closed',
      connection: state.connection.state,
      hasTemplates: state.templates.some((template) => template.channels.includes(channel)),
    };
  }

  /** Whether only a template can be sent (WhatsApp's window has closed). */
  private get templateOnly(): boolean {
    return this.window.value.phase === 'closed';
  }

  /**
   * Swaps drafts when the conversation changes (here, after the store slice and the window are fresh, before
   * rendering), and notes whether the window closing takes the focus away from the text field.
   */
  protected override update(changed: PropertyValues): void {
    this.switchDraft();
    if (
      this.templateOnly &&
      this.textarea &&
      !this.textarea.disabled &&
      this.shadowRoot!.activeElement === this.textarea
    ) {
      this.refocusTemplateButton = true;
    }
    super.update(changed);
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.refocusTemplateButton) {
      this.refocusTemplateButton = false;
      this.renderRoot.querySelector<HTMLElement>('[part~="template-button"]')?.focus();
    }
  }

  private switchDraft(): void {
    const id = this.view.value.conversationId;
    if (id === this.draftConversationId) return;
    if (this.draftConversationId !== null) {
      this.drafts.set(this.draftConversationId, {
        text: this.text,
        files: this.files,
        clientMessageId: this.clientMessageId,
      });
    }
    const draft = id !== null ? this.drafts.get(id) : undefined;
    this.text = draft?.text ?? '';
    this.files = draft?.files ?? NO_FILES;
    this.clientMessageId = draft?.clientMessageId ?? null;
    this.error = '';
    this.fileErrors = [];
    this.replaces = null;
    this.draftConversationId = id;
  }

  private readonly onInput = (event: Event): void => {
    const text = (event.target as HTMLTextAreaElement).value;
    if (text !== this.text) this.clientMessageId = null; // new text, new message
    this.text = text;
    this.typing(text !== '');
  };

  /** On channels that show it, tells the customer the agent is typing: once when it starts, and when it stops. */
  private typingSince = 0;
  private typingTimer?: ReturnType<typeof setTimeout>;
  private typing(active: boolean): void {
    const id = this.view.value.conversationId;
    const actions = this.hubActions;
    if (!id || !actions || this.view.value.channel !== 'gbm') return;
    clearTimeout(this.typingTimer);
    if (active && Date.now() - this.typingSince > 10_000) {
      this.typingSince = Date.now();
      actions.setTyping(id, true);
    }
    if (this.typingSince) {
      this.typingTimer = setTimeout(
        () => {
          this.typingSince = 0;
          actions.setTyping(id, false);
        },
        active ? 4000 : 0,
      );
    }
  }

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    if (
      event.key !== 'Enter' ||
      event.shiftKey ||
      event.isComposing ||
      event.altKey ||
      event.ctrlKey ||
      event.metaKey
    ) {
      return;
    }
    event.preventDefault();
    void this.send();
  };

  private readonly onFilesChosen = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    this.addFiles([...(input.files ?? [])]);
    input.value = ''; // the same file can be chosen again after removing it
  };

  private removeFile(file: File): void {
    this.files = this.files.filter((f) => f !== file);
    this.fileErrors = [];
    this.clientMessageId = null;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part~="attach-button"]')?.focus());
  }

  private readonly onTemplateButton = (): void => {
    const conversationId = this.view.value.conversationId;
    if (conversationId === null) return;
    const mode: TemplatePickerRequestDetail['mode'] = this.templateOnly ? 'send' : 'insert';
    const event = new TemplatePickerRequestEvent({ conversationId, mode });
    this.dispatchEvent(event);
    if (!event.defaultPrevented) this.openTemplatePicker(mode);
  };

  /** Inserts a template's filled text at the cursor (replacing the selection), then puts the cursor after it. */
  private readonly onTemplateInsert = (event: TemplateInsertEvent): void => {
    if (event.detail.conversationId !== this.view.value.conversationId || this.templateOnly) return;
    const textarea = this.textarea;
    const start = textarea?.selectionStart ?? this.text.length;
    const end = textarea?.selectionEnd ?? start;
    this.text = this.text.slice(0, start) + event.detail.text + this.text.slice(end);
    this.clientMessageId = null;
    const cursor = start + event.detail.text.length;
    // After the picker has closed (and given the focus back to its opener): the text field takes it.
    void Promise.resolve()
      .then(() => this.picker?.updateComplete)
      .then(() => this.updateComplete)
      .then(() => {
        this.textarea?.focus();
        this.textarea?.setSelectionRange(cursor, cursor);
      });
  };

  /** Why the message cannot be sent now, or null. An empty field needs no explanation. */
  private blockedReason(analysis: SmsAnalysis): string | null {
    const { conversationId, closed, connection } = this.view.value;
    if (conversationId === null) return 'Open a conversation to reply.';
    if (closed) return 'This conversation is closed. It reopens when the customer writes again.';
    if (this.templateOnly) {
      return 'The 24-hour reply window has closed: only an approved template can be sent until the customer writes again.';
    }
    if (
      this.view.hasStore &&
      connection !== 'connected' &&
      this.files.length > 0 &&
      channelAllowsAttachments(this.view.value.conversation)
    ) {
      return connection === 'connecting'
        ? 'Connecting to the hub… Files can be sent once connected.'
        : 'The hub is unreachable, so files cannot be sent. Reconnecting…';
    }
    if (analysis.characters > MAX_MESSAGE_CHARACTERS) {
      const over = analysis.characters - MAX_MESSAGE_CHARACTERS;
      return `Too long: ${analysis.characters} of ${MAX_MESSAGE_CHARACTERS} characters. Remove ${over} to send.`;
    }
    return null;
  }

  /**
   * Attaches files (as the Attach button does; e.g. from a host's drag and drop). Files of a type that cannot
   * be sent, too large, or beyond the per-message count are refused with a visible reason.
   */
  addFiles(files: readonly File[]): void {
    if (!channelAllowsAttachments(this.view.value.conversation) || this.templateOnly) return;
    const { accepted, refused } = checkFiles(this.files.length, files);
    if (accepted.length > 0) {
      this.files = [...this.files, ...accepted];
      this.clientMessageId = null;
    }
    this.fileErrors = refused;
  }

  /**
   * Puts the text of a message the hub refused back into the field (Edit in the conversation view, `ad-message-edit`):
   * sent, it goes as a new message and the refused one is discarded.
   */
  editMessage({ conversationId, clientMessageId, text }: MessageEditDetail): void {
    if (conversationId !== this.view.value.conversationId) return;
    this.text = text;
    this.files = NO_FILES;
    this.clientMessageId = null;
    this.replaces = clientMessageId;
    void this.updateComplete.then(() => this.focus());
  }

  /** Opens the template picker: `send` sends a template, `insert` puts its text into the reply. */
  openTemplatePicker(mode: TemplatePickerRequestDetail['mode'] = this.templateOnly ? 'send' : 'insert'): void {
    // the picker is its own chunk: usually loaded right after the first paint, else now
    if (customElements.get('ad-template-picker')) this.picker?.show(mode);
    else
      void loadTemplatePicker()
        .then(() => this.updateComplete)
        .then(() => this.picker?.show(mode));
  }

  protected override firstUpdated(changed: PropertyValues): void {
    super.firstUpdated(changed);
    void loadTemplatePicker().catch((error: unknown) =>
      console.warn('message-composer: the template picker could not load', error),
    );
  }

  /** Sends the text and files: the event first (a host may cancel it), then uploads, then the desktop's send. */
  async send(): Promise<void> {
    const analysis = analyzeSms(this.text);
    const conversationId = this.view.value.conversationId;
    const text = this.text.trim();
    const files = channelAllowsAttachments(this.view.value.conversation) ? this.files : NO_FILES;
    if (this.busy || conversationId === null || (text === '' && files.length === 0)) return;
    if (this.blockedReason(analysis) !== null) return;
    this.clientMessageId ??= createClientMessageId();
    const clientMessageId = this.clientMessageId;
    const event = new MessageSendEvent({ conversationId, clientMessageId, text, files });
    this.dispatchEvent(event);
    if (event.defaultPrevented) return;
    const sentText = this.text;
    const sentFiles = this.files;
    const replaces = this.replaces;
    // Without actions (used alone), only the event goes out.
    if (this.hubActions) {
      const sent = await this.run(
        async (actions) => {
          this.uploading = files.length > 0;
          const attachmentIds = await Promise.all(files.map((file) => this.upload(actions, file))).finally(
            () => (this.uploading = false),
          );
          await actions.sendMessage({
            conversationId,
            clientMessageId,
            text,
            ...(files.length > 0 ? { attachmentIds } : {}),
          });
          if (replaces) void actions.discardMessage(replaces);
        },
        // (another conversation is shown by now: its own field shows nothing about this one)
        (failure) => (this.view.value.conversationId === conversationId ? `Not sent: ${failure.description}` : ''),
      );
      if (!sent) return;
    }
    if (this.view.value.conversationId === conversationId) {
      if (this.text === sentText && this.files === sentFiles) {
        this.text = '';
        this.files = NO_FILES;
        this.clientMessageId = null;
        this.replaces = null;
      }
    } else {
      this.drafts.delete(conversationId);
    }
  }

  private async upload(actions: DesktopActions, file: File): Promise<string> {
    let uploaded = this.uploads.get(file);
    if (!uploaded) {
      uploaded = await actions.uploadAttachment(file);
      this.uploads.set(file, uploaded);
    }
    return uploaded.id;
  }

  /** Moves keyboard focus to the text field. */
  override focus(options?: FocusOptions): void {
    this.textarea?.focus(options);
  }

  override render() {
    const analysis = analyzeSms(this.text);
    const { conversationId, conversation, closed, channel, hasTemplates } = this.view.value;
    const templateOnly = this.templateOnly;
    const reason = this.blockedReason(analysis);
    const { connection } = this.view.value;
    const offline = this.view.hasStore && connection !== 'connected' && connection !== 'connecting';
    const over = analysis.characters > MAX_MESSAGE_CHARACTERS;
    const attachable =
      channelAllowsAttachments(this.view.value.conversation) && conversationId !== null && !closed && !templateOnly;
    const files = attachable ? this.files : NO_FILES;
    const canSend = reason === null && !this.busy && (this.text.trim() !== '' || files.length > 0);
    const segments = `${analysis.segments} ${analysis.segments === 1 ? 'segment' : 'segments'}`;
    const sendLabel = this.uploading ? 'Uploading…' : this.busy ? 'Sending…' : 'Send';
    return html`
      <div part="base" class="base ${templateOnly ? 'template-only' : ''}">
        ${
          files.length > 0
            ? html`<ul part="attachments" class="chips" aria-label="Attached files">
                ${files.map(
                  (file) =>
                    html`<li part="attachment" class="chip">
                      <span class="chip-name">${file.name}</span>
                      <span class="chip-details">${fileTypeLabel(file.type)}, ${fileSize(file.size)}</span>
                      <button
                        class="chip-remove"
                        type="button"
                        aria-label="Remove ${file.name}"
                        ?disabled=${this.busy}
                        @click=${() => this.removeFile(file)}
                      >
                        ×
                      </button>
                    </li>`,
                )}
              </ul>`
            : nothing
        }
        <div class="row">
          ${
            attachable
              ? html`<input type="file" hidden multiple accept=${ATTACHMENT_ACCEPT} @change=${this.onFilesChosen} />
                  <button
                    part="attach-button"
                    class="button"
                    type="button"
                    aria-describedby="file-errors"
                    ?disabled=${this.busy}
                    @click=${() => this.fileInput?.click()}
                  >
                    Attach<span class="visually-hidden"> files</span>
                  </button>`
              : nothing
          }
          <textarea
            part="textarea"
            rows="2"
            aria-label=${this.label}
            aria-describedby="counter reason error"
            aria-invalid=${over ? 'true' : 'false'}
            placeholder=${templateOnly ? 'Only an approved template can be sent now.' : this.placeholder}
            .value=${this.text}
            ?disabled=${conversationId === null || closed || templateOnly}
            @input=${this.onInput}
            @keydown=${this.onKeyDown}
          ></textarea>
          <slot name="actions"></slot>
          ${
            templateOnly && !closed
              ? html`<button
                  part="template-button"
                  class="button primary"
                  type="button"
                  aria-describedby="reason"
                  @click=${this.onTemplateButton}
                >
                  Choose template
                </button>`
              : html`${
                    hasTemplates && conversationId !== null && !closed
                      ? html`<button
                          part="template-button"
                          class="button"
                          type="button"
                          @click=${this.onTemplateButton}
                        >
                          Template<span class="visually-hidden">: insert a template's text</span>
                        </button>`
                      : nothing
                  }
                  <button
                    part="send-button"
                    class="button primary"
                    type="button"
                    ?disabled=${!canSend}
                    @click=${() => void this.send()}
                  >
                    ${sendLabel}
                  </button>`
          }
        </div>
        <div class="footer">
          <span id="counter" part="counter" class="counter ${over ? 'over' : ''}">
            ${analysis.characters} / ${MAX_MESSAGE_CHARACTERS}
            characters${channel === 'sms' ? ` · ${segments} · ${analysis.encoding}` : ''}
          </span>
          <p id="reason" part="reason" class="reason ${over || templateOnly ? 'blocking' : ''}" aria-live="polite">
            ${reason ?? (offline && conversationId !== null ? 'Offline: messages wait here and go when the connection is back.' : '')}
          </p>
        </div>
        <div id="file-errors" part="file-errors" class="error" role="alert" ?hidden=${this.fileErrors.length === 0}>
          ${this.fileErrors.map((text) => html`<p>${text}</p>`)}
        </div>
        <p id="error" part="error" class="error" role="alert" ?hidden=${!this.error}>${this.error}</p>
      </div>
      <ad-template-picker
        part="template-picker"
        .store=${this.desktopStore}
        .actions=${this.hubActions}
        .conversation=${conversation}
        @ad-template-insert=${this.onTemplateInsert}
      ></ad-template-picker>
    `;
  }
}
