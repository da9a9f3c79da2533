import { defineElement } from '../../utilities/define-element.js';
import { PresenceSelector } from './presence-selector.component.js';

export { PresenceSelector };

defineElement('ad-presence-selector', PresenceSelector);

declare global {
  interface HTMLElementTagNameMap {
    'ad-presence-selector': PresenceSelector;
  }
}
