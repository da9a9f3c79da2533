import { defineElement } from '../../utilities/define-element.js';
import { TemplatePicker } from './template-picker.component.js';

export { TemplatePicker };

defineElement('template-picker', TemplatePicker);

declare global {
  interface HTMLElementTagNameMap {
    'template-picker': TemplatePicker;
  }
}
