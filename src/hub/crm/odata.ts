/**
 * Building OData query options safely: string literals with their quotes doubled (OData's only escape), GUIDs
 * checked before they are written unquoted, and values percent-encoded (a '+' in a phone number must reach the
 * server as %2B, not as a space).
 */

/** An OData string literal: `O'Brien` → `'O''Brien'`. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** A GUID for a filter (written unquoted, as Dataverse wants lookups); anything else is refused, never interpolated. */
export function odataGuid(value: string): string {
  if (!isGuid(value)) throw new Error(`not a GUID: ${JSON.stringify(value)}`);
  return value.toLowerCase();
}

/** `?$select=…&$filter=…` with each value percent-encoded and the `$` names kept as OData writes them. */
export function odataQuery(options: Record<string, string | number>): string {
  return (
    '?' +
    Object.entries(options)
      .map(([name, value]) => `${name}=${encodeURIComponent(String(value))}`)
      .join('&')
  );
}
