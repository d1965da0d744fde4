// Classifies a debtor's reply (SMS or email body) into an intent, by explainable rules. English and basic Spanish.
//
// Order of the rules, first match gives the intent:
//   1. keyword replies (the whole message, politeness words aside; the lists by language are data/keywords.json):
//      STOP and synonyms → stop, HELP/INFO → help, START/UNSTOP → start. YES alone is not a keyword: it may answer anything we asked, and CTIA and End User
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
// A message may carry more than one protective request ("Stop! I already paid" opts out and disputes; "No es mi
// deuda, dejen de escribirme" disputes and ceases): the others that rules 2–5 also find come in `also`, so that each
// is honoured. One that another already covers is left out: a cease stops every channel (so no stop beside it), and
// wrong_person closes the address for good and speaks for no debt (so neither a stop nor a dispute beside it).
import { DateTime } from 'luxon';
import type { Channel, ReplyIntent } from '../accounts/events.ts';
import { HELP_KEYWORDS, OPT_OUT_OPENERS, START_KEYWORDS, STOP_KEYWORDS } from './keywords.ts';
import { resolveDate } from './promise-date.ts';

/** Intents that protect the debtor: each one a message carries is recorded and acted on. */
export const PROTECTIVE_INTENTS = ['cease', 'wrong_person', 'dispute', 'stop'] as const satisfies readonly ReplyIntent[];
export type ProtectiveIntent = (typeof PROTECTIVE_INTENTS)[number];

export interface ReplyClassification {
  intent: ReplyIntent;
  /** The other protective intents the message carries, in rule order; absent when there are none. */
  also?: ProtectiveIntent[];
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

  // 2-5, every one that matches.
  const found: Record<ProtectiveIntent, boolean> = {
    cease: any(CEASE, m),
    wrong_person: any(WRONG_PERSON, m),
    dispute: any(DISPUTE, m),
    stop: any(CHANNEL_STOP, m) || OPT_OUT_OPENERS.has(words[0] as string) || /^opt out\b/.test(m),
  };
  if (found.cease || found.wrong_person) found.stop = false;
  if (found.wrong_person) found.dispute = false;
  const protective = PROTECTIVE_INTENTS.filter((i) => found[i]);
  const [intent, ...also] = protective;
  if (intent) return also.length > 0 ? { intent, also } : { intent };
  // 6.
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
