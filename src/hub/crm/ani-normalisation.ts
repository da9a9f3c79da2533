/**
 * Caller numbers (ANI) as the platform sends them ("+15551234567", "tel:+1 555 123 4567",
 * "sip:+15551234567@pstn.example", "(555) 123-4567", "anonymous") turned into the digits the CRM is searched by:
 * without '+', the configured country code, spaces or punctuation. Numbers from another country keep their
 * country code (we cannot know where it ends without a numbering plan table); they are flagged `international`.
 */

export interface NormalisedAni {
  /**
   * What the CRM is matched on: the national number for our country ("5551234567"), or every digit of another
   * country's number, country code included ("442079460958").
   */
  digits: string;
  /** True when the number is not in the configured country. */
  international: boolean;
  /** The number in E.164, for display and dialling back ("+15551234567"). */
  e164: string;
}

/** Spaces and the punctuation people and systems write into phone numbers. */
const PUNCTUATION = /[\s().\-/\u00a0]/g;
/** E.164 allows at most 15 digits; anything under 6 is an extension or a short code, not a caller. */
const MIN_DIGITS = 6;
const MAX_DIGITS = 15;

/** The caller's number as the CRM is searched by, or null when it is withheld, empty or not a phone number. */
export function normaliseAni(ani: string | null | undefined, countryCode: string): NormalisedAni | null {
  if (!ani) return null;
  let text = ani.trim();
  // URIs from SIP trunks and softphones: keep the user part ("sip:+1555…@host;user=phone" → "+1555…").
  text = text.replace(/^(tel|sips?):/i, '').replace(/[@;].*$/, '');
  text = text.replace(PUNCTUATION, '');
  let international: boolean;
  if (text.startsWith('+')) {
    text = text.slice(1);
    international = true;
  } else if (text.startsWith('00')) {
    // the international prefix most of the world dials
    text = text.slice(2);
    international = true;
  } else if (countryCode === '1' && text.startsWith('011')) {
    // North America's international prefix
    text = text.slice(3);
    international = true;
  } else {
    international = false;
  }
  if (!/^\d+$/.test(text)) return null;

  let national: string;
  if (international) {
    if (!text.startsWith(countryCode)) return checked({ digits: text, international: true, e164: '+' + text });
    national = text.slice(countryCode.length);
  } else if (text.startsWith(countryCode) && text.length > 10) {
    // dialled with the country code but no '+', e.g. "15551234567"
    national = text.slice(countryCode.length);
  } else if (countryCode !== '1' && text.startsWith('0')) {
    // the national trunk prefix ("020 7946 0958" in the UK) is not part of the number
    national = text.slice(1);
  } else {
    national = text;
  }
  return checked({ digits: national, international: false, e164: `+${countryCode}${national}` });
}

function checked(result: NormalisedAni): NormalisedAni | null {
  const length = result.e164.length - 1;
  if (result.digits.length < MIN_DIGITS || length > MAX_DIGITS) return null;
  return result;
}

/**
 * Ways the same number is commonly written in a CRM's free-text phone fields. Dataverse compares strings
 * exactly (`mobilephone eq '…'`), so the contact query asks for each of these spellings.
 */
export function phoneSpellings(number: NormalisedAni, countryCode: string): string[] {
  const { digits } = number;
  const spellings: string[] = [];
  if (number.international) {
    spellings.push(`+${digits}`, digits, `00${digits}`);
  } else {
    spellings.push(digits, `${countryCode}${digits}`, `+${countryCode}${digits}`, `+${countryCode} ${digits}`);
    if (countryCode === '1' && digits.length === 10) {
      // North American numbering: NPA-NXX-XXXX
      const [area, exchange, line] = [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6)];
      spellings.push(
        `(${area}) ${exchange}-${line}`,
        `${area}-${exchange}-${line}`,
        `${area}.${exchange}.${line}`,
        `${area} ${exchange} ${line}`,
        `+1 (${area}) ${exchange}-${line}`,
        `+1 ${area} ${exchange} ${line}`,
        `+1-${area}-${exchange}-${line}`,
        `1-${area}-${exchange}-${line}`,
      );
    } else if (countryCode !== '1') {
      spellings.push(`0${digits}`);
    }
  }
  return [...new Set(spellings)];
}
