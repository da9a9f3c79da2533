import { defineElement } from '../../utilities/define-element.js';
import { OfferToast } from './offer-toast.component.js';

export { OfferToast };

defineElement('offer-toast', OfferToast);

declare global {
  interface HTMLElementTagNameMap {
    'offer-toast': OfferToast;
  }
}
