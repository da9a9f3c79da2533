import { html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { MAX_TRANSFER_NOTE_CHARACTERS, PRESENCE_LABELS, type ConversationTransferTargets } from '../../../protocol/routing.js';
import { formStyles } from '../../styles/form.styles.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { themeStyles } from '../../styles/theme.styles.js';
import { DesktopElement } from '../desktop-element.js';
import { transferDialogStyles } from './transfer-dialog.styles.js';

/**
 * @summary A modal dialog to hand a conversation to a queue or another agent, with a note the receiver sees. The
 * choice lists the queues, then the agents with their presence; agents who cannot take it now (not connected, not
 * available, or full) are listed but disabled. Escape or Cancel closes; focus returns to where it was (the browser
 * restores it when a modal dialog closes). A refusal
 * (e.g. `agent_unavailable`) shows in the dialog, which stays open.
 *
 * @csspart dialog - The `<dialog>`.
 * @csspart target - The queue or agent `<select>` (required).
 * @csspart note - The note field.
 * @csspart submit-button - "Transfer".
 * @csspart error - Why the transfer (or loading the choices) failed.
 */
export class TransferDialog extends DesktopElement {
  static override styles = [themeStyles, sharedStyles, formStyles, transferDialogStyles];

  /** The conversation to transfer. */
  @property({ attribute: 'conversation-id' }) conversationId = '';

  @state() private targets: ConversationTransferTargets | null = null;
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('form') private form!: HTMLFormElement;

  /** Opens the dialog and loads the queues and agents. */
  async show(): Promise<void> {
    this.targets = null;
    this.error = '';
    await this.updateComplete;
    this.form.reset();
    this.dialog.showModal();
    await this.run(async (actions) => (this.targets = await actions.getConversationTransferTargets()));
  }

  /** Closes it; the browser puts the focus back where it was when it opened. */
  close(): void {
    this.dialog?.close();
  }

  private readonly onSubmit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const [target, note] = [...new FormData(this.form).values()] as string[];
    const [key, id] = target!.split(/:(.*)/);
    const request = { conversationId: this.conversationId, note: note!.trim(), [key!]: id };
    if (await this.run((actions) => actions.transferConversation(request))) this.close();
  };

  override render() {
    const { targets } = this;
    return html`<dialog part="dialog" class="dialog" aria-labelledby="title">
      <form @submit=${this.onSubmit}>
        <div class="dialog-header">
          <h2 id="title">Transfer the conversation</h2>
          <button class="button" type="button" @click=${this.close}>Cancel</button>
        </div>
        <label class="label" for="target">To</label>
        <select id="target" name="target" part="target" class="input" required>
          <option value="">${targets ? 'Choose…' : 'Loading…'}</option>
          ${targets
            ? html`<optgroup label="Queues">
                  ${targets.queues.map((q) => html`<option value="queueId:${q.id}">${q.name}</option>`)}
                </optgroup>
                <optgroup label="Agents">
                  ${targets.agents.map(
                    (a) => html`<option value="agentId:${a.agentId}" ?disabled=${!a.canTakeWork}>
                      ${a.displayName} · ${PRESENCE_LABELS[a.presence]}${a.canTakeWork ? '' : ' (cannot take it now)'}
                    </option>`,
                  )}
                </optgroup>`
            : nothing}
        </select>
        <label class="label" for="note">Note for them</label>
        <textarea id="note" name="note" part="note" class="input" rows="3" maxlength=${MAX_TRANSFER_NOTE_CHARACTERS}></textarea>
        <p part="error" class="error" role="alert" ?hidden=${!this.error}>${this.error}</p>
        <div class="actions">
          <button part="submit-button" class="button primary" ?disabled=${this.busy}>Transfer</button>
        </div>
      </form>
    </dialog>`;
  }
}
