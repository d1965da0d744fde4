// The validation information of Reg F 1006.34, as a block in the agency's first email, modelled on Model Form B-1
// (12 CFR part 1006, appendix B): who is collecting and for whom, the itemization from the itemization date to today,
// the end of the validation period, how to dispute and how to ask for the original creditor's name and address, the
// CFPB's page on debt-collection rights, and how to respond. The English sentences follow B-1 word for word (but
// "Write to us" instead of "Call or write to us" when the agency gives no phone number); the email's reply and the
// electronic address stand in for the paper form's tear-off part. The Spanish text is our translation: compare it with
// the CFPB's published Spanish model notice before relying on its safe harbor.
//
// Spanish: Reg F 1006.34(e) lets a debt collector send a translated notice only with the English one in the same or an
// earlier communication. We cannot know about earlier ones, so a Spanish email carries both.
import { formatMoney } from '../money.ts';
import { formatDate, type Locale } from './locale.ts';

export interface ValidationInfo {
  /** YYYY-MM-DD: the itemization date (last statement, charge-off, last payment, transaction or judgment date). */
  itemizationDate: string;
  amountOnItemizationMinor: number;
  /** Since the itemization date. */
  interestMinor: number;
  feesMinor: number;
  paymentsMinor: number;
  creditsMinor: number;
  /** Must equal the itemization amount plus interest and fees, less payments and credits (and the message's balance). */
  currentMinor: number;
  /** YYYY-MM-DD: the last day of the validation period. */
  validationEndsOn: string;
  /** Where disputes and original-creditor requests are accepted electronically (https). */
  disputeUrl?: string;
  /** The mailing address that accepts disputes; the agency's address when absent. One is required. */
  disputeAddress?: string;
  /** The account number as the creditor knows it; shown truncated to its last four characters. */
  accountNumber?: string;
}

export interface NoticeParty {
  collectorName: string;
  collectorAddress: string;
  collectorPhone?: string;
  collectorEmail?: string;
  creditorName: string;
  disputeUrl?: string;
  /** How the notice travels: an email is answered by replying, a letter by writing back. Default: email. */
  medium?: 'email' | 'letter';
}

export type NoticeBlock =
  | { type: 'para'; text: string; strong?: boolean }
  | { type: 'rows'; rows: { label: string; value: string; total?: boolean; indent?: boolean }[] }
  | { type: 'bullets'; items: string[] };

export interface Notice {
  lang: Locale;
  title: string;
  sections: { heading?: string; blocks: NoticeBlock[] }[];
}

interface Figures {
  itemizationDate: string;
  owed: string;
  interest: string;
  fees: string;
  paidOrCredited: string;
  current: string;
  endsOn: string;
  account?: string;
}

function contactLine(p: NoticeParty): string {
  const named = p.collectorAddress.startsWith(p.collectorName);
  return [...(named ? [] : [p.collectorName]), p.collectorAddress, p.collectorPhone, p.collectorEmail].filter((v) => v).join(' · ');
}

