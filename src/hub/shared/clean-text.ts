/**
 * Text as the store can keep it. PostgreSQL (and PGlite) refuse U+0000 in text and jsonb, and JSON with a lone
 * UTF-16 surrogate cannot be stored as jsonb: a provider retries such a message until it gives up, so what comes in
 * is cleaned at the edge instead of refused. NUL is dropped (it carries nothing a person reads); a lone surrogate
 * becomes U+FFFD, the replacement character, as any UTF-8 encoder does.
 */
export function cleanText(text: string): string {
  return (text.includes('\u0000') ? text.replaceAll('\u0000', '') : text).toWellFormed();
}

/** `JSON.parse` reviver that cleans every string value of a body. */
export function cleanJsonStrings(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? cleanText(value) : value;
}

declare global {
  interface String {
    /** ES2024 (Node 20 has it; the hub's compiler lib is ES2022). */
    toWellFormed(): string;
  }
}
