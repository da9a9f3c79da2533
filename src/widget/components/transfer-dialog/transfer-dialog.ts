import { defineElement } from '../../utilities/define-element.js';
import { TransferDialog } from './transfer-dialog.component.js';

export { TransferDialog };

defineElement('ad-transfer-dialog', TransferDialog);

declare global {
  interface HTMLElementTagNameMap {
    'ad-transfer-dialog': TransferDialog;
  }
}
