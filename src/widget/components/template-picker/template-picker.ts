import { defineElement } from '../../utilities/define-element.js';
import { TemplatePicker } from './template-picker.component.js';

export { TemplatePicker };

defineElement('ad-template-picker', TemplatePicker);

declare global {
  interface HTMLElementTagNameMap {
    'ad-template-picker': TemplatePicker;
  }
}
