// Simulated debtors and the creditor: each persona reacts to what the platform sends, through the real doors
// (inbound SMS via SNS, inbound email via SES, the debtor's page and its checkout, creditor instruction files via S3).
import { deterministicId } from '../event-sources.ts';
import type { DebtorPlayer, Reaction, ReceivedMessage } from './debtor-player.ts';

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
  'asks-for-plan-and-completes',
  'asks-for-plan-and-misses',
  'wrong-person',
  'pays-part-on-page',
  'plans-on-page',
  'disputes-on-page',
  'sets-times-on-page',
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
  'asks-for-plan-and-completes': 'payment-plan',
  'asks-for-plan-and-misses': 'uncollectible',
  // The number (or address) reaches someone else: it is never used again; with no other way to reach the debtor,
  // the account cannot be collected.
  'wrong-person': 'uncollectible',
  // The page's personas act only through the debtor's page (and its checkout, which Stripe's webhook completes).
  'pays-part-on-page': 'paid',
  'plans-on-page': 'payment-plan',
  'disputes-on-page': 'hold:dispute',
  // Says when not to be contacted, then ignores: every later message comes outside those times.
  'sets-times-on-page': 'uncollectible',
};

/** The times the sets-times-on-page persona says are inconvenient: weekday mornings, in its own zone. */
export const PAGE_INCONVENIENT_TIMES = { days: [1, 2, 3, 4, 5], from: '08:00', to: '12:00' } as const;

const DISPUTE = "I dispute this. I don't believe I owe this amount.";
const PLAN_REQUEST = 'Could I pay this off in instalments? A payment plan would really help.';
const DAY_MINUTES = 24 * 60;
const PAGE_DISPUTE_NOTE = 'Pagué una parte en marzo; el saldo debería ser menor.';

/** How a persona answers the n-th message it receives (1-based) on a channel; `kind` is the message's template kind. */
export function reactionTo(
  persona: Persona,
  messageNumber: number,
  channel: 'email' | 'sms',
  jitterMinutes: number,
  kind: string,
): Reaction[] {
  const first = messageNumber === 1;
  switch (persona) {
    case 'asks-for-plan-and-completes':
      // Asks for a plan at the first message, then pays each instalment a day after its reminder.
      if (kind === 'plan-reminder') return [{ afterMinutes: DAY_MINUTES + jitterMinutes, pay: 'instalment' }];
      return first ? [{ afterMinutes: 45 + jitterMinutes, reply: { text: PLAN_REQUEST, channel: 'same' } }] : [];
    case 'asks-for-plan-and-misses':
      // Pays the first instalment, then no more: the plan breaks after the allowed misses.
      if (kind === 'plan-reminder' && messageNumber === 2) return [{ afterMinutes: DAY_MINUTES + jitterMinutes, pay: 'instalment' }];
      return first ? [{ afterMinutes: 45 + jitterMinutes, reply: { text: PLAN_REQUEST, channel: 'same' } }] : [];
    case 'wrong-person':
      return channel === 'sms'
        ? [{ afterMinutes: 20 + jitterMinutes, reply: { text: "Wrong number, I don't know this person.", channel: 'sms' } }]
        : [];
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
        ? [
            { afterMinutes: 30 + jitterMinutes, reply: { text: "Sorry about this, I'll pay on friday.", channel: 'same' } },
            { afterMinutes: 35 + jitterMinutes, pay: 'on-promised-date' },
          ]
        : [];
    case 'promises-then-breaks':
      return first ? [{ afterMinutes: 30 + jitterMinutes, reply: { text: 'I will pay next week', channel: 'same' } }] : [];
    case 'ceases':
      return first
        ? [{ afterMinutes: 120 + jitterMinutes, reply: { text: 'Please stop contacting me about this.', channel: 'same' } }]
        : [];
    case 'pays-part-on-page':
      // Pays half on the page after the first message, the rest after the next one.
      return messageNumber <= 2 ? [{ afterMinutes: 240 + jitterMinutes, page: { action: 'pay', share: first ? 'half' : 'all' } }] : [];
    case 'plans-on-page':
      // Picks the standard plan on the page, then pays each instalment there a day after its reminder.
      if (kind === 'plan-reminder') return [{ afterMinutes: DAY_MINUTES + jitterMinutes, page: { action: 'pay', share: 'instalment' } }];
      return first ? [{ afterMinutes: 45 + jitterMinutes, page: { action: 'plan', option: 'standard' } }] : [];
    case 'disputes-on-page':
      return first
        ? [{ afterMinutes: 60 + jitterMinutes, page: { action: 'dispute', reason: 'wrong-amount', note: PAGE_DISPUTE_NOTE } }]
        : [];
    case 'sets-times-on-page':
      return first
        ? [
            {
              afterMinutes: 30 + jitterMinutes,
              page: { action: 'contact-times', ...PAGE_INCONVENIENT_TIMES, days: [...PAGE_INCONVENIENT_TIMES.days] },
            },
          ]
        : [];
    case 'ignores':
      return [];
  }
}

/** How the paying personas answer the one-question survey (1 = very hard … 5 = very easy). */
const SURVEY_SCORE: Partial<Record<Persona, string>> = {
  'pays-on-first-contact': '5',
  'promises-then-pays': '4',
  'partial-payer': '4',
  'dispute-verified': '3',
  'asks-for-plan-and-completes': '5',
  'pays-part-on-page': '5',
  'plans-on-page': '5',
};

/** The scripted personas as debtors: each account's persona answers as `reactionTo` says. */
export class PersonaPlayer implements DebtorPlayer {
  /** Messages each account has read, by account and channel, and by account on every channel. */
  private readonly received = new Map<string, number>();
  private readonly receivedInAll = new Map<string, number>();
  private readonly personas: Map<string, Persona>;
  private readonly seed: number;

  constructor(personas: Map<string, Persona>, seed: number) {
    this.personas = personas;
    this.seed = seed;
  }

  react({ accountId, accountRef, channel, touchId, kind }: ReceivedMessage): Reaction[] {
    const persona = this.personas.get(accountRef)!;
    const key = `${accountId}:${channel}`;
    const count = (this.received.get(key) ?? 0) + 1;
    this.received.set(key, count);
    const total = (this.receivedInAll.get(accountId) ?? 0) + 1;
    this.receivedInAll.set(accountId, total);
    const messageNumber = persona === 'opts-out-sms' ? count : total;
    // Drawn for this message, not from one sequence: debtors reading at the same instant may do so in either order.
    const jitterMinutes = Math.floor(seededRandomFor(this.seed, touchId)() * 20);
    return reactionTo(persona, messageNumber, channel, jitterMinutes, kind);
  }

  surveyScore({ accountRef }: ReceivedMessage): string | undefined {
    return SURVEY_SCORE[this.personas.get(accountRef)!];
  }

  label(accountRef: string): string {
    return this.personas.get(accountRef)!;
  }
}

/** A seeded PRNG for one thing (a message, an account): the same seed and key give the same draws, in any order. */
export function seededRandomFor(seed: number, key: string): () => number {
  return seededRandom(Number.parseInt(deterministicId(`${seed}:${key}`).slice(0, 8), 16));
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
