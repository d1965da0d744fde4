// Sample data: a made-up creditor, agency and debtor that render every template, for the docs, the linter's SMS
// length check and the preview CLI. Nothing here is a real person or company (example.* domains, 555 numbers).
import type { Channel } from '../accounts/events.ts';
import { SENDERS_BY_KIND, type SenderKind, type TemplateKind } from './kinds.ts';
import type { MessageContext } from './message-context.ts';
import { renderMessage } from './render.ts';
import { creditorSender, type AgencySender, type CreditorBrand, type CreditorSender } from './senders.ts';
import type { TemplateOverrides } from './types.ts';

export const SAMPLE_CREDITOR: CreditorSender = {
  kind: 'creditor',
  name: 'Acme Energy',
  senderName: 'Acme Energy Billing',
  senderEmail: 'billing@acme.example',
  supportPhone: '(800) 555-0100',
  postalAddress: 'Acme Energy\n100 Main Street\nSpringfield, IL 62701',
  logoUrl: 'https://acme.example/brand/logo.png',
  colors: { primary: '#0b6e4f' },
  signOff: { en: 'The Acme Energy billing team', es: 'El equipo de facturación de Acme Energy' },
};

/** The sample creditor's payment page, when no profile gives one. */
export const SAMPLE_PAYMENT_URL = 'https://pay.acme.example/p/7Q2X9K';

export const SAMPLE_AGENCY: AgencySender = {
  kind: 'agency',
  name: 'Northwind Recovery',
  email: 'help@northwind.example',
  phone: '(800) 555-0199',
  address: 'Northwind Recovery\nPO Box 1200\nPortland, OR 97201',
};

/** What the samples take from a creditor's profile (a profile is one): its brand, its payment page and its own templates. */
export interface SampleProfile {
  brand: CreditorBrand;
  templates?: TemplateOverrides;
}

export interface SampleOptions {
  kind: TemplateKind;
  /** Raw BCP 47 tag; defaults to `en`. */
  locale?: string;
  channel?: Channel;
  /** Who sends: defaults to the first sender the kind allows (the creditor, or the agency for third-party). */
  sender?: SenderKind;
  /** The creditor's profile: its brand (and its own templates, when the profile carries `templates`) replace ours. */
  profile?: SampleProfile;
  touchNumber?: number;
  timeBarred?: boolean;
  /** Include the validation information (agency emails of kinds that carry it). Defaults to the agency's first third-party email. */
  validation?: boolean;
}

/** A complete, valid context for any template. */
export function sampleContext(options: SampleOptions): MessageContext {
  const channel = options.channel ?? 'email';
  const senderKind = options.sender ?? (SENDERS_BY_KIND[options.kind][0] as SenderKind);
  const touchNumber = options.touchNumber ?? 1;
  const creditor = options.profile === undefined ? SAMPLE_CREDITOR : creditorSender(options.profile);
  const creditorName = creditor.name;
  const agency = senderKind === 'agency';
  const validation = options.validation ?? (agency && channel === 'email' && options.kind === 'third-party' && touchNumber === 1);
  const overrides = options.profile?.templates;
  return {
    kind: options.kind,
    channel,
    locale: options.locale ?? 'en',
    touchNumber,
    sender: agency ? SAMPLE_AGENCY : creditor,
    creditorName,
    debtorFirstName: 'Ana',
    balanceMinor: 123_450,
    currency: 'USD',
    paymentUrl: agency ? 'https://pay.northwind.example/p/7Q2X9K' : (options.profile?.brand.paymentUrl ?? SAMPLE_PAYMENT_URL),
    optOut: {
      emailUrl: agency
        ? 'mailto:reply+t-7q2x9k@reply.northwind.example?subject=unsubscribe'
        : 'mailto:reply+t-7q2x9k@reply.acme.example?subject=unsubscribe',
    },
    ...(options.timeBarred === undefined ? {} : { timeBarred: options.timeBarred }),
    ...(options.kind === 'plan-reminder' || options.kind === 'plan-missed'
      ? { plan: { installmentMinor: 25_000, dueOn: '2026-04-01' } }
      : {}),
    ...(validation
      ? {
          validation: {
            itemizationDate: '2026-01-31',
            amountOnItemizationMinor: 120_000,
            interestMinor: 2_450,
            feesMinor: 2_500,
            paymentsMinor: 1_500,
            creditsMinor: 0,
            currentMinor: 123_450,
            validationEndsOn: '2026-04-15',
            disputeUrl: 'https://northwind.example/dispute',
            accountNumber: '4417-2280-0193-6789',
          },
        }
      : {}),
    ...(overrides === undefined || agency ? {} : { overrides }),
  };
}

export interface PreviewRequest {
  profile?: SampleProfile;
  template: TemplateKind;
  locale: string;
  channel: 'email' | 'sms';
}

/** A template rendered with sample data: the email's HTML, or the SMS text. */
export function previewMessage(request: PreviewRequest): string {
  const message = renderMessage(
    sampleContext({
      kind: request.template,
      locale: request.locale,
      channel: request.channel,
      ...(request.profile === undefined ? {} : { profile: request.profile }),
    }),
  );
  return message.channel === 'email' ? message.html : message.body;
}
