/**
 * A customer's phone number as each provider writes it, so outbound sends, opt-outs and conversations agree on
 * one address per customer: TeleSign uses digits only (15551234567), Twilio E.164 with "+" (+15551234567).
 * Numbers are taken in international format (country code first); spaces, dashes, dots, brackets, a "tel:" or
 * "whatsapp:" prefix and a leading "+" or "00" are ignored.
 */
export function customerAddressFor(provider: string, raw: string): string | null {
  const trimmed = raw.trim().replace(/^(tel:|whatsapp:)/i, '');
  if (!/^\+?[\d\s().-]+$/.test(trimmed)) return null;
  let digits = trimmed.replace(/\D/g, '');
  if (!trimmed.startsWith('+') && digits.startsWith('00')) digits = digits.slice(2);
  if (!/^[1-9]\d{5,14}$/.test(digits)) return null;
  return provider === 'telesign' ? digits : `+${digits}`;
}

/** Two ways of writing one of our numbers name the same number ("+1 800 555 0199" and "18005550199"). */
export function sameNumber(a: string, b: string): boolean {
  return a.replace(/\D/g, '') === b.replace(/\D/g, '') && a.replace(/\D/g, '') !== '';
}
