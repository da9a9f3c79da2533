import { consume } from '@lit/context';
import { html, LitElement, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { MAX_MESSAGE_CHARACTERS } from '../../../protocol/limits.js';
import { analyzeSms, type SmsAnalysis } from '../../../protocol/sms-segments.js';
import type { DesktopActions } from '../../desktop/desktop-actions.js';
import { describeError } from '../../desktop/describe-error.js';
import { MessageSendEvent } from '../../events/message-send-event.js';
import { toHubRequestError } from '../../hub/hub-request-error.js';
import { desktopActionsContext, desktopStoreContext } from '../../state/desktop-context.js';
import type { DesktopState } from '../../state/desktop-state.js';
import type { DesktopStore } from '../../state/desktop-store.js';
import { StoreController } from '../../state/store-controller.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { themeStyles } from '../../styles/theme.styles.js';
import { createClientMessageId } from '../../utilities/client-message-id.js';
import { messageComposerStyles } from './message-composer.styles.js';

/** A reply being written; the id is kept while the text is unchanged, so a retry is de-duplicated by the hub. */
interface Draft {
  text: string;
  clientMessageId: string | null;
}

/**
 * @summary Where the agent writes a reply. Enter sends, Shift+Enter starts a new line. Shows characters, SMS
 * segments and encoding; refuses (with a visible reason) text over 1600 characters, a closed conversation, or
 * sending while the hub is unreachable. A failed send keeps the text and shows why.
 *
 * @slot actions - Extra controls beside the Send button (e.g. a template picker).
 *
 * @event ad-message-send - The agent asked to send a message (cancelable).
 *
 * @csspart base - The wrapper.
 * @csspart textarea - The text field.
 * @csspart send-button - The Send button.
 * @csspart counter - "N / 1600 characters · S segments · GSM-7".
 * @csspart reason - Why sending is not possible right now.
 * @csspart error - Why the last send failed.
 *
 * @cssproperty --ad-composer-max-height - Tallest the text field grows.
 */
export class MessageComposer extends LitElement {
  static override styles = [themeStyles, sharedStyles, messageComposerStyles];

  private readonly view = new StoreController(this, () => this.store ?? this.providedStore, (state) =>
    this.selectView(state),
  );
  private readonly drafts = new Map<string, Draft>();
  private draftConversationId: string | null = null;
  private clientMessageId: string | null = null;

  @query('textarea') private textarea?: HTMLTextAreaElement;

  /** The store to read; by default the one an enclosing `<agent-desktop>` provides. */
  @property({ attribute: false }) store?: DesktopStore;
  /** Where sends go; by default the enclosing `<agent-desktop>`. Without one, only the event is sent. */
  @property({ attribute: false }) actions?: DesktopActions;
  /** The conversation to reply to; by default the one open in the desktop. */
  @property({ attribute: 'conversation-id' }) conversationId: string | null = null;
  /** Accessible name of the text field. */
  @property() label = 'Reply';
  /** Placeholder of the text field. */
  @property() placeholder = 'Type a reply… (Enter sends, Shift+Enter adds a line)';

  @consume({ context: desktopStoreContext, subscribe: true })
  @state()
  private providedStore?: DesktopStore;
  @consume({ context: desktopActionsContext, subscribe: true })
  @state()
  private providedActions?: DesktopActions;
  @state() private text = '';
  @state() private sending = false;
  @state() private sendError: string | null = null;

  private selectView(state: DesktopState) {
    const id = this.conversationId ?? state.selectedConversationId;
    const conversation = id !== null ? state.conversations.get(id) : undefined;
    return {
      conversationId: id,
      channel: conversation?.channel ?? 'sms',
      closed: conversation?.status === 'closed',
      connection: state.connection.state,
    };
  }

  /** Swaps drafts when the conversation changes (here, after the store slice is fresh, before rendering). */
  protected override update(changed: PropertyValues): void {
    this.switchDraft();
    super.update(changed);
  }

  private switchDraft(): void {
    const id = this.view.value.conversationId;
    if (id === this.draftConversationId) return;
    if (this.draftConversationId !== null) {
      this.drafts.set(this.draftConversationId, { text: this.text, clientMessageId: this.clientMessageId });
    }
    const draft = id !== null ? this.drafts.get(id) : undefined;
    this.text = draft?.text ?? '';
    this.clientMessageId = draft?.clientMessageId ?? null;
    this.sendError = null;
    this.draftConversationId = id;
  }

  private readonly onInput = (event: Event): void => {
    const text = (event.target as HTMLTextAreaElement).value;
    if (text !== this.text) this.clientMessageId = null; // new text, new message
    this.text = text;
  };

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    event.preventDefault();
    void this.send();
  };

  /** Why the message cannot be sent now, or null. An empty field needs no explanation. */
  private blockedReason(analysis: SmsAnalysis): string | null {
    const { conversationId, closed, connection } = this.view.value;
    if (conversationId === null) return 'Open a conversation to reply.';
    if (closed) return 'This conversation is closed. It reopens when the customer writes again.';
    if (this.view.hasStore && connection !== 'connected') {
      return connection === 'connecting'
        ? 'Connecting to the hub… Sending is possible once connected.'
        : 'The hub is unreachable, so messages cannot be sent. Reconnecting…';
    }
    if (analysis.characters > MAX_MESSAGE_CHARACTERS) {
      const over = analysis.characters - MAX_MESSAGE_CHARACTERS;
      return `Too long: ${analysis.characters} of ${MAX_MESSAGE_CHARACTERS} characters. Remove ${over} to send.`;
    }
    return null;
  }

  /** Sends the text: the event first (a host may cancel it), then the desktop's send. */
  async send(): Promise<void> {
    const analysis = analyzeSms(this.text);
    const conversationId = this.view.value.conversationId;
    const text = this.text.trim();
    if (this.sending || conversationId === null || text === '' || this.blockedReason(analysis) !== null) return;
    this.clientMessageId ??= createClientMessageId();
    const detail = { conversationId, clientMessageId: this.clientMessageId, text };
    const event = new MessageSendEvent(detail);
    this.dispatchEvent(event);
    if (event.defaultPrevented) return;
    const actions = this.actions ?? this.providedActions;
    const sentText = this.text;
    this.sendError = null;
    if (actions) {
      this.sending = true;
      try {
        await actions.sendMessage(detail);
      } catch (error) {
        const { code, message } = toHubRequestError(error);
        if (this.view.value.conversationId === conversationId) {
          this.sendError = `Not sent: ${describeError(code, message)}`;
        }
        return;
      } finally {
        this.sending = false;
      }
    }
    if (this.view.value.conversationId === conversationId) {
      if (this.text === sentText) {
        this.text = '';
        this.clientMessageId = null;
      }
    } else {
      this.drafts.delete(conversationId);
    }
  }

  /** Moves keyboard focus to the text field. */
  override focus(options?: FocusOptions): void {
    this.textarea?.focus(options);
  }

  override render() {
    const analysis = analyzeSms(this.text);
    const { conversationId, closed, channel } = this.view.value;
    const reason = this.blockedReason(analysis);
    const over = analysis.characters > MAX_MESSAGE_CHARACTERS;
    const canSend = reason === null && !this.sending && this.text.trim() !== '';
    const segments = `${analysis.segments} ${analysis.segments === 1 ? 'segment' : 'segments'}`;
    return html`
      <div part="base" class="base">
        <div class="row">
          <textarea
            part="textarea"
            rows="2"
            aria-label=${this.label}
            aria-describedby="counter reason error"
            aria-invalid=${over ? 'true' : 'false'}
            placeholder=${this.placeholder}
            .value=${this.text}
            ?disabled=${conversationId === null || closed}
            @input=${this.onInput}
            @keydown=${this.onKeyDown}
          ></textarea>
          <slot name="actions"></slot>
          <button
            part="send-button"
            class="button primary"
            type="button"
            ?disabled=${!canSend}
            @click=${() => void this.send()}
          >
            ${this.sending ? 'Sending…' : 'Send'}
          </button>
        </div>
        <div class="footer">
          <span id="counter" part="counter" class="counter ${over ? 'over' : ''}">
            ${analysis.characters} / ${MAX_MESSAGE_CHARACTERS} characters${channel === 'sms'
              ? ` · ${segments} · ${analysis.encoding}`
              : ''}
          </span>
          <p id="reason" part="reason" class="reason ${over ? 'blocking' : ''}" aria-live="polite">${reason ?? ''}</p>
        </div>
        <p id="error" part="error" class="error" role="alert" ?hidden=${!this.sendError}>${this.sendError ?? ''}</p>
      </div>
    `;
  }
}
