// Filling a template as plain text: the email's subject and text part, and the SMS body. Values and slots go in as
// text; a `[label](url)` link becomes "label: url".
import { checkUrl, oneLine } from './clean-values.ts';
import type { Slot } from './kinds.ts';
import type { ResolvedContext } from './resolve-context.ts';
import { paragraphs, tokenize, type Token } from './syntax.ts';
import type { EmailTemplate, SmsTemplate } from './types.ts';

export function isSlot(name: string, r: ResolvedContext): name is Slot {
  return name in r.slots;
}

export function value(name: string, r: ResolvedContext): string {
  const v = r.values[name];
  // The linter and the renderer's check admit only known placeholders, so this is a programming error.
  if (v === undefined) throw new Error(`no value for {{${name}}} in ${r.kind}`);
  return v;
}

export function linkUrl(token: Extract<Token, { type: 'link' }>, r: ResolvedContext): string {
  return 'placeholder' in token.target ? value(token.target.placeholder, r) : checkUrl(token.target.url, 'template link').href;
}

export function fillText(source: string, r: ResolvedContext): string {
  return tokenize(source)
    .map((t) => {
      if (t.type === 'literal') return t.text;
      if (t.type === 'link') return `${t.label}: ${linkUrl(t, r)}`;
      return isSlot(t.name, r) ? r.slots[t.name].text : value(t.name, r);
    })
    .join('');
}

/** The email's subject: one line. */
export function emailSubject(template: EmailTemplate, r: ResolvedContext): string {
  return oneLine(fillText(template.subject, r));
}

/** The email's text part: its non-empty paragraphs, then the footer. */
export function emailText(template: EmailTemplate, r: ResolvedContext): string {
  const out = paragraphs(template.text)
    .map((para) => fillText(para, r).trim())
    .filter((para) => para !== '');
  return [...out, '--', r.footer].join('\n\n');
}

export function smsBody(template: SmsTemplate, r: ResolvedContext): string {
  return oneLine(fillText(template.body, r));
}
