/**
 * SMS encoding and segment count, as carriers bill them (the rules of Twilio's message-segment-calculator):
 * GSM-7 fits 160 septets in one segment or 153 per part of a concatenated message; one character outside
 * GSM-7 turns the whole message into UCS-2 (70 UTF-16 units, or 67 per part). GSM-7 extension characters
 * take two septets and a surrogate pair two units; neither is ever split across parts.
 */

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsAnalysis {
  encoding: SmsEncoding;
  /** Characters as a person counts them (Unicode code points); the 1600 limit applies to this. */
  characters: number;
  /** Septets (GSM-7) or UTF-16 units (UCS-2) the text takes. */
  units: number;
  segments: number;
  /** Units one segment holds for this text: 160/153 for GSM-7, 70/67 for UCS-2. */
  unitsPerSegment: number;
}

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENSION = '\f^{}\\[~]|€';

const basic = new Set(GSM7_BASIC);
const extension = new Set(GSM7_EXTENSION);

/** Septets one character takes in GSM-7, or 0 when it cannot be written in GSM-7. */
function gsmSeptets(char: string): number {
  if (basic.has(char)) return 1;
  if (extension.has(char)) return 2;
  return 0;
}

/** Counts parts when each character has a width that must not straddle a part boundary. */
function countParts(widths: number[], single: number, perPart: number): { units: number; segments: number } {
  const units = widths.reduce((sum, w) => sum + w, 0);
  if (units <= single) return { units, segments: units === 0 ? 0 : 1 };
  let segments = 1;
  let used = 0;
  for (const w of widths) {
    if (used + w > perPart) {
      segments += 1;
      used = 0;
    }
    used += w;
  }
  return { units, segments };
}

export function analyzeSms(text: string): SmsAnalysis {
  const chars = Array.from(text);
  const septets = chars.map(gsmSeptets);
  if (septets.every((s) => s > 0)) {
    const { units, segments } = countParts(septets, 160, 153);
    return { encoding: 'GSM-7', characters: chars.length, units, segments, unitsPerSegment: segments > 1 ? 153 : 160 };
  }
  const { units, segments } = countParts(
    chars.map((c) => c.length),
    70,
    67,
  );
  return { encoding: 'UCS-2', characters: chars.length, units, segments, unitsPerSegment: segments > 1 ? 67 : 70 };
}

/** Characters as the 1600-character limit counts them. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}
