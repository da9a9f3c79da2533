/**
 * The agent desktop bundle (dist/agent-desktop.js): registers every tag and exports the public API.
 *
 *   <script type="module" src="/agent-desktop.js"></script>
 *   <ad-desktop hub-url="https://hub.example.com" token-url="/crm/agent-desktop/token"></ad-desktop>
 */
export { AgentDesktop } from './components/agent-desktop/agent-desktop.js';
export { ConnectionStatus } from './components/connection-status/connection-status.js';
export { ConversationInbox } from './components/conversation-inbox/conversation-inbox.js';
export { ConversationView } from './components/conversation-view/conversation-view.js';
export { MessageComposer } from './components/message-composer/message-composer.js';
export { OfferToast } from './components/offer-toast/offer-toast.js';
export { PresenceSelector } from './components/presence-selector/presence-selector.js';
export { QueueCounters } from './components/queue-counters/queue-counters.js';
export { SessionWindowBanner } from './components/session-window-banner/session-window-banner.js';
// Loaded when first used (below), so exported as types only: from the files that register the tags, so that the
// declarations (dist/types) carry their HTMLElementTagNameMap entries too.
export type { CallKeypad } from './components/call-keypad/call-keypad.js';
export type { CallWrapUp } from './components/call-wrap-up/call-wrap-up.js';
export type { RoutingOverview } from './components/routing-overview/routing-overview.js';
export type { ScreenPopPanel } from './components/screen-pop-panel/screen-pop-panel.js';
export type { SoftphonePanel } from './components/softphone-panel/softphone-panel.js';
export type { TemplatePicker } from './components/template-picker/template-picker.js';
export type { TransferDialog } from './components/transfer-dialog/transfer-dialog.js';
export type { StartConversationOptions } from './components/template-picker/template-picker.component.js';

export { CallAnsweredEvent } from './events/call-answered-event.js';
export { CallEndedEvent } from './events/call-ended-event.js';
export { CallOfferedEvent } from './events/call-offered-event.js';
export { ConnectionChangeEvent } from './events/connection-change-event.js';
export { ConversationCloseEvent } from './events/conversation-close-event.js';
export { ConversationSelectEvent } from './events/conversation-select-event.js';
export { DesktopErrorEvent } from './events/desktop-error-event.js';
export { MessageEditEvent } from './events/message-edit-event.js';
export { MessageReceivedEvent } from './events/message-received-event.js';
export { MessageSendEvent } from './events/message-send-event.js';
export { RecordOpenEvent } from './events/record-open-event.js';
export { TemplateInsertEvent } from './events/template-insert-event.js';
export { TemplatePickerRequestEvent } from './events/template-picker-request-event.js';
export { TemplateSendEvent } from './events/template-send-event.js';
// Dispatched by the offline module (dist/agent-desktop-offline.js, which exports the class): the type, for the event map.
export type { UpdateAvailableEvent } from './events/update-available-event.js';
import { loadTemplatePicker, loadTransferDialog } from './utilities/load-part.js';
import { loadWhenUsed } from './utilities/load-when-used.js';

// Voice, the supervisor's overview, the template picker and the transfer dialog are separate chunks: loaded by <ad-desktop> when it needs them, or here when
// a page uses the tags on their own.
loadWhenUsed({
  'ad-softphone-panel': () => import('./components/softphone-panel/softphone-panel.js'),
  // the softphone's parts, on their own (the softphone's chunk holds them)
  'ad-call-keypad': () => import('./components/call-keypad/call-keypad.js'),
  'ad-call-wrap-up': () => import('./components/call-wrap-up/call-wrap-up.js'),
  'ad-screen-pop-panel': () => import('./components/screen-pop-panel/screen-pop-panel.js'),
  'ad-routing-overview': () => import('./components/routing-overview/routing-overview.js'),
  'ad-template-picker': loadTemplatePicker,
  'ad-transfer-dialog': loadTransferDialog,
});

export { channelAllowsAttachments } from './attachments/attachment-rules.js';

export { DesktopStore } from './state/desktop-store.js';
export type { DesktopState, DesktopError } from './state/desktop-state.js';
export type { DesktopActions, HubBackedActions } from './desktop/desktop-actions.js';
export { actionFailure, type ActionFailure } from './desktop/action-failure.js';
export type { OutboxEntry } from './outbox/outbox-entry.js';
export { DesktopService } from './desktop/desktop-service.js';
export type { CallMoment, DesktopServiceHooks, NewWork } from './desktop/desktop-service.js';
export { HubClient } from './hub/hub-client.js';
export type { ConnectionListener, HubLink } from './hub/hub-link.js';
export { BackoffRetryPolicy } from './hub/retry-policy.js';
export { HubRequestError } from './hub/hub-request-error.js';
export type { ConnectionInfo, ConnectionState } from './state/connection-state.js';
export type { AccessTokenFactory } from './auth/token-source.js';
