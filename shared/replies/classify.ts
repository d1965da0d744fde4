// Classifies a debtor's reply (SMS or email body) into an intent, by explainable rules. English and basic Spanish.
//
// Order of the rules, first match wins:
//   1. keyword replies (the whole message, politeness words aside): STOP and synonyms → stop, HELP/INFO → help,
//      START/UNSTOP → start. YES alone is not a keyword: it may answer anything we asked, and CTIA and End User
//      Messaging re-subscribe with START or UNSTOP;
//   2. a request to stop all contact ("stop contacting me", "cease", "do not contact") → cease. This outranks a
//      dispute in the same message: a cease request must stop every touch, and a dispute alone would only hold them;
//   3. the message reached the wrong person ("wrong number", "I'm not Dana", "no conozco a esa persona") →
//      wrong_person: whoever wrote is not the debtor, so nothing else in the message speaks for the debt;
//   4. a dispute ("dispute", "not my debt", "don't owe", a claim of having paid already) → dispute;
//   5. a channel opt-out in words ("stop texting me", "unsubscribe me", or a message that starts with STOP) → stop:
//      an opt-out is honoured before anything else the message says;
//   6. a question about who we are → help;
//   7. a request to pay in instalments ("payment plan", "$50 a month", "a plazos") → plan, even with a date in it;
//   8. a promise to pay with a date we can resolve → promise (the date, YYYY-MM-DD, in the debtor's time zone);
//   9. a hardship (lost job, can't afford, medical bills, "perdí mi trabajo") → hardship;
//  10. anything about paying or the link → pay ("I'll pay soon" has no date, so it is pay, not promise);
//  11. everything else → other.
// Refusals ("I can't pay") are other unless they name a date ("I can't pay until Friday" → promise) or a hardship.
import { DateTime } from 'luxon';
import type { Channel, ReplyIntent } from '../accounts/events.ts';

export interface ReplyClassification {
  intent: ReplyIntent;
  /** YYYY-MM-DD, only with intent promise. */
  promiseDate?: string;
  /** 1–5, only with intent csat (a bare number answering the satisfaction survey). */
  csat?: number;
}

export interface ReplyContext {
  channel: Channel;
  receivedAt: Date;
  /** IANA zone of the debtor, for resolving "tomorrow" or "Friday". */
  timeZone: string;
}

/** Whole-message replies that opt out of the channel they arrive on. */
export const STOP_KEYWORDS: readonly string[] = [
  'stop',
  'stopall',
  'unsubscribe',
  'cancel',
  'end',
  'quit',
  'revoke',
  'opt out',
  'optout',
  'remove',
  // End User Messaging's own list also has ARRET (French) and TD (Quebec)
  'arret',
  'td',
  // Spanish
  'alto',
  'parar',
  'basta',
  'baja',
];
export const HELP_KEYWORDS: readonly string[] = ['help', 'info', 'ayuda'];
/** Opt back in (CTIA, and End User Messaging's opt-in keywords): START and UNSTOP, in any channel. */
export const START_KEYWORDS: readonly string[] = ['start', 'unstop'];

/** Words that may surround a keyword without changing it ("STOP please"). */
const FILLER = new Set(['please', 'pls', 'plz', 'now', 'thanks', 'thank', 'you', 'thx', 'ty', 'por', 'favor', 'gracias', 'ya']);

const CEASE: readonly RegExp[] = [
  /\bcease\b/,
  /\bstop (all )?(contact|contacting|communicat\w*|calling|emailing|e mailing|writing|bothering|harassing|harrassing)\b/,
  /\b(do not|dont|never) (ever )?(contact|call|email|e mail|write to|reach out to)\b/,
  /\bleave me alone\b/,
  /\bno more (contact|calls|emails|letters)\b/,
  /\b(deja|dejen|dejar|deje) de (contactar|llamar|molestar|escribir)/,
  /\bno me (contacten|contactes|llamen|llames|molesten|molestes|escriban|vuelvan a)\b/,
];