function english(p: NoticeParty, f: Figures): Notice {
  const electronic = (what: string) => (p.disputeUrl === undefined ? '' : ` We accept ${what} electronically at ${p.disputeUrl}.`);
  return {
    lang: 'en',
    title: 'Information about this debt',
    sections: [
      {
        blocks: [
          { type: 'para', text: contactLine(p) },
          {
            type: 'para',
            strong: true,
            text: `${p.collectorName} is a debt collector. We are trying to collect a debt that you owe to ${p.creditorName}. We will use any information you give us to help collect the debt.`,
          },
        ],
      },
      {
        heading: 'Our information shows:',
        blocks: [
          ...(f.account === undefined
            ? []
            : [{ type: 'para' as const, text: `You had an account from ${p.creditorName} with account number ${f.account}.` }]),
          { type: 'rows', rows: [{ label: `As of ${f.itemizationDate}, you owed:`, value: f.owed }] },
          { type: 'para', text: `Between ${f.itemizationDate} and today:` },
          {
            type: 'rows',
            rows: [
              { label: 'You were charged this amount in interest:', value: `+ ${f.interest}`, indent: true },
              { label: 'You were charged this amount in fees:', value: `+ ${f.fees}`, indent: true },
              { label: 'You paid or were credited this amount toward the debt:', value: `– ${f.paidOrCredited}`, indent: true },
              { label: 'Total amount of the debt now:', value: f.current, total: true },
            ],
          },
        ],
      },
      {
        heading: 'How can you dispute the debt?',
        blocks: [
          {
            type: 'bullets',
            items: [
              `${p.collectorPhone === undefined ? 'Write' : 'Call or write'} to us by ${f.endsOn}, to dispute all or part of the debt. If you do not, we will assume that our information is correct.`,
              `If you write to us by ${f.endsOn}, we must stop collection on any amount you dispute until we send you information that shows you owe the debt. You may use the form below or write to us without the form. You may also include supporting documents.${electronic('disputes')}`,
            ],
          },
        ],
      },
      {
        heading: 'What else can you do?',
        blocks: [
          {
            type: 'bullets',
            items: [
              `Write to ask for the name and address of the original creditor, if different from the current creditor. If you write by ${f.endsOn}, we must stop collection until we send you that information. You may use the form below or write to us without the form.${electronic('such requests')}`,
              'Go to www.cfpb.gov/debt-collection to learn more about your rights under federal law. For instance, you have the right to stop or limit how we contact you.',
              'Contact us about your payment options.',
              'Póngase en contacto con nosotros para solicitar una copia de este formulario en español.',
            ],
          },
        ],
      },
      {
        heading: 'How do you want to respond?',
        blocks: [
          {
            type: 'para',
            text:
              p.medium === 'letter'
                ? `Write to us at ${p.collectorAddress}, and tell us:`
                : `Reply to this email, or write to us at ${p.collectorAddress}, and tell us:`,
          },
          {
            type: 'bullets',
            items: [
              'I want to dispute the debt because I think: this is not my debt; the amount is wrong; or other (please describe).',
              'I want you to send me the name and address of the original creditor.',
            ],
          },
        ],
      },
    ],
  };
}

function spanish(p: NoticeParty, f: Figures): Notice {
  const electronic = (what: string) => (p.disputeUrl === undefined ? '' : ` Aceptamos ${what} por vía electrónica en ${p.disputeUrl}.`);
  return {
    lang: 'es',
    title: 'Información sobre esta deuda',
    sections: [
      {
        blocks: [
          { type: 'para', text: contactLine(p) },
          {
            type: 'para',
            strong: true,
            text: `${p.collectorName} es un cobrador de deudas. Estamos tratando de cobrar una deuda que usted le debe a ${p.creditorName}. Usaremos cualquier información que usted nos dé para ayudar a cobrar la deuda.`,
          },
        ],
      },
      {
        heading: 'Nuestra información indica:',
        blocks: [
          ...(f.account === undefined
            ? []
            : [{ type: 'para' as const, text: `Usted tenía una cuenta de ${p.creditorName} con el número de cuenta ${f.account}.` }]),
          { type: 'rows', rows: [{ label: `Al ${f.itemizationDate}, usted debía:`, value: f.owed }] },
          { type: 'para', text: `Entre el ${f.itemizationDate} y hoy:` },
          {
            type: 'rows',
            rows: [
              { label: 'Se le cobró esta cantidad en intereses:', value: `+ ${f.interest}`, indent: true },
              { label: 'Se le cobró esta cantidad en cargos:', value: `+ ${f.fees}`, indent: true },
              { label: 'Usted pagó o se le acreditó esta cantidad a la deuda:', value: `– ${f.paidOrCredited}`, indent: true },
              { label: 'Cantidad total de la deuda ahora:', value: f.current, total: true },
            ],
          },
        ],
      },
      {
        heading: '¿Cómo puede disputar la deuda?',
        blocks: [
          {
            type: 'bullets',
            items: [
              `${p.collectorPhone === undefined ? 'Escríbanos' : 'Llámenos o escríbanos'} a más tardar el ${f.endsOn} para disputar la totalidad o una parte de la deuda. Si no lo hace, asumiremos que nuestra información es correcta.`,
              `Si nos escribe a más tardar el ${f.endsOn}, debemos dejar de cobrar cualquier cantidad que usted dispute hasta que le enviemos información que demuestre que usted debe la deuda. Puede usar el formulario de abajo o escribirnos sin el formulario. También puede incluir documentos de respaldo.${electronic('disputas')}`,
            ],
          },
        ],
      },
      {
        heading: '¿Qué más puede hacer?',
        blocks: [
          {
            type: 'bullets',
            items: [
              `Escríbanos para pedir el nombre y la dirección del acreedor original, si es diferente del acreedor actual. Si nos escribe a más tardar el ${f.endsOn}, debemos dejar de cobrar hasta que le enviemos esa información. Puede usar el formulario de abajo o escribirnos sin el formulario.${electronic('esas solicitudes')}`,
              'Visite www.cfpb.gov/debt-collection para obtener más información sobre sus derechos según la ley federal. Por ejemplo, usted tiene derecho a detener o limitar la forma en que nos comunicamos con usted.',
              'Comuníquese con nosotros para conocer sus opciones de pago.',
            ],
          },
        ],
      },
      {
        heading: '¿Cómo desea responder?',
        blocks: [
          {
            type: 'para',
            text:
              p.medium === 'letter'
                ? `Escríbanos a ${p.collectorAddress} e indíquenos:`
                : `Responda a este correo, o escríbanos a ${p.collectorAddress}, e indíquenos:`,
          },
          {
            type: 'bullets',
            items: [
              'Quiero disputar la deuda porque creo que: esta deuda no es mía; la cantidad es incorrecta; u otro motivo (descríbalo, por favor).',
              'Quiero que me envíen el nombre y la dirección del acreedor original.',
            ],
          },
        ],
      },
    ],
  };
}

