import { defineElement } from '../../utilities/define-element.js';
import { ConnectionStatus } from './connection-status.component.js';

export { ConnectionStatus };

defineElement('connection-status', ConnectionStatus);

declare global {
  interface HTMLElementTagNameMap {
    'connection-status': ConnectionStatus;
  }
}