const DISPUTE: readonly RegExp[] = [
  /\bdisput\w*/,
  /\bnot my (debt|account|bill|balance|loan)\b/,
  /\b(dont|do not|doesnt|does not|didnt|never|shouldnt|dont think i) owe\b/,
  /\bowe (you |them )?nothing\b/,
  /\b(not|isnt|aint) mine\b/,
  /\bnever (had|opened|signed up for) (an |a |this |that |any )?(account|loan|service)\b/,
  /\bidentity theft\b/,
  /\bfraud\w*/,
  /\b(already paid|i paid|ive paid|i have paid|paid (it |this |that )?(in full|off))\b/,
  /\bno es (mi deuda|mia|mio)\b/,
  /\bno (le |les )?debo\b/,
  /\bya (lo )?pague\b/,
  /\bdisputa\b/,
];

const CHANNEL_STOP: readonly RegExp[] = [
  /\bstop (texting|messaging|sending|the texts|these texts|the messages|these messages)\b/,
  /\b(unsubscribe|opt) me\b/,
  /\bremove me\b/,
  /\btake me off\b/,
  /\bno more (texts|messages)\b/,
  /\b(dont|do not) (text|message)\b/,
  /\bno (me )?(manden|mandes|envien|envies) (mas )?mensajes\b/,
];

/** Words that follow "I'm not" without naming someone else ("I'm not able to pay", "I'm not paying"). */
const NOT_A_NAME =
  'able|going|gonna|sure|paying|interested|ready|working|happy|responsible|liable|aware|available|trying|refusing|' +
  'disputing|denying|employed|home|here|there|ok|okay|well|so|very|really|getting|doing|in|at|on|the|a|an|your|that|' +
  'this|it|ignoring|worried|asking|capable|planning|mad|upset|angry|kidding|joking|done|finished|falling|late|yet|' +
  'stupid|dumb|lying|rich|scared|afraid|calling|texting|answering|replying|buying|giving';

const WRONG_PERSON: readonly RegExp[] = [
  /\bwrong (number|person|guy|girl|lady|man|phone|email|address|individual|contact)\b/,
  /\b(this|that) (is not|isnt|aint) (me|him|her|my (number|phone|name|email))\b/,
  /\b(dont|do not|never) know (him|her|them|this person|that person|who (that|this|you) (is|are))\b/,
  /\b(dont|do not|never) know (anyone|anybody|a|any) (by that name|named|called)\b/,
  /\bno (one|body) (by that name|named|called)\b/,
  /\b(doesnt|does not|dont|do not|no longer) (live|lives|work|works) here\b/,
  new RegExp(`^(?:hi |hello )?(?:i am|im) not (?!(?:${NOT_A_NAME})\\b)[a-z]+(?: [a-z]+)?$`),
  /\b(numero|persona|correo) equivocad[oa]\b/,
  /\bse equivoc(o|aron|an) de (numero|persona)\b/,
  /\bno (conozco|conocemos) a\b/,
  /\bno (lo|la|los|las) (conozco|conocemos)\b/,
  /\bno (vive|trabaja) (aqui|aca)\b/,
  /^no soy (?!(?:capaz|responsable|yo)\b)[a-z]+(?: [a-z]+)?$/,
];

const PLAN: readonly RegExp[] = [
  /\b(payment|pay|repayment) (plan|arrangement|schedule)s?\b/,
  /\b(instal+ments?|in parts|in part payments|partial payments|smaller payments|monthly payments|weekly payments)\b/,
  /\b(set up|setup|make|work out|do|arrange|have) (a |an |some )?(plan|arrangement)\b/,
  /\bpay (it |this |that )?(off )?(a little|little by little|bit by bit|over time|in (two|three|2|3|\d+) (parts|payments))\b/,
  /\b\d+ (dollars |bucks )?(a|per|each|every) (month|week|paycheck|payday)\b/,
  /\b(plan|arreglo|acuerdo) de pagos?\b/,
  /\b(a plazos|en cuotas|en pagos|en mensualidades|pagos mensuales|pagos semanales|poco a poco|por partes)\b/,
  /\b\d+ (dolares |pesos )?(al|por|cada) (mes|semana|quincena)\b/,
];

