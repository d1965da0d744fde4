// The template rules that need no rendering: placeholders (known, well formed, in the right place, the required ones
// present), tone (data/tone.json) and HTML safety. The linter adds the SMS length check, which renders sample data.
import type { Channel } from '../accounts/events.ts';
import {
  COMMON_VALUES,
  KIND_VALUES,
  SLOTS,
  URL_VALUES,
  allowedPlaceholders,
  requiredPlaceholders,
  type Audience,
  type TemplatePart,
} from './kinds.ts';
import { malformedPlaceholders, paragraphs, placeholders, quoteAround, solePlaceholder, tokenize } from './syntax.ts';
import { toneFindings } from './tone.ts';
import { templateName, type EmailTemplate, type LintProblem, type SmsTemplate, type TemplateRef } from './types.ts';

const KNOWN = new Set<string>([...COMMON_VALUES, ...Object.values(KIND_VALUES).flat(), ...SLOTS]);

const UNSAFE_HTML: readonly { pattern: RegExp; what: string }[] = [
  { pattern: /<\s*(script|iframe|object|embed|form|input|button|meta|link|base|frame|frameset|svg|math)\b[^>]*>?/gi, what: 'an element email clients block or that can run code' },
  { pattern: /\son[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, what: 'an event-handler attribute' },
  { pattern: /\b(javascript|vbscript)\s*:[^"'\s>]*|\bdata:text\/html[^"'\s>]*/gi, what: 'a script URL' },
];

export function templateParts(channel: Channel, template: EmailTemplate | SmsTemplate): [TemplatePart, string][] {
  if (channel === 'sms') return [['body', (template as SmsTemplate).body]];
  const email = template as EmailTemplate;
  return [['subject', email.subject], ['text', email.text], ...(email.html === undefined ? [] : [['html', email.html] as [TemplatePart, string]])];
}

/** Template text with placeholders, links' targets and (for HTML) tags blanked out, for the tone check. */
function prose(source: string, part: TemplatePart): string {
  let text = part === 'html' ? source.replace(/<[^>]*>/g, ' ').replace(/&nbsp;/g, ' ') : source;
  text = text.replace(/\]\([^)\s]*\)/g, '] ');
  return text.replace(/\{\{[^}]*\}\}/g, ' ');
}

/** Every rule except the SMS length, for one template. */
export function staticProblems(ref: TemplateRef, template: EmailTemplate | SmsTemplate, audience: Audience): LintProblem[] {
  const name = templateName(ref);
  const problems: LintProblem[] = [];
  const add = (rule: LintProblem['rule'], part: TemplatePart, quote: string, message: string) =>
    problems.push({ rule, template: name, part, quote, message: `${name} ${part}: ${message}` });

  for (const [part, source] of templateParts(ref.channel, template)) {
    for (const quote of malformedPlaceholders(source)) {
      add('malformed-placeholder', part, quote, `"${quote}" is not a placeholder; write placeholders as {{name}}`);
    }

    const allowed = allowedPlaceholders(ref.kind, ref.channel, part);
    const used = placeholders(source);
    for (const use of used) {
      if (allowed.has(use.name)) continue;
      if (!KNOWN.has(use.name)) {
        add('unknown-placeholder', part, use.raw, `"${use.raw}" is not a placeholder we know (${[...allowed].sort().join(', ')})`);
      } else {
        add('misplaced-placeholder', part, use.raw, `"${use.raw}" cannot be used in the ${part} of a ${ref.kind} ${ref.channel}`);
      }
    }

    const names = new Set(used.map((u) => u.name));
    for (const req of requiredPlaceholders(ref.kind, ref.channel, part, audience)) {
      if (names.has(req.placeholder)) continue;
      const quote = `{{${req.placeholder}}}`;
      add(
        req.kind === 'disclosure' ? 'missing-disclosure' : 'missing-placeholder',
        part,
        quote,
        `"${quote}" is missing: ${req.why}`,
      );
    }

    if (part === 'text') {
      for (const para of paragraphs(source)) {
        const sole = solePlaceholder(para);
        const use = placeholders(para).find((u) => u.name === 'validationNotice');
        if (sole !== 'validationNotice' && use !== undefined) {
          add('misplaced-placeholder', part, quoteAround(para, use.index, use.raw.length, 20), '"{{validationNotice}}" must be a paragraph of its own');
        }
      }
    }

    if (part !== 'html') {
      for (const token of tokenize(source)) {
        if (token.type !== 'link') continue;
        if ('placeholder' in token.target && !URL_VALUES.includes(token.target.placeholder)) {
          add('invalid-link', part, `[${token.label}]({{${token.target.placeholder}}})`, `a link must point at ${URL_VALUES.map((u) => `{{${u}}}`).join(' or ')} or an https URL`);
        }
      }
    }

    if (part === 'html') {
      for (const { pattern, what } of UNSAFE_HTML) {
        for (const m of source.matchAll(pattern)) add('unsafe-html', part, m[0], `"${m[0]}" is ${what}`);
      }
    }

    for (const finding of toneFindings(prose(source, part))) {
      if (finding.rule === 'accusatory-language') {
        add('accusatory-language', part, finding.quote, `"${finding.quote}" is accusatory or threatening (matches "${finding.term}" in data/tone.json)`);
      } else {
        add('shouting', part, finding.quote, `"${finding.quote}" reads as shouting`);
      }
    }
  }
  return problems;
}
