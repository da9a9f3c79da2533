import { defineElement } from '../../utilities/define-element.js';
import { TransferDialog } from './transfer-dialog.component.js';

export { TransferDialog };

defineElement('transfer-dialog', TransferDialog);

declare global {
  interface HTMLElementTagNameMap {
    'transfer-dialog': TransferDialog;
  }
}
