import { html, nothing } from 'lit';
import { CHOOSABLE_PRESENCES, PRESENCE_LABELS, type ChoosablePresence } from '../../../protocol/routing.js';
import { formStyles } from '../../styles/form.styles.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { themeStyles } from '../../styles/theme.styles.js';
import { DesktopElement } from '../desktop-element.js';
import { presenceSelectorStyles } from './presence-selector.styles.js';

/**
 * @summary The agent's presence: Available (offered new work), Busy, Do not disturb or Away, with a coloured dot.
 * Changing it tells the hub, and every tab of the agent follows. "Offline" and disabled while the desktop is not
 * connected (or the hub has no routing). While desktop notifications are neither allowed nor refused, a small
 * "Enable notifications" button asks for them (only ever from that click).
 *
 * @csspart base - The wrapper.
 * @csspart indicator - The coloured dot.
 * @csspart select - The presence `<select>`.
 * @csspart notifications-button - "Enable notifications".
 * @csspart error - Why the change was refused.
 */
export class PresenceSelector extends DesktopElement {
  static override styles = [themeStyles, sharedStyles, formStyles, presenceSelectorStyles];

  private readonly view = this.select((state) => ({
    presence: state.connection.state === 'connected' ? (state.routing?.presence ?? null) : null,
  }));

  private readonly onChange = async (event: Event): Promise<void> => {
    const presence = (event.target as HTMLSelectElement).value as ChoosablePresence;
    // Refused: the select goes back to what the hub says (updated()).
    await this.run((actions) => actions.setPresence(presence));
  };

  protected override updated(): void {
    // The options' `selected` attributes do not move a select the agent (or a refusal) already changed.
    this.renderRoot.querySelector('select')!.value = this.view.value.presence ?? 'offline';
  }

  private readonly askPermission = (): void => {
    void Notification.requestPermission()
      .catch(() => undefined)
      .then(() => this.requestUpdate());
  };

  override render() {
    const presence = this.view.value.presence;
    const shown = presence ?? 'offline';
    return html`<div part="base">
      <span part="indicator" class="dot presence-${shown}" aria-hidden="true"></span>
      <select
        part="select"
        class="input"
        aria-label="Presence"
        ?disabled=${!presence || this.busy}
        @change=${this.onChange}
      >
        ${presence ? nothing : html`<option value="offline">${PRESENCE_LABELS.offline}</option>`}
        ${CHOOSABLE_PRESENCES.map((p) => html`<option value=${p}>${PRESENCE_LABELS[p]}</option>`)}
      </select>
      ${
        typeof Notification !== 'undefined' && Notification.permission === 'default'
          ? html`<button part="notifications-button" class="button small" type="button" @click=${this.askPermission}>
              Enable notifications
            </button>`
          : nothing
      }
      <span part="error" class="error" role="alert" ?hidden=${!this.error}>${this.error}</span>
    </div>`;
  }
}
