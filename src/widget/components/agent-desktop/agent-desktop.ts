import '../connection-status/connection-status.js';
import '../conversation-inbox/conversation-inbox.js';
import '../conversation-view/conversation-view.js';
import '../message-composer/message-composer.js';
import '../offer-toast/offer-toast.js';
import '../presence-selector/presence-selector.js';
import '../queue-counters/queue-counters.js';
import '../routing-overview/routing-overview.js';
import '../screen-pop-panel/screen-pop-panel.js';
import '../session-window-banner/session-window-banner.js';
import '../softphone-panel/softphone-panel.js';
import '../template-picker/template-picker.js';
import { defineElement } from '../../utilities/define-element.js';
import { AgentDesktop } from './agent-desktop.component.js';

export { AgentDesktop };

defineElement('agent-desktop', AgentDesktop);

declare global {
  interface HTMLElementTagNameMap {
    'agent-desktop': AgentDesktop;
  }
}
