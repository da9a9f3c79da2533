import { defineElement } from '../../utilities/define-element.js';
import { OfferToast } from './offer-toast.component.js';

export { OfferToast };

defineElement('ad-offer-toast', OfferToast);

declare global {
  interface HTMLElementTagNameMap {
    'ad-offer-toast': OfferToast;
  }
}
