// The page's words, in English and Spanish. Disclosures are not here: they come from the templates' own strings
// (shared/templates/strings.ts, validation.ts), so the page and the messages say them the same way.
import type { DisputeReason } from '../accounts/events.ts';
import type { Locale } from '../templates/locale.ts';

export type PortalAction = 'pay' | 'plan' | 'promise' | 'dispute' | 'original-creditor' | 'contact-times' | 'channels';

export interface PortalCopy {
  title(creditor: string): string;
  balance: string;
  account(creditor: string, masked: string): string;
  languageSwitch: string;
  closed: string;
  held: string;
  pay: { heading: string; amount: string; amountHint(max: string): string; submit: string; link: string };
  payments: { heading: string; none: string; date: string; amount: string };
  plan: {
    heading: string;
    terms(count: number, each: string, everyDays: number, firstDue: string): string;
    standard: string;
    hardship: string;
    submit: string;
    active(count: number, each: string, next: string): string;
    requested: string;
  };
  promise: { heading: string; date: string; hint: string; submit: string; current(date: string): string };
  dispute: { heading: string; reason: string; reasons: Record<DisputeReason, string>; note: string; submit: string; done: string };
  originalCreditor: { heading: string; body: string; submit: string };
  contactTimes: { heading: string; body: string; days: string; from: string; to: string; submit: string; current: string; none: string };
  channels: { heading: string; body: string; email: string; sms: string; optedOut: string; submit: string; none: string };
  weekdays: readonly string[];
  validation: { heading: string; disputeBy(date: string): string };
  done: Record<PortalAction, string>;
  freshLinkEmail: { subject: string; lead: string; optOut: string };
  problems: {
    invalidTitle: string;
    invalid: string;
    expiredTitle: string;
    expired: string;
    freshLink: string;
    freshSent: string;
    stale: string;
    notAllowed: string;
    badInput: string;
  };
}

const EN: PortalCopy = {
  title: (creditor) => `Your ${creditor} account`,
  balance: 'Balance',
  account: (creditor, masked) => `${creditor} account ${masked}`,
  languageSwitch: 'Español',
  closed: 'This account is closed. There is nothing you need to do.',
  held: 'Collection on this account is paused. We will write to you before anything changes.',
  pay: {
    heading: 'Pay',
    amount: 'Amount to pay',
    amountHint: (max) => `Pay all of it or any part, up to ${max}.`,
    submit: 'Continue to payment',
    link: 'Pay on the secure payment page',
  },
  payments: { heading: 'Recent payments', none: 'No payments yet.', date: 'Date', amount: 'Amount' },
  plan: {
    heading: 'Pay in instalments',
    terms: (count, each, everyDays, firstDue) =>
      `${count} payments of about ${each}, one every ${everyDays} days, the first by ${firstDue}.`,
    standard: 'The usual plan',
    hardship: 'A longer plan, if money is tight',
    submit: 'Choose this plan',
    active: (count, each, next) => `You are on a plan of ${count} payments of ${each}. The next one is due by ${next}.`,
    requested: 'We have your request for a plan and will confirm it shortly.',
  },
  promise: {
    heading: 'Tell us when you will pay',
    date: 'Date',
    hint: 'Any day in the next 30 days.',
    submit: 'Save the date',
    current: (date) => `You told us you will pay by ${date}.`,
  },
  dispute: {
    heading: 'Dispute this debt',
    reason: 'Why?',
    reasons: {
      'not-mine': 'This is not my debt',
      'wrong-amount': 'The amount is wrong',
      'already-paid': 'I already paid',
      other: 'Another reason',
    },
    note: 'Anything you want us to know (optional)',
    submit: 'Send the dispute',
    done: 'You have disputed this debt. Collection is paused until we answer you.',
  },
  originalCreditor: {
    heading: 'The original creditor',
    body: 'You can ask us for the name and address of the original creditor. We will send it to you.',
    submit: 'Ask for it',
  },
  contactTimes: {
    heading: 'When not to contact you',
    body: 'Tell us the times that are inconvenient for you, in your own time zone. We will not contact you then.',
    days: 'Days',
    from: 'From',
    to: 'To',
    submit: 'Save these times',
    current: 'We will not contact you:',
    none: 'You have not told us of any inconvenient times.',
  },
  channels: {
    heading: 'How we contact you',
    body: 'Choose a way we should stop using. We will not use it for this account again.',
    email: 'Email',
    sms: 'Text messages',
    optedOut: 'not used (you opted out)',
    submit: 'Stop using the ones I chose',
    none: 'We have no way on file to reach you.',
  },
  weekdays: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  validation: { heading: 'About this debt', disputeBy: (date) => `You can dispute all or part of this debt until ${date}.` },
  done: {
    pay: 'Thank you. Your payment will show here once it is confirmed.',
    plan: 'Thank you. We will confirm your plan shortly.',
    promise: 'Thank you. We have noted the date.',
    dispute: 'We have your dispute. Collection is paused until we answer you.',
    'original-creditor': 'We have your request and will send you the name and address of the original creditor.',
    'contact-times': 'We have saved the times. We will not contact you then.',
    channels: 'Done. We will not use those ways to contact you.',
  },
  freshLinkEmail: {
    subject: 'Your new link',
    lead: 'Here is a new link to your account, as you asked:',
    optOut: 'To stop emails about this account, open the link and choose "How we contact you".',
  },
  problems: {
    invalidTitle: 'This link does not work',
    invalid: 'It may have been copied incompletely, or it is not for this page. Please open the link in one of our messages.',
    expiredTitle: 'This link has expired',
    expired: 'For your security, links to your account work for a limited time. We can email a new link to the address we have on file.',
    freshLink: 'Email me a new link',
    freshSent: 'If we have an email address on file that we may use, a new link is on its way to it.',
    stale: 'The page changed since you opened it. Please check it and try again.',
    notAllowed: 'That cannot be done on this account now.',
    badInput: 'Please check what you entered.',
  },
};

