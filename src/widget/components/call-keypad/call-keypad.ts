import { defineElement } from '../../utilities/define-element.js';
import { CallKeypad } from './call-keypad.component.js';

export { CallKeypad };

defineElement('ad-call-keypad', CallKeypad);

declare global {
  interface HTMLElementTagNameMap {
    'ad-call-keypad': CallKeypad;
  }
}
