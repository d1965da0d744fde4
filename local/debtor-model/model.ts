// The stochastic debtor model, pure: a debtor's latent traits drawn from the model's distributions, and what one
// message does to them given its channel, the local hour, its tone, the cadence so far and how many came before.
// Randomness comes in as a function, so the same seed gives the same debtor and the same answer to the same message.
import type { DebtorModel } from './schema.ts';

export type Channel = 'email' | 'sms';
/** Friendly (soft and plan reminders), firm (escalation, missed promise, final notice), agency (the ThirdParty stage). */
export type Tone = 'friendly' | 'firm' | 'agency';
/** What the debtor could pay: the whole balance at once, part of it, or only by instalments. */
export type Ability = 'full' | 'part' | 'plan';
export type Random = () => number;

export interface DebtorTraits {
  preferred: Channel;
  reachable: Record<Channel, boolean>;
  /** The phone number reaches someone else, who says so. */
  wrongPerson: boolean;
  /** Local hours [start, end) in which the debtor reads messages. */
  readingHours: { start: number; end: number };
  ability: Ability;
  /** 0–1: how likely the debtor is to act on a message they read. */
  willingness: number;
  /** 0–1: 0 is moved by firmer wording, 1 is put off by it (and opts out more). */
  toneSensitivity: number;
  /** Messages in seven days the debtor tolerates; more makes them fatigued. */
  fatigueThreshold: number;
  /** Disputes the debt on the first message read. */
  disputes: boolean;
}

export interface DebtorState {
  traits: DebtorTraits;
  /** When each message arrived (epoch ms), any channel: the cadence and the count so far. */
  received: readonly number[];
  optedOut: readonly Channel[];
  ceased: boolean;
  disputed: boolean;
  promised: boolean;
  planAsked: boolean;
  paid: 'nothing' | 'part' | 'all';
}

export interface IncomingMessage {
  channel: Channel;
  at: Date;
  /** The hour (0–23) where the debtor lives when the message arrives. */
  localHour: number;
  tone: Tone;
  /** A payment plan's reminder or missed-instalment note: the debtor on a plan pays the instalment or not. */
  instalment: boolean;
}

export type ReplyIntent = 'stop' | 'cease' | 'dispute' | 'promise' | 'plan' | 'wrong_person';
export type Effect =
  | { type: 'reply'; intent: ReplyIntent; afterMinutes: number }
  | { type: 'pay'; share: 'all' | 'half' | 'instalment' | 'on-promised-date'; afterMinutes: number }
  | { type: 'creditor'; answer: 'dispute-verified' | 'dispute-withdrawn'; afterMinutes: number };

export interface Response {
  read: boolean;
  fatigued: boolean;
  effects: Effect[];
}

const WEEK = 7 * 86_400_000;
const DAY_MINUTES = 24 * 60;

export function drawTraits(model: DebtorModel, random: Random): DebtorTraits {
  const { readingHours: hours, ability, fatigue } = model;
  const a = random();
  return {
    preferred: random() < model.preference.sms ? 'sms' : 'email',
    reachable: { sms: random() < model.channels.sms.reachable, email: random() < model.channels.email.reachable },
    wrongPerson: random() < model.wrongPerson,
    readingHours: {
      start: uniformInt(random, hours.earliestStart, hours.latestStart),
      end: uniformInt(random, hours.earliestEnd, hours.latestEnd),
    },
    ability: a < ability.full ? 'full' : a < ability.full + ability.part ? 'part' : 'plan',
    willingness: beta(
      random,
      model.willingness.mean * model.willingness.concentration,
      (1 - model.willingness.mean) * model.willingness.concentration,
    ),
    toneSensitivity: random(),
    fatigueThreshold: uniformInt(random, fatigue.lowestThreshold, fatigue.highestThreshold),
    disputes: random() < model.disputes.share,
  };
}

export function initialDebtorState(traits: DebtorTraits): DebtorState {
  return { traits, received: [], optedOut: [], ceased: false, disputed: false, promised: false, planAsked: false, paid: 'nothing' };
}

