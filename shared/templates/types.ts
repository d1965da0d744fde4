// Template shapes, shared by our own templates and a creditor's overrides (the same format: see docs/messages.md).
import type { Channel } from '../accounts/events.ts';
import type { OverridableKind, TemplateKind, TemplatePart } from './kinds.ts';
import type { Locale } from './locale.ts';

export interface EmailTemplate {
  subject: string;
  /** Plain text with placeholders, `[label]({{paymentUrl}})` links and blank lines between paragraphs. */
  text: string;
  /** Optional HTML body content (placed inside the branded layout); derived from `text` when absent. */
  html?: string;
}

export interface SmsTemplate {
  body: string;
}

export interface LocaleTemplates {
  email?: EmailTemplate;
  sms?: SmsTemplate;
}

/** A complete set: every kind, every channel, for one locale. */
export type TemplateSet = Record<TemplateKind, { email: EmailTemplate; sms: SmsTemplate }>;

/**
 * A creditor's own templates: `{ [kind]: { [locale]: { email?: { subject, text, html? }, sms?: { body } } } }`.
 * Anything left out falls back to ours. The agency's third-party messages cannot be overridden.
 */
export type TemplateOverrides = Partial<Record<OverridableKind, Partial<Record<Locale, LocaleTemplates>>>>;

export const LINT_RULES = [
  'invalid-format',
  'missing-disclosure',
  'hidden-disclosure',
  'missing-placeholder',
  'unknown-placeholder',
  'malformed-placeholder',
  'misplaced-placeholder',
  'accusatory-language',
  'shouting',
  'unsafe-html',
  'invalid-link',
  'sms-too-long',
  'itemization-does-not-add-up',
] as const;
export type LintRule = (typeof LINT_RULES)[number];

export interface LintProblem {
  rule: LintRule;
  /** Which template, such as `soft-reminder.sms.es` (or the path of a malformed override). */
  template: string;
  part?: TemplatePart;
  /** The offending text, quoted as written (or the placeholder that is missing). */
  quote: string;
  /** A sentence for a person: what is wrong, with the quote. */
  message: string;
}

export type TemplateRef = { kind: TemplateKind; locale: Locale; channel: Channel };

export function templateName(ref: TemplateRef): string {
  return `${ref.kind}.${ref.channel}.${ref.locale}`;
}
