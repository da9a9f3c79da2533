import { defineElement } from '../../utilities/define-element.js';
import { SessionWindowBanner } from './session-window-banner.component.js';

export { SessionWindowBanner };

defineElement('ad-session-window-banner', SessionWindowBanner);

declare global {
  interface HTMLElementTagNameMap {
    'ad-session-window-banner': SessionWindowBanner;
  }
}