/** What one message does: whether it is read, and the replies, payments and creditor answers that follow. */
export function receive(
  model: DebtorModel,
  state: DebtorState,
  message: IncomingMessage,
  random: Random,
): { state: DebtorState; response: Response } {
  // Every message draws the same numbers in the same order, whatever happens: two strategies that send the same
  // message to the same debtor see the same answer unless the strategy itself made the difference.
  const [rRead, rDelay, rOptOut, rCease, rAct, rKind, rKept, rPay] = [
    random(),
    random(),
    random(),
    random(),
    random(),
    random(),
    random(),
    random(),
  ];
  const { traits } = state;
  const received = [...state.received, message.at.getTime()];
  const inWeek = received.filter((t) => t > message.at.getTime() - WEEK).length;
  const fatigued = inWeek > traits.fatigueThreshold;
  let next: DebtorState = { ...state, received };
  const none = (read: boolean) => ({ state: next, response: { read, fatigued, effects: [] } });
  if (state.ceased || state.optedOut.includes(message.channel) || !traits.reachable[message.channel]) return none(false);

  // Whoever has the number says so; the platform then never uses it again.
  if (message.channel === 'sms' && traits.wrongPerson) {
    return { state: next, response: { read: false, fatigued, effects: [{ type: 'reply', intent: 'wrong_person', afterMinutes: 20 }] } };
  }

  // A debtor on a plan knows its schedule: they pay an instalment or miss it whether or not they read the reminder.
  if (message.instalment && state.planAsked) {
    const pay = exponential(rPay, model.act.payDelayMinutes);
    const effects: Effect[] =
      rAct < model.act.instalmentPaid ? [{ type: 'pay', share: 'instalment', afterMinutes: Math.round(pay) + 1 }] : [];
    return { state: next, response: { read: rRead < model.channels[message.channel].read, fatigued, effects } };
  }

  const channel = model.channels[message.channel];
  const inHours = message.localHour >= traits.readingHours.start && message.localHour < traits.readingHours.end;
  const readChance =
    channel.read *
    (message.channel === traits.preferred ? 1 : model.preference.otherChannelRead) *
    (inHours ? 1 : model.readingHours.offHoursRead) *
    (fatigued ? model.fatigue.read : 1);
  if (rRead >= readChance) return none(false);
  const waitForHours = inHours ? 0 : ((traits.readingHours.start - message.localHour + 24) % 24) * 60;
  const readAfter = Math.round(waitForHours + exponential(rDelay, channel.readDelayMinutes));
  const after = (minutes: number) => readAfter + Math.max(1, Math.round(minutes));
  const reply = (intent: ReplyIntent, minutes = 5): Effect => ({ type: 'reply', intent, afterMinutes: after(minutes) });
  const respond = (effects: Effect[]) => ({ state: next, response: { read: true, fatigued, effects } });

  if (traits.disputes && !state.disputed) {
    next = { ...next, disputed: true };
    const answer = rKind < model.disputes.verified ? 'dispute-verified' : 'dispute-withdrawn';
    return respond([reply('dispute', 30), { type: 'creditor', answer, afterMinutes: after(3 * DAY_MINUTES) }]);
  }

  const sensitivity = traits.toneSensitivity;
  const tone = message.tone === 'friendly' ? undefined : model.tone[message.tone];
  const toneAct = tone ? lerp(tone.act, tone.actSensitive, sensitivity) : 1;
  const toneOptOut = tone ? lerp(1, tone.optOut, sensitivity) : 1;
  const annoyance = (fatigued ? model.fatigue.optOutMultiplier : 1) * toneOptOut;
  if (rOptOut < channel.optOut * annoyance) {
    next = { ...next, optedOut: [...state.optedOut, message.channel] };
    return respond([reply('stop', 2)]);
  }
  if (rCease < model.cease.perReadMessage * annoyance) {
    next = { ...next, ceased: true };
    return respond([reply('cease', 30)]);
  }

  const payDelay = exponential(rPay, model.act.payDelayMinutes);
  const actChance = Math.min(1, traits.willingness * model.act.perReadMessage * toneAct * model.act.wearOut ** (received.length - 1));
  if (state.promised || state.planAsked || rAct >= actChance) return respond([]);
  if (traits.ability === 'plan') {
    next = { ...next, planAsked: true };
    return respond([reply('plan', 45)]);
  }
  if (traits.ability === 'part' && state.paid === 'nothing') {
    next = { ...next, paid: 'part' };
    return respond([{ type: 'pay', share: 'half', afterMinutes: after(payDelay) }]);
  }
  if (state.paid === 'nothing' && rKind < model.act.promiseFirst) {
    next = { ...next, promised: true };
    const kept = rKept < model.act.promiseKept;
    return respond([
      reply('promise', 30),
      ...(kept ? [{ type: 'pay' as const, share: 'on-promised-date' as const, afterMinutes: after(35) }] : []),
    ]);
  }
  next = { ...next, paid: 'all' };
  return respond([{ type: 'pay', share: 'all', afterMinutes: after(payDelay) }]);
}

/** The debtor's answer to the satisfaction survey (1–5), or undefined when they do not answer. */
export function surveyAnswer(model: DebtorModel, state: DebtorState, random: Random): number | undefined {
  if (state.paid === 'nothing' && !state.planAsked) return undefined;
  if (random() >= model.survey) return undefined;
  return state.paid === 'all' ? 5 - Math.floor(random() * 2) : 3 + Math.floor(random() * 2);
}

function lerp(from: number, to: number, t: number): number {
  return from + (to - from) * t;
}

function uniformInt(random: Random, low: number, high: number): number {
  return low + Math.floor(random() * (high - low + 1));
}

/** Minutes from a uniform draw, exponentially distributed with the given mean. */
function exponential(u: number, mean: number): number {
  return -Math.log(1 - u) * mean;
}

/** Beta(a, b) from two gamma draws (Marsaglia and Tsang). */
function beta(random: Random, a: number, b: number): number {
  const x = gamma(random, a);
  const y = gamma(random, b);
  return x + y === 0 ? 0 : x / (x + y);
}

function gamma(random: Random, shape: number): number {
  if (shape < 1) return gamma(random, shape + 1) * random() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = normal(random);
    const v = (1 + c * z) ** 3;
    if (v <= 0) continue;
    const u = random();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

function normal(random: Random): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
