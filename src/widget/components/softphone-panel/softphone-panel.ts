import { defineElement } from '../../utilities/define-element.js';
import { SoftphonePanel } from './softphone-panel.component.js';

export { SoftphonePanel };

defineElement('ad-softphone-panel', SoftphonePanel);

declare global {
  interface HTMLElementTagNameMap {
    'ad-softphone-panel': SoftphonePanel;
  }
}
