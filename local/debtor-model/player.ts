// The debtor model as the simulator's debtors: each account's debtor draws its traits once from the seed and its
// account ref, then answers each message as the model says, in the account's language, through the real doors.
import { DateTime } from 'luxon';
import { candidateZonesOf, zoneOfZip } from '../../shared/compliance/location.ts';
import type { DebtorPlayer, Reaction, ReceivedMessage } from '../simulator/debtor-player.ts';
import { seededRandomFor } from '../simulator/personas.ts';
import {
  drawTraits,
  initialDebtorState,
  receive,
  surveyAnswer,
  type Channel,
  type DebtorState,
  type Effect,
  type ReplyIntent,
  type Tone,
} from './model.ts';
import type { DebtorModel } from './schema.ts';

/** What a debtor writes for each intent, by language and channel; each classifies as its intent (see the unit test). */
export const REPLY_TEXTS: Record<'en' | 'es', Record<ReplyIntent, Record<Channel, string>>> = {
  en: {
    stop: { sms: 'STOP', email: 'Unsubscribe' },
    cease: both('Please stop contacting me about this.'),
    dispute: both("I dispute this. I don't believe I owe this amount."),
    promise: both("Sorry about this, I'll pay on friday."),
    plan: both('Could I pay this off in instalments? A payment plan would really help.'),
    wrong_person: both("Wrong number, I don't know this person."),
  },
  es: {
    stop: { sms: 'ALTO', email: 'BAJA' },
    cease: both('Por favor dejen de contactarme.'),
    dispute: both('No es mi deuda, no debo esta cantidad.'),
    promise: both('Perdón, pagaré el viernes.'),
    plan: both('¿Puedo pagar a plazos? Un plan de pagos me ayudaría mucho.'),
    wrong_person: both('Número equivocado, no conozco a esa persona.'),
  },
};

function both(text: string): Record<Channel, string> {
  return { sms: text, email: text };
}

interface Debtor {
  state: DebtorState;
  zone: string;
  language: 'en' | 'es';
}

export class ModelPlayer implements DebtorPlayer {
  private readonly debtors = new Map<string, Debtor>();
  private readonly model: DebtorModel;
  private readonly seed: number;

  /** `rows` are the placement file's rows: the account ref, and where and in which language the debtor lives. */
  constructor(model: DebtorModel, seed: number, rows: ReadonlyArray<Record<string, string | undefined>>) {
    this.model = model;
    this.seed = seed;
    for (const row of rows) {
      const ref = row.account_ref ?? '';
      const traits = drawTraits(model, seededRandomFor(seed, `debtor:${ref}`));
      const zone = zoneOfZip(row.zip) ?? candidateZonesOf({ ...(row.state ? { state: row.state } : {}) })[0]!;
      this.debtors.set(ref, { state: initialDebtorState(traits), zone, language: row.language === 'es' ? 'es' : 'en' });
    }
  }

  react(message: ReceivedMessage): Reaction[] {
    const debtor = this.debtors.get(message.accountRef);
    if (!debtor) return [];
    const { state, response } = receive(
      this.model,
      debtor.state,
      {
        channel: message.channel,
        at: message.at,
        localHour: DateTime.fromJSDate(message.at, { zone: debtor.zone }).hour,
        tone: toneOf(message.stage, message.kind),
        instalment: message.kind === 'plan-reminder' || message.kind === 'plan-missed',
      },
      seededRandomFor(this.seed, message.touchId),
    );
    debtor.state = state;
    return response.effects.map((effect) => reactionTo(effect, REPLY_TEXTS[debtor.language], message.channel));
  }

  surveyScore(message: ReceivedMessage): string | undefined {
    const debtor = this.debtors.get(message.accountRef);
    const score = debtor && surveyAnswer(this.model, debtor.state, seededRandomFor(this.seed, `survey:${message.touchId}`));
    return score === undefined ? undefined : String(score);
  }

  /** The debtor's segment: the channel they prefer and what they could pay. */
  label(accountRef: string): string {
    const traits = this.debtors.get(accountRef)?.state.traits;
    return traits ? `${traits.preferred}-preferring/${traits.ability}` : 'unknown';
  }
}

/** How a message sounds: the agency's in the ThirdParty stage, friendly reminders, firm otherwise. */
export function toneOf(stage: string, kind: string): Tone {
  if (stage === 'ThirdParty') return 'agency';
  return kind === 'soft-reminder' || kind === 'plan-reminder' ? 'friendly' : 'firm';
}

function reactionTo(effect: Effect, texts: Record<ReplyIntent, Record<Channel, string>>, channel: Channel): Reaction {
  switch (effect.type) {
    case 'reply':
      return { afterMinutes: effect.afterMinutes, reply: { text: texts[effect.intent][channel], channel: 'same' } };
    case 'pay':
      return { afterMinutes: effect.afterMinutes, pay: effect.share === 'all' ? 'now' : effect.share };
    case 'creditor':
      return { afterMinutes: effect.afterMinutes, creditor: effect.answer };
  }
}
