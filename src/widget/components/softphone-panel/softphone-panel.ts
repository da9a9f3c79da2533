import { defineElement } from '../../utilities/define-element.js';
import { SoftphonePanel } from './softphone-panel.component.js';

export { SoftphonePanel };

defineElement('softphone-panel', SoftphonePanel);

declare global {
  interface HTMLElementTagNameMap {
    'softphone-panel': SoftphonePanel;
  }
}
