// The words the code assembles, per locale: greetings, how to reach us, the opt-out line and the legal disclosures.
// Templates never copy these: they name them with a placeholder ({{optOut}}, {{debtCollectorDisclosure}},
// {{timeBarredDisclosure}}) and the renderer fills in the right text for the sender, the debt and the channel.
//
// Spanish SMS text keeps to the GSM-7 alphabet (no á, í, ó, ú), so a Spanish text costs what an English one does.
import type { Channel } from '../accounts/events.ts';
import type { Locale } from './locale.ts';

/** How the debtor stops emails: a web page, or an email to our inbound address (a `mailto:` URL). */
export type EmailOptOutTarget = { kind: 'url'; url: string } | { kind: 'mailto'; address: string; subject: string };

export interface LocaleStrings {
  greeting(firstName: string): string;
  /** Lower-case imperative that completes "If you have a question, …" / "Si tiene preguntas, …". */
  howToReach(channel: Channel, phone: string | undefined): string;
  defaultSignOff(senderName: string): string;
  smsOptOut: string;
  emailOptOutText(creditorName: string, target: EmailOptOutTarget): string;
  emailOptOutLead(creditorName: string): string;
  emailOptOutLinkLabel: string;
  /** Reg F 1006.18(e)(1): the full statement in the initial communication. */
  debtCollectorFull(channel: Channel): string;
  /** Reg F 1006.18(e)(2): the statement in every later communication. */
  debtCollectorShort: string;
  /**
   * The time-barred debt disclosure. English: the CFPB's model language proposed for Reg F 1006.26(c) (85 FR 12672,
   * March 3, 2020, proposed Model Form B-4), which 1006.34(d)(3)(iv)(B) lets a validation notice carry where the
   * applicable law asks for such a disclosure: "The law limits how long you can be sued on a debt. Because of the age
   * of your debt, [creditor] cannot sue you for it." Spanish: our translation of that text.
   */
  timeBarred(creditorName: string): string;
  /** The line under the email naming who sent it. */
  sentBy(senderName: string): string;
}

const en: LocaleStrings = {
  greeting: (firstName) => (firstName === '' ? 'Hello,' : `Hi ${firstName},`),
  howToReach: (channel, phone) => {
    const reply = channel === 'email' ? 'reply to this email' : 'reply to this text';
    return phone === undefined ? reply : `${reply} or call ${phone}`;
  },
  defaultSignOff: (senderName) => `The ${senderName} team`,
  smsOptOut: 'Reply STOP to opt out.',
  emailOptOutText: (creditorName, target) =>
    `You're getting this email about your ${creditorName} account. ` +
    (target.kind === 'url'
      ? `To stop emails from us, unsubscribe here: ${target.url}`
      : `To stop emails from us, send an email to ${target.address} with the subject "${target.subject}".`),
  emailOptOutLead: (creditorName) => `You're getting this email about your ${creditorName} account.`,
  emailOptOutLinkLabel: 'Unsubscribe from these emails',
  debtCollectorFull: (channel) =>
    channel === 'email'
      ? 'This is a communication from a debt collector. This is an attempt to collect a debt, and any information obtained will be used for that purpose.'
      : 'This is from a debt collector attempting to collect a debt. Any information obtained will be used for that purpose.',
  debtCollectorShort: 'This is a communication from a debt collector.',
  timeBarred: (creditorName) =>
    `The law limits how long you can be sued on a debt. Because of the age of your debt, ${creditorName} cannot sue you for it.`,
  sentBy: (senderName) => `Sent by ${senderName}`,
};

const es: LocaleStrings = {
  greeting: (firstName) => (firstName === '' ? 'Hola:' : `Hola, ${firstName}:`),
  howToReach: (channel, phone) => {
    const reply = channel === 'email' ? 'responda a este correo' : 'responda a este mensaje';
    return phone === undefined ? reply : `${reply} o llame al ${phone}`;
  },
  defaultSignOff: (senderName) => `El equipo de ${senderName}`,
  smsOptOut: 'Responda STOP para darse de baja.',
  emailOptOutText: (creditorName, target) =>
    `Recibe este correo por su cuenta de ${creditorName}. ` +
    (target.kind === 'url'
      ? `Para dejar de recibir nuestros correos, cancele la suscripción aquí: ${target.url}`
      : `Para dejar de recibir nuestros correos, envíe un correo a ${target.address} con el asunto "${target.subject}".`),
  emailOptOutLead: (creditorName) => `Recibe este correo por su cuenta de ${creditorName}.`,
  emailOptOutLinkLabel: 'Cancelar la suscripción a estos correos',
  debtCollectorFull: (channel) =>
    channel === 'email'
      ? 'Esta es una comunicación de un cobrador de deudas. Es un intento de cobrar una deuda, y cualquier información obtenida se usará con ese fin.'
      : 'Este mensaje es de un cobrador de deudas que intenta cobrar una deuda. Todo dato obtenido se usa con ese fin.',
  debtCollectorShort: 'Este mensaje es de un cobrador de deudas.',
  timeBarred: (creditorName) =>
    `La ley limita el plazo en que se le puede demandar por una deuda. Por la antigüedad de su deuda, ${creditorName} no puede demandarle por ella.`,
  sentBy: (senderName) => `Enviado por ${senderName}`,
};

export const STRINGS: Readonly<Record<Locale, LocaleStrings>> = { en, es };
