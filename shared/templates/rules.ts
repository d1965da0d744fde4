// The template rules that need no rendering: placeholders (known, well formed, in the right place, the required ones
// present), tone (data/tone.json), HTML safety (creditor-html.ts) and, in a creditor's templates, where links lead
// (creditor-links.ts). The linter adds the checks that render sample data: SMS length, and disclosures left visible.
import type { Channel } from '../accounts/events.ts';
import { sanitizeCreditorHtml } from './creditor-html.ts';
import { bareUrls, creditorLinkProblem } from './creditor-links.ts';
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

export function templateParts(channel: Channel, template: EmailTemplate | SmsTemplate): [TemplatePart, string][] {
  if (channel === 'sms') return [['body', (template as SmsTemplate).body]];
  const email = template as EmailTemplate;
  return [
    ['subject', email.subject],
    ['text', email.text],
    ...(email.html === undefined ? [] : [['html', email.html] as [TemplatePart, string]]),
  ];
}

/**
 * Text as a reader sees it (for HTML, its sanitized visible text: "co&#117;rt" reads "court", a removed element's text
 * is gone), with placeholders and links' targets blanked out, for the tone and link checks. Invisible format
 * characters (a soft hyphen, a zero-width space) are dropped: "co\u00adurt" also reads "court".
 */
function prose(text: string): string {
  return text
    .replace(/\]\([^)\s]*\)/g, '] ')
    .replace(/\{\{[^}]*\}\}/g, ' ')
    .replace(/\p{Cf}/gu, '');
}

/**
 * Every rule except those that render sample data, for one template. `linkDomains`: where a creditor's template may
 * link (creditorLinkDomains); our own templates may link to any https page.
 */
export function staticProblems(
  ref: TemplateRef,
  template: EmailTemplate | SmsTemplate,
  audience: Audience,
  linkDomains: readonly string[],
): LintProblem[] {
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
      add(req.kind === 'disclosure' ? 'missing-disclosure' : 'missing-placeholder', part, quote, `"${quote}" is missing: ${req.why}`);
    }

    if (part === 'text') {
      for (const para of paragraphs(source)) {
        const sole = solePlaceholder(para);
        const use = placeholders(para).find((u) => u.name === 'validationNotice');
        if (sole !== 'validationNotice' && use !== undefined) {
          add(
            'misplaced-placeholder',
            part,
            quoteAround(para, use.index, use.raw.length, 20),
            '"{{validationNotice}}" must be a paragraph of its own',
          );
        }
      }
    }

    if (part !== 'html') {
      for (const token of tokenize(source)) {
        if (token.type !== 'link') continue;
        if ('placeholder' in token.target) {
          if (URL_VALUES.includes(token.target.placeholder)) continue;
          add(
            'invalid-link',
            part,
            `[${token.label}]({{${token.target.placeholder}}})`,
            `a link must point at ${URL_VALUES.map((u) => `{{${u}}}`).join(' or ')} or an https URL`,
          );
        } else if (audience === 'creditor') {
          const quote = `[${token.label}](${token.target.url})`;
          const reason = creditorLinkProblem(token.target.url, linkDomains);
          if (reason !== undefined) add('invalid-link', part, quote, `"${quote}": ${reason}`);
        }
      }
    }

    const sanitized = part === 'html' ? sanitizeCreditorHtml(source, linkDomains) : undefined;
    for (const removed of sanitized?.removed ?? []) add(removed.rule, part, removed.quote, removed.message);

    const text = prose(sanitized?.visibleText ?? source);
    if (audience === 'creditor') {
      for (const url of bareUrls(text)) {
        const reason = creditorLinkProblem(url, linkDomains);
        if (reason !== undefined) add('invalid-link', part, url, `"${url}" (a written-out URL becomes a link): ${reason}`);
      }
    }

    for (const finding of toneFindings(text)) {
      if (finding.rule === 'accusatory-language') {
        add(
          'accusatory-language',
          part,
          finding.quote,
          `"${finding.quote}" is accusatory or threatening (matches "${finding.term}" in data/tone.json)`,
        );
      } else {
        add('shouting', part, finding.quote, `"${finding.quote}" reads as shouting`);
      }
    }
  }
  return problems;
}
