import '../connection-status/connection-status.js';
import '../conversation-inbox/conversation-inbox.js';
import '../conversation-view/conversation-view.js';
import '../message-composer/message-composer.js';
import '../offer-toast/offer-toast.js';
import '../presence-selector/presence-selector.js';
import '../queue-counters/queue-counters.js';
import '../session-window-banner/session-window-banner.js';
// The softphone and screen pop (organisations with voice), the supervisor's overview, the template picker and the
// transfer dialog load when first needed
// (agent-desktop.component.ts), as separate chunks: a page without them does not download them.
import { defineElement } from '../../utilities/define-element.js';
import { AgentDesktop } from './agent-desktop.component.js';

export { AgentDesktop };

defineElement('ad-desktop', AgentDesktop);

declare global {
  interface HTMLElementTagNameMap {
    'ad-desktop': AgentDesktop;
  }
}
