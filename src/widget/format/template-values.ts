/**
 * Filling template placeholders from what the desktop already knows: the host page's CRM context (by the same
 * name: CustomerName, CaseName, …) and the conversation (the customer's name).
 */
import type { ConversationSummary } from '../../protocol/payloads.js';
import { placeholdersIn, type MessageTemplate } from '../../protocol/templates.js';

/** A placeholder's value from the context, or '' when nothing knows it. */
export function contextValue(
  name: string,
  crmContext: Readonly<Record<string, string>>,
  conversation: Pick<ConversationSummary, 'customerName'> | null,
): string {
  const fromCrm = crmContext[name];
  if (typeof fromCrm === 'string' && fromCrm.trim()) return fromCrm.trim();
  if (name === 'CustomerName' && conversation?.customerName?.trim()) return conversation.customerName.trim();
  return '';
}

/** Initial values for every placeholder of every localization of a template. */
export function prefillValues(
  template: MessageTemplate,
  crmContext: Readonly<Record<string, string>>,
  conversation: Pick<ConversationSummary, 'customerName'> | null,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const localization of template.localizations) {
    for (const name of placeholdersIn(localization.text)) values[name] ??= contextValue(name, crmContext, conversation);
  }
  return values;
}

/** A field label for a placeholder: "CustomerName" → "Customer name", "1" → "Value 1". */
export function placeholderLabel(name: string): string {
  if (/^\d+$/.test(name)) return `Value ${name}`;
  const words = name
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

let languageNames: Intl.DisplayNames | null | undefined;

/** "French (France) — fr-FR"; the tag alone when the browser cannot name it. */
export function languageLabel(tag: string): string {
  try {
    languageNames ??= new Intl.DisplayNames(['en'], { type: 'language' });
    const name = languageNames.of(tag);
    return name && name !== tag ? `${name} — ${tag}` : tag;
  } catch {
    return tag;
  }
}

/** Lower-case, without accents: "Café" and "cafe" match. */
export function searchable(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Templates whose name or any text contains every word of `query`. */
export function matchTemplates(templates: readonly MessageTemplate[], query: string): MessageTemplate[] {
  const words = searchable(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...templates];
  return templates.filter((template) => {
    const haystack = searchable(
      [template.name, template.name.replace(/_/g, ' '), ...template.localizations.map((l) => l.text)].join('\n'),
    );
    return words.every((word) => haystack.includes(word));
  });
}
