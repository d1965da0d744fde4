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
};

export interface Reaction {
  /** Minutes after the message arrives. */
  afterMinutes: number;
  reply?: { text: string; channel: 'same' | 'sms' | 'email' };
  /** The creditor reports a payment of the full balance. */
  pay?: 'now' | 'on-promised-date';
}

/** How a persona answers the n-th message it receives (1-based) on a channel. */
export function reactionTo(persona: Persona, messageNumber: number, channel: 'email' | 'sms', jitterMinutes: number): Reaction[] {
  const first = messageNumber === 1;
  switch (persona) {
    case 'pays-on-first-contact':
      return first ? [{ afterMinutes: 90 + jitterMinutes, pay: 'now' }] : [];
    case 'opts-out-sms':
      return channel === 'sms' ? [{ afterMinutes: 5 + jitterMinutes, reply: { text: 'STOP', channel: 'sms' } }] : [];
    case 'disputes':
      return first ? [{ afterMinutes: 60 + jitterMinutes, reply: { text: "I dispute this. I don't believe I owe this amount.", channel: 'same' } }] : [];
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
