// What Tactful answers on its own to a text, and in which words. CTIA's keyword rules: STOP gets one confirmation,
// HELP gets who we are, how to reach us and how to opt out, START / UNSTOP gets a confirmation. A reply to an account
// that is already closed gets a polite word that asks for nothing, and never restarts collection.
import type { AutoReplyKind, Channel, ReplyIntent } from '../accounts/events.ts';
import type { AccountState } from '../accounts/fold.ts';
import type { Locale } from '../templates/locale.ts';

/** Who answers: the creditor in the first-party stages, the agency (a debt collector) after a hand-off. */
export interface AutoReplySender {
  name: string;
  /** A phone number or address the debtor can reach a person at. */
  contact?: string;
  /** Set for the agency: the creditor it collects for, and the debt-collector disclosure goes in. */
  onBehalfOf?: string;
}

/**
 * The one answer a reply needs, given its intents (the first as classified, then the others it carries) and each
 * routed account as it stood just before the reply, or undefined when the workflow answers it (or nothing should):
 * the first intent that needs an answer decides. Keywords are an SMS convention: by email only a closed account is
 * answered.
 */
export function autoReplyFor(
  intents: readonly ReplyIntent[],
  before: readonly AccountState[],
  channel: Channel,
): AutoReplyKind | undefined {
  for (const intent of intents) {
    const kind = keywordAnswer(intent, before);
    if (kind) return channel === 'sms' || kind === 'closed-account' ? kind : undefined;
  }
  return undefined;
}

function keywordAnswer(intent: ReplyIntent, before: readonly AccountState[]): AutoReplyKind | undefined {
  switch (intent) {
    // One confirmation: a second STOP from a number already opted out gets none.
    case 'stop':
      return before.some((s) => !s.optedOut.sms) ? 'stop-confirmation' : undefined;
    case 'start':
      return 'start-confirmation';
    case 'help':
      return 'help';
    // A survey score needs no answer.
    case 'csat':
      return undefined;
    default:
      return before.length > 0 && before.every((s) => s.status === 'resolved') ? 'closed-account' : undefined;
  }
}

const WORDS: Record<Locale, (s: AutoReplySender) => Record<AutoReplyKind, string>> = {
  en: (s) => {
    const who = s.onBehalfOf ? `${s.name}, a debt collector, for ${s.onBehalfOf}` : s.name;
    const reach = s.contact ? ` Questions: ${s.contact}.` : '';
    return {
      'stop-confirmation': `${s.name}: you are unsubscribed and will get no more texts from us. Reply START to resubscribe.`,
      'start-confirmation': `${s.name}: you are subscribed to our texts again. Reply HELP for help, STOP to opt out.`,
      help: `${who}.${reach} Reply STOP to opt out of texts.`,
      'closed-account': `${s.name}: thank you for your message. This account is closed with us and you will get no more reminders about it.${reach}`,
    };
  },
  es: (s) => {
    const who = s.onBehalfOf ? `${s.name}, una agencia de cobranza, por ${s.onBehalfOf}` : s.name;
    const reach = s.contact ? ` Preguntas: ${s.contact}.` : '';
    return {
      'stop-confirmation': `${s.name}: se dio de baja y no recibirá más mensajes nuestros. Responda START para volver a suscribirse.`,
      'start-confirmation': `${s.name}: vuelve a recibir nuestros mensajes. Responda HELP para ayuda, STOP para darse de baja.`,
      help: `${who}.${reach} Responda STOP para no recibir más mensajes.`,
      'closed-account': `${s.name}: gracias por su mensaje. Esta cuenta está cerrada con nosotros y no recibirá más recordatorios sobre ella.${reach}`,
    };
  },
};

export function autoReplyText(kind: AutoReplyKind, sender: AutoReplySender, locale: Locale): string {
  return WORDS[locale](sender)[kind];
}
