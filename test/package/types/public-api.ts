// What an integrator writes against the package's declarations (dist/types, through package.json's "exports"):
// checked by tsc in public-types.test.ts. A `@ts-expect-error` line fails the check when the error it expects does
// not happen, so these also prove the types are not `any`.
import { AgentDesktop, CallOfferedEvent, type SoftphonePanel, type TemplatePicker } from 'agent-desktop';
import { enableOfflineSupport, UpdateAvailableEvent } from 'agent-desktop/offline';

const desktop: AgentDesktop = document.createElement('ad-desktop');
desktop.hubUrl = 'https://hub.example.com';
// @ts-expect-error hub-url is a string
desktop.hubUrl = 8080;
desktop.crmContext = { CustomerName: 'Jane Doe', locale: 'fr-FR' };
void desktop.connect();

desktop.addEventListener('ad-call-offered', (event) => {
  const offered: CallOfferedEvent = event;
  const callId: string = event.detail.id;
  // @ts-expect-error a call has no such field
  void event.detail.notAField;
  return [offered, callId];
});
desktop.addEventListener('ad-conversation-select', (event) => {
  const conversationId: string | null = event.detail.conversationId;
  return conversationId;
});
desktop.addEventListener('ad-update-available', (event) => {
  const update: UpdateAvailableEvent = event;
  return update;
});

// Tags loaded when first used are typed too.
const softphone: SoftphonePanel = document.createElement('ad-softphone-panel');
const picker: TemplatePicker | null = document.querySelector('ad-template-picker');
// @ts-expect-error not one of ours
const unknown: SoftphonePanel = document.createElement('ad-no-such-tag');

void enableOfflineSupport(desktop, '/agent-desktop-sw.js');
export { picker, softphone, unknown };
