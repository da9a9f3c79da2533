import { html } from 'lit';
import type { ConnectionState } from '../../state/connection-state.js';
import { themeStyles } from '../../styles/theme.styles.js';
import { DesktopElement } from '../desktop-element.js';
import { connectionStatusStyles } from './connection-status.styles.js';

const LABELS: Record<ConnectionState, string> = {
  connected: 'Connected',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  disconnected: 'Disconnected',
};

/**
 * @summary Shows whether the desktop is connected to the hub, in a polite live region so screen readers hear
 * when the connection drops and comes back.
 *
 * @csspart base - The wrapper; also has the class of the state (connected, connecting, reconnecting, disconnected).
 * @csspart indicator - The coloured dot.
 * @csspart label - The text.
 *
 * @cssproperty --ad-connection-status-connected-color - Dot colour when connected.
 * @cssproperty --ad-connection-status-reconnecting-color - Dot colour while connecting or reconnecting.
 * @cssproperty --ad-connection-status-disconnected-color - Dot colour when disconnected.
 */
export class ConnectionStatus extends DesktopElement {
  static override styles = [themeStyles, connectionStatusStyles];

  private readonly connection = this.select((state) => state.connection);

  override render() {
    const { state, attempt, error } = this.connection.value;
    const details = state === 'reconnecting' && error ? `${error} (attempt ${attempt})` : '';
    return html`
      <div part="base" class="base ${state}" role="status" title=${details}>
        <span part="indicator" class="indicator" aria-hidden="true"></span>
        <span part="label">${LABELS[state]}</span>
      </div>
    `;
  }
}
