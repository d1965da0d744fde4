// Simulated debtors and the creditor: each persona reacts to what the platform sends, through the real doors
// (inbound SMS via SNS, inbound email via SES, creditor instruction files via S3).
export const PERSONAS = [
  'pays-on-first-contact',
  'ignores',
  'opts-out-sms',
  'disputes',
  'promises-then-pays',
  'promises-then-breaks',
  'ceases',
  'dispute-verified',
  'dispute-withdrawn',
  'partial-payer',
] as const;
export type Persona = (typeof PERSONAS)[number];

/** What a persona is expected to end as; the e2e test and the summary check the simulation against it. */
export const EXPECTED_OUTCOME: Record<Persona, string> = {
  'pays-on-first-contact': 'paid',
  ignores: 'uncollectible',
  'opts-out-sms': 'uncollectible',
  disputes: 'hold:dispute',
  'promises-then-pays': 'paid',
  'promises-then-breaks': 'uncollectible',
  ceases: 'ceased',
  'dispute-verified': 'paid',
  'dispute-withdrawn': 'disputed',
  'partial-payer': 'paid',
};

export interface Reaction {
  /** Minutes after the message arrives. */
  afterMinutes: number;
  reply?: { text: string; channel: 'same' | 'sms' | 'email' };
  /** The creditor reports a payment: of the whole balance, of half of it, or of the whole on the promised date. */
  pay?: 'now' | 'half' | 'on-promised-date';
  /** The creditor answers the debtor's dispute. */
  creditor?: 'dispute-verified' | 'dispute-withdrawn';
}

const DISPUTE = "I dispute this. I don't believe I owe this amount.";
const DAY_MINUTES = 24 * 60;

/** How a persona answers the n-th message it receives (1-based) on a channel. */
export function reactionTo(persona: Persona, messageNumber: number, channel: 'email' | 'sms', jitterMinutes: number): Reaction[] {
  const first = messageNumber === 1;
  switch (persona) {
    case 'pays-on-first-contact':
      return first ? [{ afterMinutes: 90 + jitterMinutes, pay: 'now' }] : [];
    case 'opts-out-sms':
      return channel === 'sms' ? [{ afterMinutes: 5 + jitterMinutes, reply: { text: 'STOP', channel: 'sms' } }] : [];
    case 'disputes':
      return first ? [{ afterMinutes: 60 + jitterMinutes, reply: { text: DISPUTE, channel: 'same' } }] : [];
    case 'dispute-verified':
      // Disputes, the creditor verifies the debt three days later, and the debtor pays at the next message.
      return first
        ? [
            { afterMinutes: 60 + jitterMinutes, reply: { text: DISPUTE, channel: 'same' } },
            { afterMinutes: 3 * DAY_MINUTES, creditor: 'dispute-verified' },
          ]
        : [{ afterMinutes: 120 + jitterMinutes, pay: 'now' }];
    case 'dispute-withdrawn':
      return first
        ? [
            { afterMinutes: 60 + jitterMinutes, reply: { text: DISPUTE, channel: 'same' } },
            { afterMinutes: 3 * DAY_MINUTES, creditor: 'dispute-withdrawn' },
          ]
        : [];
    case 'partial-payer':
      // Pays half after the first message, the rest after the next one.
      return messageNumber <= 2 ? [{ afterMinutes: 240 + jitterMinutes, pay: messageNumber === 1 ? 'half' : 'now' }] : [];
    case 'promises-then-pays':
      return first
        ? [{ afterMinutes: 30 + jitterMinutes, reply: { text: "Sorry about this, I'll pay on friday.", channel: 'same' } }, { afterMinutes: 35 + jitterMinutes, pay: 'on-promised-date' }]
        : [];
    case 'promises-then-breaks':
      return first ? [{ afterMinutes: 30 + jitterMinutes, reply: { text: 'I will pay next week', channel: 'same' } }] : [];
    case 'ceases':
      return first ? [{ afterMinutes: 120 + jitterMinutes, reply: { text: 'Please stop contacting me about this.', channel: 'same' } }] : [];
    case 'ignores':
      return [];
  }
}

/** A small seeded PRNG (mulberry32): the same seed gives the same world. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
