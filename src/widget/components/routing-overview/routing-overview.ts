import { defineElement } from '../../utilities/define-element.js';
import { RoutingOverview } from './routing-overview.component.js';

export { RoutingOverview };

defineElement('routing-overview', RoutingOverview);

declare global {
  interface HTMLElementTagNameMap {
    'routing-overview': RoutingOverview;
  }
}
