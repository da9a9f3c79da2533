import { defineElement } from '../../utilities/define-element.js';
import { ScreenPopPanel } from './screen-pop-panel.component.js';

export { ScreenPopPanel };

defineElement('ad-screen-pop-panel', ScreenPopPanel);

declare global {
  interface HTMLElementTagNameMap {
    'ad-screen-pop-panel': ScreenPopPanel;
  }
}
