// The catalogue of message templates: which kinds exist, who may send each, which placeholders a template may use
// and which it must carry. One table serves the renderer, the linter and the creditor-override schema, so the three
// cannot disagree about what a compliant template is.
import type { Channel } from '../accounts/events.ts';

export const TEMPLATE_KINDS = [
  'soft-reminder',
  'escalation',
  'missed-promise',
  'plan-reminder',
  'plan-missed',
  'third-party',
  'final-notice',
  'cease-notice',
  'thank-you',
  'survey',
] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

export const MESSAGE_CHANNELS = ['email', 'sms'] as const satisfies readonly Channel[];

export type SenderKind = 'creditor' | 'agency';

/**
 * Who may send each kind. The soft stages speak for the creditor under its brand; the third-party stage speaks as the
 * agency. The other kinds follow the account wherever it is, so either may send them.
 */
export const SENDERS_BY_KIND: Readonly<Record<TemplateKind, readonly SenderKind[]>> = {
  'soft-reminder': ['creditor'],
  escalation: ['creditor'],
  'missed-promise': ['creditor', 'agency'],
  'plan-reminder': ['creditor', 'agency'],
  'plan-missed': ['creditor', 'agency'],
  'third-party': ['agency'],
  'final-notice': ['creditor', 'agency'],
  'cease-notice': ['creditor', 'agency'],
  'thank-you': ['creditor', 'agency'],
  survey: ['creditor', 'agency'],
};

/**
 * Kinds a creditor may override with its own templates: those it may send itself (never the agency's), except the
 * notice after a cease request, whose content the law bounds.
 */
export const OVERRIDABLE_KINDS = [
  'soft-reminder',
  'escalation',
  'missed-promise',
  'plan-reminder',
  'plan-missed',
  'final-notice',
  'thank-you',
  'survey',
] as const satisfies readonly TemplateKind[];
export type OverridableKind = (typeof OVERRIDABLE_KINDS)[number];

/** Kinds that ask for a payment: they carry the payment link and, for an out-of-statute debt, the time-barred disclosure. */
export const PAYMENT_KINDS: readonly TemplateKind[] = TEMPLATE_KINDS.filter(
  (k) => k !== 'thank-you' && k !== 'survey' && k !== 'cease-notice',
);

/** A template part: the email's subject, plain-text body and HTML body, or the SMS body. */
export type TemplatePart = 'subject' | 'text' | 'html' | 'body';

/** Placeholders whose text the code assembles (disclosures and opt-out), never the template. */
export const SLOTS = ['optOut', 'debtCollectorDisclosure', 'timeBarredDisclosure', 'validationNotice'] as const;
export type Slot = (typeof SLOTS)[number];

/** Plain values every template may use. */
export const COMMON_VALUES = [
  'greeting',
  'firstName',
  'senderName',
  'creditorName',
  'balance',
  'paymentUrl',
  'signOff',
  'howToReach',
] as const;

/** Values only some kinds have. */
export const KIND_VALUES: Readonly<Partial<Record<TemplateKind, readonly string[]>>> = {
  'plan-reminder': ['installmentAmount', 'installmentDueDate'],
  'plan-missed': ['installmentAmount', 'installmentDueDate'],
};

/** Placeholders that hold a URL: in derived HTML they become links, and `[label](…)` may point at them. */
export const URL_VALUES: readonly string[] = ['paymentUrl'];

export type Audience = 'builtin' | 'creditor';

/** The senders a template is written for: a creditor's override only ever speaks for the creditor. */
export function sendersFor(kind: TemplateKind, audience: Audience): readonly SenderKind[] {
  const senders = SENDERS_BY_KIND[kind];
  return audience === 'creditor' ? senders.filter((s) => s === 'creditor') : senders;
}

/** Placeholders allowed in one part of one template. */
export function allowedPlaceholders(kind: TemplateKind, channel: Channel, part: TemplatePart): Set<string> {
  const names = new Set<string>([...COMMON_VALUES, ...(KIND_VALUES[kind] ?? [])]);
  if (part === 'subject') return names;
  for (const slot of SLOTS) if (!(slot === 'validationNotice' && channel === 'sms')) names.add(slot);
  return names;
}

export interface Requirement {
  placeholder: string;
  /** Why it is required, for the lint message. */
  why: string;
  kind: 'disclosure' | 'placeholder';
}

/**
 * The placeholders one part of a template must contain. Disclosure slots render empty when they do not apply to a
 * given message (a creditor sender, a debt that is not time-barred), so a template carries every slot it might need.
 */
export function requiredPlaceholders(kind: TemplateKind, channel: Channel, part: TemplatePart, audience: Audience): Requirement[] {
  if (part === 'subject') return [];
  const senders = sendersFor(kind, audience);
  const asksPayment = PAYMENT_KINDS.includes(kind);
  const out: Requirement[] = [
    { placeholder: 'optOut', kind: 'disclosure', why: 'every email and SMS states how to opt out (Reg F 1006.6(e))' },
  ];
  if (senders.includes('agency')) {
    out.push({
      placeholder: 'debtCollectorDisclosure',
      kind: 'disclosure',
      why: 'a debt collector discloses that it is one in every communication (Reg F 1006.18(e))',
    });
  }
  if (asksPayment) {
    out.push({
      placeholder: 'timeBarredDisclosure',
      kind: 'disclosure',
      why: 'an out-of-statute debt carries the time-barred disclosure wherever payment is asked',
    });
    out.push({ placeholder: 'paymentUrl', kind: 'placeholder', why: 'paying must be one step away' });
  }
  if (asksPayment && channel === 'email' && senders.includes('agency')) {
    out.push({
      placeholder: 'validationNotice',
      kind: 'disclosure',
      why: "the agency's first communication may have to carry the validation information (Reg F 1006.34)",
    });
  }
  if (channel === 'sms') {
    out.push({ placeholder: 'senderName', kind: 'placeholder', why: 'an SMS names its sender truthfully' });
  }
  return out;
}
