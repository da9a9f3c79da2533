import { defineElement } from '../../utilities/define-element.js';
import { PresenceSelector } from './presence-selector.component.js';

export { PresenceSelector };

defineElement('presence-selector', PresenceSelector);

declare global {
  interface HTMLElementTagNameMap {
    'presence-selector': PresenceSelector;
  }
}
