// Which template a message is filled from, and its stable id: the creditor's own for its kind, locale and channel when
// it has one, ours otherwise; the agency's messages always use ours. A creditor's template is checked against the lint
// rules here too: a context's overrides need not have come through the profile schema.
import { createHash } from 'node:crypto';
import type { Channel } from '../accounts/events.ts';
import { EN } from './builtin/en.ts';
import { ES } from './builtin/es.ts';
import { OVERRIDABLE_KINDS, type OverridableKind, type TemplateKind } from './kinds.ts';
import type { Locale } from './locale.ts';
import type { ResolvedContext } from './resolve-context.ts';
import { staticProblems } from './rules.ts';
import type { EmailTemplate, SmsTemplate, TemplateSet } from './types.ts';

const BUILT_IN: Readonly<Record<Locale, TemplateSet>> = { en: EN, es: ES };

/** Our template for a kind, locale and channel. */
export function builtInTemplate(kind: TemplateKind, locale: Locale, channel: 'email'): EmailTemplate;
export function builtInTemplate(kind: TemplateKind, locale: Locale, channel: 'sms'): SmsTemplate;
export function builtInTemplate(kind: TemplateKind, locale: Locale, channel: Channel): EmailTemplate | SmsTemplate;
export function builtInTemplate(kind: TemplateKind, locale: Locale, channel: Channel): EmailTemplate | SmsTemplate {
  return BUILT_IN[locale][kind][channel];
}

/** The stable id of one of our templates, such as `soft-reminder.email.es.v1`. */
export function templateId(kind: TemplateKind, channel: Channel, locale: Locale): string {
  return `${kind}.${channel}.${locale}.v1`;
}

/** The id of a creditor's template: its content's digest, so a changed template gets a new id. */
function overrideId(kind: TemplateKind, channel: Channel, locale: Locale, template: EmailTemplate | SmsTemplate): string {
  const canonical = 'body' in template ? [template.body] : [template.subject, template.text, template.html ?? null];
  const digest = createHash('sha256').update(JSON.stringify(canonical)).digest('hex').slice(0, 8);
  return `${kind}.${channel}.${locale}.creditor-${digest}`;
}

function isOverridable(kind: TemplateKind): kind is OverridableKind {
  return (OVERRIDABLE_KINDS as readonly TemplateKind[]).includes(kind);
}

export interface ChosenTemplate {
  template: EmailTemplate | SmsTemplate;
  id: string;
}

/** The creditor's template for this message, checked; undefined when it has none (or the agency sends). */
function overrideFor(r: ResolvedContext): ChosenTemplate | undefined {
  if (r.senderKind !== 'creditor' || r.overrides === undefined || !isOverridable(r.kind)) return undefined;
  const template = r.overrides[r.kind]?.[r.locale]?.[r.channel];
  if (template === undefined) return undefined;
  const ok =
    r.channel === 'sms'
      ? typeof (template as SmsTemplate).body === 'string'
      : typeof (template as EmailTemplate).subject === 'string' &&
        typeof (template as EmailTemplate).text === 'string' &&
        ['string', 'undefined'].includes(typeof (template as EmailTemplate).html);
  const ref = { kind: r.kind, locale: r.locale, channel: r.channel };
  const problems = ok ? staticProblems(ref, template, 'creditor', r.linkDomains) : [];
  if (!ok || problems.length > 0) {
    const detail = ok ? problems.map((p) => p.message).join('; ') : 'it is not in the template format';
    throw new Error(`The creditor's ${r.kind}.${r.channel}.${r.locale} template cannot be used: ${detail}`);
  }
  return { template, id: overrideId(r.kind, r.channel, r.locale, template) };
}

export function chooseTemplate(r: ResolvedContext): ChosenTemplate {
  return overrideFor(r) ?? { template: builtInTemplate(r.kind, r.locale, r.channel), id: templateId(r.kind, r.channel, r.locale) };
}