const ES: PortalCopy = {
  title: (creditor) => `Su cuenta de ${creditor}`,
  balance: 'Saldo',
  account: (creditor, masked) => `Cuenta de ${creditor} ${masked}`,
  languageSwitch: 'English',
  closed: 'Esta cuenta está cerrada. No tiene que hacer nada.',
  held: 'El cobro de esta cuenta está en pausa. Le escribiremos antes de que cambie algo.',
  pay: {
    heading: 'Pagar',
    amount: 'Importe a pagar',
    amountHint: (max) => `Pague todo o una parte, hasta ${max}.`,
    submit: 'Continuar al pago',
    link: 'Pagar en la página de pago segura',
  },
  payments: { heading: 'Pagos recientes', none: 'Todavía no hay pagos.', date: 'Fecha', amount: 'Importe' },
  plan: {
    heading: 'Pagar a plazos',
    terms: (count, each, everyDays, firstDue) =>
      `${count} pagos de unos ${each}, uno cada ${everyDays} días, el primero antes del ${firstDue}.`,
    standard: 'El plan habitual',
    hardship: 'Un plan más largo, si anda justo de dinero',
    submit: 'Elegir este plan',
    active: (count, each, next) => `Tiene un plan de ${count} pagos de ${each}. El próximo vence el ${next}.`,
    requested: 'Tenemos su solicitud de un plan y se lo confirmaremos en breve.',
  },
  promise: {
    heading: 'Díganos cuándo pagará',
    date: 'Fecha',
    hint: 'Cualquier día de los próximos 30.',
    submit: 'Guardar la fecha',
    current: (date) => `Nos dijo que pagará antes del ${date}.`,
  },
  dispute: {
    heading: 'Disputar esta deuda',
    reason: '¿Por qué?',
    reasons: {
      'not-mine': 'Esta deuda no es mía',
      'wrong-amount': 'El importe no es correcto',
      'already-paid': 'Ya la pagué',
      other: 'Otro motivo',
    },
    note: 'Lo que quiera contarnos (opcional)',
    submit: 'Enviar la disputa',
    done: 'Ha disputado esta deuda. El cobro queda en pausa hasta que le respondamos.',
  },
  originalCreditor: {
    heading: 'El acreedor original',
    body: 'Puede pedirnos el nombre y la dirección del acreedor original. Se los enviaremos.',
    submit: 'Pedirlos',
  },
  contactTimes: {
    heading: 'Cuándo no contactarle',
    body: 'Díganos las horas que no le convienen, en su propia zona horaria. No le contactaremos en esas horas.',
    days: 'Días',
    from: 'Desde',
    to: 'Hasta',
    submit: 'Guardar estas horas',
    current: 'No le contactaremos:',
    none: 'No nos ha indicado horas inconvenientes.',
  },
  channels: {
    heading: 'Cómo le contactamos',
    body: 'Elija la vía que debemos dejar de usar. No la usaremos más para esta cuenta.',
    email: 'Correo electrónico',
    sms: 'Mensajes de texto',
    optedOut: 'no se usa (la dio de baja)',
    submit: 'Dejar de usar las que elegí',
    none: 'No tenemos ninguna vía para contactarle.',
  },
  weekdays: ['lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado', 'domingo'],
  validation: { heading: 'Sobre esta deuda', disputeBy: (date) => `Puede disputar toda la deuda o una parte hasta el ${date}.` },
  done: {
    pay: 'Gracias. Su pago aparecerá aquí cuando se confirme.',
    plan: 'Gracias. Le confirmaremos su plan en breve.',
    promise: 'Gracias. Hemos anotado la fecha.',
    dispute: 'Tenemos su disputa. El cobro queda en pausa hasta que le respondamos.',
    'original-creditor': 'Tenemos su solicitud y le enviaremos el nombre y la dirección del acreedor original.',
    'contact-times': 'Hemos guardado las horas. No le contactaremos en ellas.',
    channels: 'Hecho. No usaremos esas vías para contactarle.',
  },
  freshLinkEmail: {
    subject: 'Su enlace nuevo',
    lead: 'Este es el enlace nuevo a su cuenta, como pidió:',
    optOut: 'Para dejar de recibir correos sobre esta cuenta, abra el enlace y elija "Cómo le contactamos".',
  },
  problems: {
    invalidTitle: 'Este enlace no funciona',
    invalid: 'Puede que se haya copiado incompleto o que no sea de esta página. Abra el enlace de uno de nuestros mensajes.',
    expiredTitle: 'Este enlace ha caducado',
    expired:
      'Por su seguridad, los enlaces a su cuenta funcionan por un tiempo limitado. Podemos enviarle un enlace nuevo a la dirección de correo que tenemos.',
    freshLink: 'Enviarme un enlace nuevo',
    freshSent: 'Si tenemos una dirección de correo que podamos usar, le hemos enviado un enlace nuevo.',
    stale: 'La página cambió desde que la abrió. Revísela e inténtelo de nuevo.',
    notAllowed: 'Eso no se puede hacer en esta cuenta ahora.',
    badInput: 'Revise lo que escribió.',
  },
};

export const PORTAL_COPY: Readonly<Record<Locale, PortalCopy>> = { en: EN, es: ES };