/**
 * The itemization adds up to the current amount (1006.34(c)(2)): the amount on the itemization date, plus interest and
 * fees, less payments and credits. The template linter and the notice itself both hold a notice to it.
 */
export function itemizationAddsUp(
  info: Pick<
    ValidationInfo,
    'amountOnItemizationMinor' | 'interestMinor' | 'feesMinor' | 'paymentsMinor' | 'creditsMinor' | 'currentMinor'
  >,
): boolean {
  return info.amountOnItemizationMinor + info.interestMinor + info.feesMinor - info.paymentsMinor - info.creditsMinor === info.currentMinor;
}

function checkAmount(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`validation.${field} must be whole minor units ≥ 0`);
  return value;
}

/** The notices for an email or letter in `locale`: the Spanish one is followed by the English one. Throws on figures that do not add up. */
export function validationNotices(
  info: ValidationInfo,
  party: NoticeParty,
  locale: Locale,
  currency: string,
  intlLocale: (lang: Locale) => string,
): Notice[] {
  const owed = checkAmount(info.amountOnItemizationMinor, 'amountOnItemizationMinor');
  const interest = checkAmount(info.interestMinor, 'interestMinor');
  const fees = checkAmount(info.feesMinor, 'feesMinor');
  const payments = checkAmount(info.paymentsMinor, 'paymentsMinor');
  const credits = checkAmount(info.creditsMinor, 'creditsMinor');
  const current = checkAmount(info.currentMinor, 'currentMinor');
  if (
    !itemizationAddsUp({
      ...info,
      amountOnItemizationMinor: owed,
      interestMinor: interest,
      feesMinor: fees,
      paymentsMinor: payments,
      creditsMinor: credits,
      currentMinor: current,
    })
  ) {
    throw new Error(
      'validation amounts do not add up: amountOnItemizationMinor + interestMinor + feesMinor - paymentsMinor - creditsMinor must equal currentMinor',
    );
  }
  const account = info.accountNumber?.replace(/\s+/g, '');
  const figures = (lang: Locale): Figures => {
    const il = intlLocale(lang);
    return {
      itemizationDate: formatDate(info.itemizationDate, il, 'validation.itemizationDate'),
      owed: formatMoney(owed, currency, il),
      interest: formatMoney(interest, currency, il),
      fees: formatMoney(fees, currency, il),
      paidOrCredited: formatMoney(payments + credits, currency, il),
      current: formatMoney(current, currency, il),
      endsOn: formatDate(info.validationEndsOn, il, 'validation.validationEndsOn'),
      ...(account ? { account: account.length > 4 ? `****${account.slice(-4)}` : account } : {}),
    };
  };
  return locale === 'es' ? [spanish(party, figures('es')), english(party, figures('en'))] : [english(party, figures('en'))];
}
