// SMS length as carriers bill it: in segments. A message that fits the GSM 03.38 default alphabet travels in 7-bit
// septets (160 in one segment, 153 per segment once concatenated, since the concatenation header takes the rest); the
// extension table's characters (such as € [ ] { }) cost an escape plus the character, two septets. One character outside
// both tables turns the whole message into UCS-2: 70 UTF-16 units in one segment, 67 per segment when concatenated.
// A two-septet escape sequence or a surrogate pair is never split between segments, so packing can lose a unit at a
// boundary; the count below packs the way handsets and gateways do.

/** The GSM 03.38 basic character set (the escape code 0x1B excluded). */
export const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' + '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** The GSM 03.38 extension table: each costs two septets. */
export const GSM7_EXTENSION = '\f^{}\\[~]|€';

const BASIC = new Set(GSM7_BASIC);
const EXTENSION = new Set(GSM7_EXTENSION);

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSize {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
  /** The distinct characters that forced UCS-2, in order of first appearance (empty for GSM-7). */
  nonGsmCharacters: string[];
}

export const SMS_LIMITS = {
  'GSM-7': { single: 160, multi: 153 },
  'UCS-2': { single: 70, multi: 67 },
} as const satisfies Record<SmsEncoding, { single: number; multi: number }>;

/** Counts the segments an SMS body needs. */
export function smsSize(text: string): SmsSize {
  const nonGsm: string[] = [];
  for (const ch of text) if (!BASIC.has(ch) && !EXTENSION.has(ch) && !nonGsm.includes(ch)) nonGsm.push(ch);
  const encoding: SmsEncoding = nonGsm.length === 0 ? 'GSM-7' : 'UCS-2';
  // Each character's cost in units; it stays whole within one segment.
  const costs = [...text].map((ch) => (encoding === 'GSM-7' ? (EXTENSION.has(ch) ? 2 : 1) : ch.length));
  const units = costs.reduce((sum, c) => sum + c, 0);
  const { single, multi } = SMS_LIMITS[encoding];
  if (units === 0) return { encoding, units, segments: 0, nonGsmCharacters: nonGsm };
  if (units <= single) return { encoding, units, segments: 1, nonGsmCharacters: nonGsm };
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > multi) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return { encoding, units, segments, nonGsmCharacters: nonGsm };
}
