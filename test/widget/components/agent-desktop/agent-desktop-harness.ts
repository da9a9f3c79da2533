import { waitUntil } from '@open-wc/testing';
import type { LitElement } from 'lit';
import '../../../../src/widget/components/agent-desktop/agent-desktop.js';
import type { AgentDesktop } from '../../../../src/widget/components/agent-desktop/agent-desktop.component.js';
import type { DesktopState } from '../../../../src/widget/state/desktop-state.js';
import { mount } from '../../support/dom.js';

/** A part of the desktop, or of one of its parts (`ad-conversation-inbox`, `[part="agent"]`…): null when absent. */
export function child<T extends Element = LitElement>(host: Element, selector: string): T {
  return host.shadowRoot!.querySelector<T>(selector)!;
}

/**
 * An agent's desktop on the real hub at `hubUrl`, signed in with `token` (no cache; more properties and attributes
 * as given), once `ready` holds of its state (e.g. the conversations are live).
 */
export async function liveDesktop(
  hubUrl: string,
  token: string,
  ready: (state: DesktopState) => boolean,
  properties: Partial<AgentDesktop> = {},
  attributes: Record<string, string> = {},
): Promise<AgentDesktop> {
  const el = await mount(
    'ad-desktop',
    { accessTokenFactory: () => token, ...properties },
    { 'no-cache': true, 'hub-url': hubUrl, ...attributes },
  );
  await waitUntil(() => ready(el.store.getState()), 'the desktop live', { timeout: 5000 });
  return el;
}