const HARDSHIP: readonly RegExp[] = [
  /\b(lost|lose|losing) (my|our) (job|work|income|house|home)\b/,
  /\b(laid off|got fired|was fired|been fired|furloughed|unemployed|jobless|out of work|between jobs)\b/,
  /\b(cant|cannot|can not|unable to|not able to) afford\b/,
  /\b(medical|hospital|doctor) (bills|expenses|costs|debt)\b/,
  /\b(in|out of) (the )?hospital\b/,
  /\b(cancer|chemo|surgery|disability|disabled|illness|injured|injury)\b/,
  /\b(i am|im|been|was|got|getting|is|are) (very |really |so )?sick\b(?! (of|and tired))/,
  /\b(financial )?hardship\b/,
  /\b(struggling|hard times|tough times|no money|no income|broke|evicted|eviction|divorce|homeless)\b/,
  /\b(perdi|perdimos) (mi|el|nuestro) (trabajo|empleo)\b/,
  /\b(me despidieron|sin trabajo|sin empleo|desemplead[oa]|no tengo (dinero|trabajo)|no me alcanza)\b/,
  /\b(enferm[oa]|enfermedad|hospital|gastos medicos|cirugia|incapacidad)\b/,
];

const HELP: readonly RegExp[] = [
  /^(help|ayuda)\b/,
  /\bwho (is|s) (this|that)\b/,
  /\bwhat is this( about)?\b/,
  /\bwho are you\b/,
  /\bquien (es|eres|habla|son)\b/,
  /\bque es esto\b/,
];

const PAY: RegExp = /\b(pay|paying|payment|payments|link|pagar|pago|pagare|pagaremos|pagamos|enlace)\b/;
const REFUSAL: RegExp =
  /\b((cant|cannot|can not|wont|will not|unable to|not able to|not going to|no puedo|no voy a|no podemos) (pay|pagar)|(not|never) paying)\b/;
const UNTIL: RegExp = /\b(until|till|til|hasta)\b/;

/** Trimmed, lower-case, NFKC, straight quotes, without surrounding punctuation or whitespace. */
export function normaliseReply(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '')
    .replace(/\s+/g, ' ');
}

