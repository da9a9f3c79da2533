import { defineElement } from '../../utilities/define-element.js';
import { ConnectionStatus } from './connection-status.component.js';

export { ConnectionStatus };

defineElement('ad-connection-status', ConnectionStatus);

declare global {
  interface HTMLElementTagNameMap {
    'ad-connection-status': ConnectionStatus;
  }
}
