import { defineElement } from '../../utilities/define-element.js';
import { CallWrapUp } from './call-wrap-up.component.js';

export { CallWrapUp };

defineElement('ad-call-wrap-up', CallWrapUp);

declare global {
  interface HTMLElementTagNameMap {
    'ad-call-wrap-up': CallWrapUp;
  }
}