/** The form the rules match on: no accents, no apostrophes, other punctuation as spaces (slashes kept for dates). */
function matchForm(normalised: string): string {
  return normalised
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/['`]/g, '')
    .replace(/[^a-z0-9/ ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function withoutFiller(words: string[]): string {
  let start = 0;
  let end = words.length;
  while (start < end && FILLER.has(words[start] as string)) start++;
  while (end > start && FILLER.has(words[end - 1] as string)) end--;
  return words.slice(start, end).join(' ');
}

const any = (patterns: readonly RegExp[], text: string) => patterns.some((p) => p.test(text));

const FIRST_WORD_STOP = new Set(['stop', 'stopall', 'unsubscribe', 'optout', 'alto', 'parar', 'basta']);

/** Classifies one reply. Throws only for an unknown time zone. */
export function classifyReply(text: string, ctx: ReplyContext): ReplyClassification {
  const today = DateTime.fromJSDate(ctx.receivedAt, { zone: ctx.timeZone }).startOf('day');
  if (!today.isValid) throw new Error('classifyReply: unknown time zone');

  const m = matchForm(normaliseReply(text));
  if (m === '') return { intent: 'other' };

  // 1. Keyword replies.
  const words = m.split(' ');
  const keyword = withoutFiller(words) || m;
  if (STOP_KEYWORDS.includes(keyword)) return { intent: 'stop' };
  if (HELP_KEYWORDS.includes(keyword)) return { intent: 'help' };
  if (START_KEYWORDS.includes(keyword)) return { intent: 'start' };

  // 2-6.
  if (any(CEASE, m)) return { intent: 'cease' };
  if (any(WRONG_PERSON, m)) return { intent: 'wrong_person' };
  if (any(DISPUTE, m)) return { intent: 'dispute' };
  if (any(CHANNEL_STOP, m) || FIRST_WORD_STOP.has(words[0] as string) || /^opt out\b/.test(m)) {
    return { intent: 'stop' };
  }
  if (any(HELP, m)) return { intent: 'help' };

  // 7-10.
  if (any(PLAN, m)) return { intent: 'plan' };
  const refusal = REFUSAL.test(m);
  const date = resolveDate(m, today);
  if (date !== undefined && (PAY.test(m) || refusal) && (!refusal || UNTIL.test(m))) {
    return { intent: 'promise', promiseDate: date };
  }
  if (any(HARDSHIP, m)) return { intent: 'hardship' };
  if (refusal) return { intent: 'other' };
  if (PAY.test(m) || /\bhow (do|can) i\b.*\b(pay|payment)/.test(m)) return { intent: 'pay' };
  return { intent: 'other' };
}

// ---- dates ----

const WEEKDAYS: Record<string, number> = {
  monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6, sunday: 7,
  lunes: 1, martes: 2, miercoles: 3, jueves: 4, viernes: 5, sabado: 6, domingo: 7,
};
const WEEKDAY_ABBREVIATIONS: Record<string, number> = { mon: 1, tue: 2, tues: 2, wed: 3, thu: 4, thur: 4, thurs: 4, fri: 5, sat: 6, sun: 7 };
const MONTHS: Record<string, number> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6,
  july: 7, jul: 7, august: 8, aug: 8, september: 9, sept: 9, sep: 9, october: 10, oct: 10, november: 11, nov: 11,
  december: 12, dec: 12,
  enero: 1, febrero: 2, marzo: 3, abril: 4, mayo: 5, junio: 6, julio: 7, agosto: 8, septiembre: 9, setiembre: 9,
  octubre: 10, noviembre: 11, diciembre: 12,
};
const MONTH_NAMES = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|');
const ORDINAL = '(?:st|nd|rd|th)';

interface DateRule {
  pattern: RegExp;
  resolve: (match: RegExpExecArray, today: DateTime) => DateTime | undefined;
}

/** `day` in `month` of this year, or of next year when this year's has passed (or does not exist, as 2/29). */
function nextMonthDay(today: DateTime, month: number, day: number): DateTime | undefined {
  for (let year = today.year; year <= today.year + 1; year++) {
    const date = DateTime.fromObject({ year, month, day }, { zone: today.zone });
    if (date.isValid && date.month === month && date >= today) return date;
  }
  return undefined;
}

/** The next date (today or later) whose day of the month is `day`. */
function nextDayOfMonth(today: DateTime, day: number): DateTime | undefined {
  if (day < 1 || day > 31) return undefined;
  for (let i = 0; i < 13; i++) {
    const month = today.startOf('month').plus({ months: i });
    if (day > (month.daysInMonth ?? 0)) continue;
    const date = month.set({ day });
    if (date >= today) return date;
  }
  return undefined;
}

/** The next `weekday` (1 = Monday) strictly after today. */
function nextWeekday(today: DateTime, weekday: number): DateTime {
  return today.plus({ days: ((weekday - today.weekday + 6) % 7) + 1 });
}

function explicitDate(today: DateTime, year: number | undefined, month: number, day: number): DateTime | undefined {
  if (year === undefined) return nextMonthDay(today, month, day);
  const date = DateTime.fromObject({ year, month, day }, { zone: today.zone });
  return date.isValid && date.month === month && date >= today ? date : undefined;
}

const DATE_RULES: readonly DateRule[] = [
  {
    // 3/15, 3/15/25, 03/15/2025; day-first when the first number cannot be a month (15/3)
    pattern: /\b(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?\b/,
    resolve: (m, today) => {
      let month = Number(m[1]);
      let day = Number(m[2]);
      if (month > 12 && day <= 12) [month, day] = [day, month];
      if (month < 1 || month > 12) return undefined;
      const year = m[3] === undefined ? undefined : m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
      return explicitDate(today, year, month, day);
    },
  },
  {
    // march 15, mar 15th
    pattern: new RegExp(`\\b(${MONTH_NAMES}) (\\d{1,2})${ORDINAL}?\\b`),
    resolve: (m, today) => nextMonthDay(today, MONTHS[m[1] as string] as number, Number(m[2])),
  },
  {
    // 15 march, 15th of march, 15 de marzo
    pattern: new RegExp(`\\b(\\d{1,2})${ORDINAL}? (?:of |de )?(${MONTH_NAMES})\\b`),
    resolve: (m, today) => nextMonthDay(today, MONTHS[m[2] as string] as number, Number(m[1])),
  },
  {
    // the 15th, on the 15, 15th, el 15
    pattern: new RegExp(`\\b(?:(?:on )?the (\\d{1,2})${ORDINAL}?|(\\d{1,2})${ORDINAL}|el (\\d{1,2}))\\b`),
    resolve: (m, today) => nextDayOfMonth(today, Number(m[1] ?? m[2] ?? m[3])),
  },
  {
    pattern: new RegExp(`\\b(${Object.keys(WEEKDAYS).join('|')})\\b`),
    resolve: (m, today) => nextWeekday(today, WEEKDAYS[m[1] as string] as number),
  },
  {
    // abbreviations only after "on", "this" or "next": "sun" and "wed" are words too
    pattern: new RegExp(`\\b(?:on|this|next) (${Object.keys(WEEKDAY_ABBREVIATIONS).join('|')})\\b`),
    resolve: (m, today) => nextWeekday(today, WEEKDAY_ABBREVIATIONS[m[1] as string] as number),
  },
  { pattern: /\bpasado manana\b/, resolve: (_, today) => today.plus({ days: 2 }) },
  { pattern: /\b(tomorrow|tmrw|tmr|tomorow|manana)\b/, resolve: (_, today) => today.plus({ days: 1 }) },
  { pattern: /\b(today|tonight|hoy|esta noche)\b/, resolve: (_, today) => today },
  {
    pattern: /\b(next week|next wk|(la )?proxima semana|(la )?semana que viene|(la )?siguiente semana)\b/,
    resolve: (_, today) => nextWeekday(today, 1),
  },
  {
    pattern: /\b(this weekend|the weekend|weekend|el fin de semana|fin de semana)\b/,
    resolve: (_, today) => (today.weekday === 6 ? today.plus({ days: 1 }) : nextWeekday(today, 6)),
  },
  {
    pattern: /\b(next month|(el )?proximo mes|(el )?mes que viene)\b/,
    resolve: (_, today) => today.startOf('month').plus({ months: 1 }),
  },
  { pattern: /\b(end of (the )?month|fin de mes|finales de mes)\b/, resolve: (_, today) => today.endOf('month').startOf('day') },
  {
    pattern: /\b(?:in|en) (\d{1,2}|a|one|two|three|una|dos|tres) (days?|weeks?|dias?|semanas?)\b/,
    resolve: (m, today) => {
      const counts: Record<string, number> = { a: 1, one: 1, una: 1, two: 2, dos: 2, three: 3, tres: 3 };
      const count = counts[m[1] as string] ?? Number(m[1]);
      const unit = m[2] as string;
      const days = unit.startsWith('d') ? count : count * 7;
      return days >= 1 && days <= 90 ? today.plus({ days }) : undefined;
    },
  },
];

/**
 * The first date expression in the message, as YYYY-MM-DD. Where expressions overlap ("the 15th of March"), the more
 * specific rule (earlier in DATE_RULES) wins; otherwise the one mentioned first.
 */
function resolveDate(m: string, today: DateTime): string | undefined {
  const found: { rank: number; start: number; end: number; date: DateTime }[] = [];
  DATE_RULES.forEach((rule, rank) => {
    const match = rule.pattern.exec(m);
    if (match === null) return;
    const date = rule.resolve(match, today);
    if (date !== undefined && date.isValid) found.push({ rank, start: match.index, end: match.index + match[0].length, date });
  });
  found.sort((a, b) => a.start - b.start || a.rank - b.rank);
  const first = found[0];
  if (first === undefined) return undefined;
  const overlapping = found.filter((f) => f.start < first.end && first.start < f.end);
  const best = overlapping.reduce((a, b) => (b.rank < a.rank ? b : a));
  return best.date.toISODate() ?? undefined;
}
