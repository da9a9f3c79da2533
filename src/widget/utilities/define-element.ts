/**
 * Registers a custom element without ever throwing. A host page may load two copies of the agent desktop
 * (two script tags, or a CRM that bundles it twice): the first definition wins and the second only warns.
 */
export function defineElement(tagName: string, elementClass: CustomElementConstructor): void {
  const existing = customElements.get(tagName);
  if (existing) {
    const which = existing === elementClass ? 'this same class' : 'another class';
    console.warn(
      `<${tagName}> is already defined (by ${which}); keeping the first definition. Is the agent desktop loaded twice?`,
    );
    return;
  }
  try {
    customElements.define(tagName, elementClass);
  } catch (error) {
    console.warn(`<${tagName}> could not be defined: ${error instanceof Error ? error.message : String(error)}`);
  }
}
