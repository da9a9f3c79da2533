/**
 * Message templates: approved texts with placeholders, localized. Placeholders are named ({{CustomerName}})
 * or numbered ({{1}}). Filling is shared by the widget (preview) and the hub (what is sent), so both agree.
 */
import type { Channel } from './payloads.js';

export interface TemplateLocalization {
  /** BCP 47 language tag, e.g. "en", "fr-FR". */
  language: string;
  /** The approved text, with placeholders. */
  text: string;
  /** The provider's id of this approved version (Twilio ContentSid, "HX…"), when it has one. */
  contentSid?: string;
}

export interface MessageTemplate {
  name: string;
  /** Channels this template may be sent on. */
  channels: Channel[];
  defaultLanguage: string;
  localizations: TemplateLocalization[];
}

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*|\d+)\s*\}\}/g;

/** Placeholder names in the order they first appear, each once. */
export function placeholdersIn(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) if (!names.includes(match[1])) names.push(match[1]);
  return names;
}

/** The text with every placeholder replaced; `missing` names the placeholders without a (non-blank) value. */
export function fillTemplate(
  text: string,
  values: Record<string, string | undefined>,
): { text: string; missing: string[] } {
  const missing = placeholdersIn(text).filter((name) => !values[name]?.trim());
  const filled = text.replace(PLACEHOLDER, (whole, name: string) =>
    values[name]?.trim() ? values[name].trim() : whole,
  );
  return { text: filled, missing };
}

/**
 * The localization for a customer's locale: an exact match ("fr-CA"), then the same language ("fr" or "fr-FR"),
 * then the template's default language.
 */
export function chooseLocalization(template: MessageTemplate, locale: string | null | undefined): TemplateLocalization {
  const byLanguage = (language: string) =>
    template.localizations.find((l) => l.language.toLowerCase() === language.toLowerCase());
  if (locale) {
    const exact = byLanguage(locale);
    if (exact) return exact;
    const base = locale.split('-')[0].toLowerCase();
    const sameLanguage = template.localizations.find((l) => l.language.split('-')[0].toLowerCase() === base);
    if (sameLanguage) return sameLanguage;
  }
  return byLanguage(template.defaultLanguage) ?? template.localizations[0];
}

/**
 * Twilio's ContentVariables for a filled template: numbered placeholders keep their number, named ones are
 * numbered in order of appearance ("1", "2", …), as approved WhatsApp templates number their variables.
 */
export function contentVariables(text: string, values: Record<string, string>): Record<string, string> {
  const variables: Record<string, string> = {};
  placeholdersIn(text).forEach((name, index) => {
    variables[/^\d+$/.test(name) ? name : String(index + 1)] = values[name].trim();
  });
  return variables;
}
