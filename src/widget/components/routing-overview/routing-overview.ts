import { defineElement } from '../../utilities/define-element.js';
import { RoutingOverview } from './routing-overview.component.js';

export { RoutingOverview };

defineElement('ad-routing-overview', RoutingOverview);

declare global {
  interface HTMLElementTagNameMap {
    'ad-routing-overview': RoutingOverview;
  }
}
