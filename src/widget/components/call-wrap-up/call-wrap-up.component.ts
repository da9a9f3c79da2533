import { html, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { agentActionsFor, DEFAULT_CALL_DISPOSITIONS, MAX_WRAP_UP_NOTES_CHARACTERS } from '../../../protocol/calls.js';
import { formStyles } from '../../styles/form.styles.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { themeStyles } from '../../styles/theme.styles.js';
import { DesktopElement } from '../desktop-element.js';
import { callWrapUpStyles } from './call-wrap-up.styles.js';

/**
 * @summary The wrap-up of a call the agent has finished: notes and a disposition (the organisation's, from
 * `VoiceSettings.dispositions`), then "Complete wrap-up", which waits for a disposition and says so. The notes and
 * disposition are kept while the same call is shown; a refusal shows in the form. `focus()` puts the focus on the
 * notes.
 *
 * @csspart base - The wrap-up `<form>`.
 * @csspart notes - The notes field.
 * @csspart disposition - The disposition select.
 * @csspart complete-button - "Complete wrap-up".
 * @csspart error - Why completing was refused.
 */
export class CallWrapUp extends DesktopElement {
  static override styles = [themeStyles, sharedStyles, formStyles, callWrapUpStyles];

  private readonly view = this.select((state) => ({
    call: state.calls.get(this.callId),
    dispositions: state.voice?.dispositions ?? DEFAULT_CALL_DISPOSITIONS,
  }));

  @query('textarea') private notesField?: HTMLTextAreaElement;

  /** The call in wrap-up. */
  @property({ attribute: 'call-id' }) callId = '';

  @state() private notes = '';
  @state() private disposition = '';

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('callId')) {
      this.notes = '';
      this.disposition = '';
      this.error = '';
    }
  }

  private readonly onSubmit = (event: Event): void => {
    event.preventDefault();
    const { callId, notes, disposition } = this;
    if (disposition) void this.run((actions) => actions.completeWrapUp({ callId, notes, disposition }));
  };

  /** Moves the focus to the notes. */
  override focus(options?: FocusOptions): void {
    void this.updateComplete.then(() => this.notesField?.focus(options));
  }

  override render() {
    const { notes, disposition } = this;
    const { call, dispositions } = this.view.value;
    const allowed = !!call && agentActionsFor(call.state).includes('complete_wrap_up');
    return html`
      <form part="base" class="base" aria-label="Wrap-up" @submit=${this.onSubmit}>
        <label class="label" for="notes">Notes</label>
        <textarea
          id="notes"
          part="notes"
          class="input"
          rows="2"
          maxlength=${MAX_WRAP_UP_NOTES_CHARACTERS}
          .value=${notes}
          @input=${(event: Event) => (this.notes = (event.target as HTMLTextAreaElement).value)}
        ></textarea>
        <label class="label" for="disposition">Disposition</label>
        <select
          id="disposition"
          part="disposition"
          class="input"
          @change=${(event: Event) => (this.disposition = (event.target as HTMLSelectElement).value)}
        >
          <option value="" ?selected=${!disposition}>Choose…</option>
          ${dispositions.map((d) => html`<option value=${d.id} ?selected=${d.id === disposition}>${d.label}</option>`)}
        </select>
        <div class="actions">
          <span id="reason" class="hint" ?hidden=${!!disposition}>Choose a disposition to complete the wrap-up.</span>
          <button
            part="complete-button"
            class="button primary"
            type="submit"
            aria-describedby="reason"
            ?disabled=${!disposition || !allowed || this.busy}
          >
            Complete wrap-up
          </button>
        </div>
        <p part="error" class="error" role="alert" ?hidden=${!this.error}>${this.error}</p>
      </form>
    `;
  }
}
