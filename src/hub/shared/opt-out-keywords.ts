/**
 * Reads an inbound message for an opt-out or opt-in: the whole message is one keyword (any case, surrounding
 * spaces and trailing punctuation ignored: "Stop", "STOP!", " unsubscribe "), as carriers treat them; "please stop
 * texting me" is a message for the agent, not a keyword. The provider's own signal (Twilio's OptOutType) wins.
 */
import { OPT_IN_KEYWORDS, OPT_OUT_KEYWORDS } from '../../protocol/outbound.js';

export interface OptOutSignal {
  optedOut: boolean;
  keyword: string;
  source: string;
}

const OUT = new Set<string>(OPT_OUT_KEYWORDS);
const IN = new Set<string>(OPT_IN_KEYWORDS);

export function optOutSignal(
  text: string,
  providerOptOutType?: string | null,
  provider = 'inbound',
): OptOutSignal | null {
  const type = providerOptOutType?.trim().toUpperCase();
  if (type === 'STOP') return { optedOut: true, keyword: 'STOP', source: provider };
  if (type === 'START') return { optedOut: false, keyword: 'START', source: provider };
  const word = text
    .trim()
    .replace(/[.!\s]+$/, '')
    .toUpperCase();
  if (OUT.has(word)) return { optedOut: true, keyword: word, source: 'inbound' };
  if (IN.has(word)) return { optedOut: false, keyword: word, source: 'inbound' };
  return null;
}
