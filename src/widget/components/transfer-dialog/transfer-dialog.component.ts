import { html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { MAX_TRANSFER_NOTE_CHARACTERS } from '../../../protocol/routing.js';
import { formStyles } from '../../styles/form.styles.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { themeStyles } from '../../styles/theme.styles.js';
import { DesktopElement } from '../desktop-element.js';
import { transferDialogStyles } from './transfer-dialog.styles.js';
import {
  callTransfer,
  conversationTransfer,
  type TransferChoice,
  type TransferSubject,
  type TransferTo,
} from './transfer-subject.js';

type Choices = Awaited<ReturnType<TransferSubject['choices']>>;

/** A choice as the select's option value ("queueId:general"), and back. */
const valueOf = (to: TransferTo) => ('queueId' in to ? `queueId:${to.queueId}` : `agentId:${to.agentId}`);
function toOf(value: string): TransferTo {
  const [key, id = ''] = value.split(/:(.*)/);
  return key === 'queueId' ? { queueId: id } : { agentId: id };
}

/**
 * @summary A modal dialog to hand a conversation (`conversation-id`, with a note the receiver sees) or a call in
 * progress (`call-id`) to a queue or another agent. The choice lists the queues, then the agents (for a
 * conversation with their presence); agents who cannot take it now (not connected, not available, busy or full)
 * are listed but disabled. Escape or Cancel closes; focus returns to where it was (the browser restores it when a
 * modal dialog closes). A refusal (e.g. `agent_unavailable`) shows in the dialog, which stays open.
 *
 * @csspart dialog - The `<dialog>`.
 * @csspart target - The queue or agent `<select>` (required).
 * @csspart note - The note field (conversations only).
 * @csspart submit-button - "Transfer".
 * @csspart error - Why the transfer (or loading the choices) failed.
 *
 * @cssproperty --ad-transfer-dialog-width - Width of the dialog (default 26rem, at most the viewport).
 */
export class TransferDialog extends DesktopElement {
  static override styles = [themeStyles, sharedStyles, formStyles, transferDialogStyles];

  @query('dialog') private dialog!: HTMLDialogElement;
  @query('form') private form!: HTMLFormElement;

  /** The conversation to transfer. */
  @property({ attribute: 'conversation-id' }) conversationId = '';
  /** The call to transfer instead (a call in progress, connected or on hold). */
  @property({ attribute: 'call-id' }) callId = '';

  @state() private choices: Choices | null = null;

  private get subject(): TransferSubject {
    return this.callId ? callTransfer(this.callId) : conversationTransfer(this.conversationId);
  }

  /** Opens the dialog and loads the queues and agents. */
  async show(): Promise<void> {
    const subject = this.subject;
    this.choices = null;
    this.error = '';
    await this.updateComplete;
    this.form.reset();
    this.dialog.showModal();
    await this.run(async (actions) => (this.choices = await subject.choices(actions)));
  }

  /** Closes it; the browser puts the focus back where it was when it opened. */
  close(): void {
    this.dialog?.close();
  }

  private readonly onSubmit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const data = new FormData(this.form);
    const to = toOf(data.get('target') as string);
    const note = ((data.get('note') as string | null) ?? '').trim();
    const subject = this.subject;
    if (await this.run((actions) => subject.transfer(actions, to, note))) this.close();
  };

  override render() {
    const { choices } = this;
    const { title, withNote } = this.subject;
    const options = (label: string, list: TransferChoice[]) =>
      list.length > 0
        ? html`<optgroup label=${label}>
            ${list.map((choice) => html`<option value=${valueOf(choice.to)} ?disabled=${choice.disabled}>${choice.label}</option>`)}
          </optgroup>`
        : nothing;
    return html`<dialog part="dialog" class="dialog" aria-labelledby="title">
      <form @submit=${this.onSubmit}>
        <div class="dialog-header">
          <h2 id="title">${title}</h2>
          <button class="button" type="button" @click=${() => this.close()}>Cancel</button>
        </div>
        <label class="label" for="target">To</label>
        <select id="target" name="target" part="target" class="input" required>
          <option value="">${choices || this.error ? 'Choose…' : 'Loading…'}</option>
          ${choices ? html`${options('Queues', choices.queues)}${options('Agents', choices.agents)}` : nothing}
        </select>
        ${
          withNote
            ? html`<label class="label" for="note">Note for them</label>
                <textarea
                  id="note"
                  name="note"
                  part="note"
                  class="input"
                  rows="3"
                  maxlength=${MAX_TRANSFER_NOTE_CHARACTERS}
                ></textarea>`
            : nothing
        }
        <p part="error" class="error" role="alert" ?hidden=${!this.error}>${this.error}</p>
        <div class="actions">
          <button part="submit-button" class="button primary" ?disabled=${this.busy}>Transfer</button>
        </div>
      </form>
    </dialog>`;
  }
}
