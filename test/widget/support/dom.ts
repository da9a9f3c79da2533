import { fixture } from '@open-wc/testing';

/** An element's text as the agent reads it: whitespace runs collapsed, trimmed ('' for no element). */
export function text(node: Element | null | undefined): string {
  return node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

/**
 * Puts a desktop element in the page, its properties set before it first renders (the store, the actions — see
 * fake-actions.ts —, `now`, …), and resolves once it has rendered:
 *
 *   const el = await mount('ad-offer-toast', { store, actions: fakeActions({ acceptOffer }), now: () => clock });
 */
export async function mount<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  properties: Partial<HTMLElementTagNameMap[K]> = {},
  attributes: Record<string, string | true> = {},
): Promise<HTMLElementTagNameMap[K]> {
  const element = document.createElement(tag);
  Object.assign(element, properties);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value === true ? '' : value);
  return fixture<HTMLElementTagNameMap[K]>(element);
}

/**
 * Lets what a click or a key started finish: a turn of the event loop (an action's promise settles) and the update
 * it caused. Not a wait for time: to wait for something that takes time, use `waitUntil` with the condition.
 */
export async function settle(element: { updateComplete: Promise<unknown> }): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve));
  await element.updateComplete;
}
