// Renders one message: a template (ours, or the creditor's own) filled with the account's values, the brand of whoever
// sends it, and the disclosures the code assembles. Pure: the same context always gives the same message.
//
// - Every message names its sender truthfully: the creditor's brand in first-party kinds, the agency's own identity in
//   third-party ones (which name the creditor only as the original creditor and carry the debt-collector disclosure).
// - Every message carries an opt-out (Reg F 1006.6(e)): the SMS opt-out line, or the unsubscribe line in both email parts.
// - Disclosures come from code, never from a template: the debt-collector statement (full in the agency's initial
//   communication, short after), the validation information (Reg F 1006.34, in the email), and the time-barred
//   disclosure. A template only says where they go.
// - Every interpolated value is reduced to one line of text and HTML-escaped where it lands in HTML.
//
// The steps: resolve-context.ts checks the context (the sender through message-sender.ts, the disclosures through
// disclosures.ts), template-choice.ts picks the template, fill-text.ts and fill-html.ts fill it, layout.ts wraps the HTML.
import { emailHtml } from './fill-html.ts';
import { emailSubject, emailText, smsBody } from './fill-text.ts';
import { emailDocument } from './layout.ts';
import type { Locale } from './locale.ts';
import type { MessageContext } from './message-context.ts';
import { resolveContext, type ResolvedContext } from './resolve-context.ts';
import { smsSize, type SmsSize } from './sms.ts';
import { chooseTemplate } from './template-choice.ts';
import type { EmailTemplate, SmsTemplate } from './types.ts';

export { escapeHtml } from './layout.ts';
export type { TemplateKind } from './kinds.ts';
export type { MessageContext } from './message-context.ts';
export { creditorSender } from './senders.ts';
export { templateId } from './template-choice.ts';

export type RenderedEmail = {
  channel: 'email';
  subject: string;
  html: string;
  text: string;
  /** Stable id of the template used, such as `soft-reminder.email.es.v1` (or `….creditor-1a2b3c4d` for an override). */
  template: string;
  locale: Locale;
  /** Who the email is from, when the sender has an address. */
  from?: { name: string; address: string };
};
export type RenderedSms = { channel: 'sms'; body: string; template: string; locale: Locale; size: SmsSize };

/** Renders the message for one touch. Throws on a context that would produce an untruthful or unsafe message. */
export function renderMessage(ctx: MessageContext & { channel: 'email' }): RenderedEmail;
export function renderMessage(ctx: MessageContext & { channel: 'sms' }): RenderedSms;
export function renderMessage(ctx: MessageContext): RenderedEmail | RenderedSms;
export function renderMessage(ctx: MessageContext): RenderedEmail | RenderedSms {
  const r = resolveContext(ctx);
  const chosen = chooseTemplate(r);
  return fill(r, chosen.template, chosen.id);
}

/** Renders a given template against a context. The linter uses it with sample data; everyone else calls renderMessage. */
export function renderTemplate(ctx: MessageContext, template: EmailTemplate | SmsTemplate, id: string): RenderedEmail | RenderedSms {
  return fill(resolveContext(ctx), template, id);
}

function fill(r: ResolvedContext, template: EmailTemplate | SmsTemplate, id: string): RenderedEmail | RenderedSms {
  if (r.hasValidation && !templateHas(template, 'validationNotice')) {
    throw new Error(`validation information cannot go in a ${r.kind} ${r.channel}: its template has no {{validationNotice}}`);
  }
  if (r.channel === 'sms') {
    const body = smsBody(template as SmsTemplate, r);
    return { channel: 'sms', body, template: id, locale: r.locale, size: smsSize(body) };
  }
  const email = template as EmailTemplate;
  const subject = emailSubject(email, r);
  const html = emailDocument({ lang: r.locale, subject, brand: r.brand, content: emailHtml(email, r), sentBy: r.sentBy });
  return {
    channel: 'email',
    subject,
    html,
    text: emailText(email, r),
    template: id,
    locale: r.locale,
    ...(r.from === undefined ? {} : { from: r.from }),
  };
}

function templateHas(template: EmailTemplate | SmsTemplate, name: string): boolean {
  const sources = 'body' in template ? [template.body] : [template.text, ...(template.html === undefined ? [] : [template.html])];
  return sources.every((s) => new RegExp(String.raw`\{\{\s*${name}\s*\}\}`).test(s));
}
