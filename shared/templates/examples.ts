// Writes docs/messages.md: every kind of message rendered with sample data, so the docs show exactly what a debtor
// reads and cannot drift from the templates (a test compares the file with this generator's output).
//
//   npm exec -- node shared/templates/examples.ts        (regenerate after changing a template)
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CREDITOR_HTML_TAGS } from './creditor-html.ts';
import { COMMON_VALUES, KIND_VALUES, SENDERS_BY_KIND, TEMPLATE_KINDS, type TemplateKind } from './kinds.ts';
import { DEFAULT_SMS_MAX_SEGMENTS } from './lint.ts';
import { LOCALES, type Locale } from './locale.ts';
import { renderMessage, type RenderedEmail, type RenderedSms } from './render.ts';
import { SAMPLE_AGENCY, sampleContext, type SampleOptions } from './sample.ts';
import { renderValidationLetter } from './letter.ts';
import { LINT_RULES } from './types.ts';

export const MESSAGES_DOC = fileURLToPath(new URL('../../docs/messages.md', import.meta.url));

const TITLES: Record<TemplateKind, string> = {
  'soft-reminder': 'Soft reminder',
  escalation: 'Escalation',
  'missed-promise': 'Missed promise',
  'plan-reminder': 'Plan reminder',
  'plan-missed': 'Missed plan payment',
  'third-party': 'Third party',
  'final-notice': 'Final notice',
  'cease-notice': 'Cease notice',
  'thank-you': 'Thank you',
  survey: 'Survey',
};

const PURPOSE: Record<TemplateKind, string> = {
  'soft-reminder': 'The first nudge, in the creditor’s name: the balance may have slipped the debtor’s mind.',
  escalation: 'Later in the creditor’s stage: an open offer of a payment plan.',
  'missed-promise': 'A promised payment did not arrive: no blame, a new date is one reply away.',
  'plan-reminder': 'The next instalment of a payment plan is coming up (the first one also confirms the plan).',
  'plan-missed': 'An instalment did not arrive within the grace period: the plan still stands, a new date is one reply away.',
  'third-party': 'After an approved hand-off: the agency introduces itself and names the original creditor.',
  'final-notice': 'The last reminder of a stage, without threats.',
  'cease-notice': 'After a request to stop all contact: the one message the law still allows, saying collection has stopped.',
  'thank-you': 'A payment arrived.',
  survey: 'One question after a resolution: reply 1–5.',
};

const PLACEHOLDER_DOCS: Record<(typeof COMMON_VALUES)[number], string> = {
  greeting: '“Hi Ana,” / “Hola, Ana:” (“Hello,” / “Hola:” without a name)',
  firstName: 'the debtor’s first name',
  senderName: 'the creditor’s brand name, or the agency’s name',
  creditorName: 'the creditor (the original creditor in the agency’s messages)',
  balance: 'the balance, formatted for the locale and currency',
  paymentUrl: 'the payment link',
  signOff: 'the sender’s sign-off',
  howToReach: '“reply to this email or call (800) 555-0100” (per channel and locale)',
};

const LANGUAGE: Record<Locale, string> = { en: 'English', es: 'Spanish (español)' };

function fence(lang: string, body: string): string {
  const ticks = body.includes('```') ? '````' : '```';
  return `${ticks}${lang}\n${body}\n${ticks}`;
}

/** The message part of an email's HTML, without the page around it. */
function htmlContent(html: string): string {
  const start = html.indexOf('<div style="font-family:');
  const end = html.lastIndexOf('</div>\n<p style="margin:24px 0 0;');
  return start === -1 || end === -1 ? html : html.slice(start, end + '</div>'.length);
}

function smsInfo(sms: RenderedSms): string {
  return `${sms.size.segments} segment${sms.size.segments === 1 ? '' : 's'}, ${sms.size.encoding}, ${sms.size.units} ${sms.size.encoding === 'GSM-7' ? 'septets' : 'UTF-16 units'}`;
}

function emailSection(email: RenderedEmail, fullHtml = false): string[] {
  return [
    `**Email** · template \`${email.template}\` · subject: “${email.subject}”`,
    '',
    fence('text', email.text),
    '',
    `<details><summary>HTML${fullHtml ? ' (the whole document)' : ' (the message part; the page around it is shown under Soft reminder)'}</summary>`,
    '',
    fence('html', fullHtml ? email.html : htmlContent(email.html)),
    '',
    '</details>',
  ];
}

function smsSection(sms: RenderedSms): string[] {
  return [`**SMS** · template \`${sms.template}\` · ${smsInfo(sms)}`, '', fence('text', sms.body)];
}

function render(options: SampleOptions & { channel: 'email' }): RenderedEmail;
function render(options: SampleOptions & { channel: 'sms' }): RenderedSms;
function render(options: SampleOptions): RenderedEmail | RenderedSms {
  return renderMessage(sampleContext(options));
}

function senderNote(kind: TemplateKind): string {
  const senders = SENDERS_BY_KIND[kind];
  if (senders.length === 2) return 'Sent by the creditor or, after a hand-off, by the agency. Shown as sent by the creditor.';
  return senders[0] === 'agency'
    ? 'Sent by the agency under its own identity. Shown as its first message (full debt-collector statement and the validation information).'
    : 'Sent by the creditor, under its brand.';
}

/** The whole of docs/messages.md. */
export function messagesMarkdown(): string {
  const out: string[] = [
    '# Messages',
    '',
    '<!-- Generated by `npm exec -- node shared/templates/examples.ts` from shared/templates. Do not edit by hand: test/unit/templates-docs.test.ts checks that this file matches the generator. -->',
    '',
    'What a debtor reads, for every kind of message, rendered from the real templates with sample data: Acme Energy is the',
    'creditor, Northwind Recovery the agency after a hand-off, and Ana owes $1,234.50. Names, numbers and links are made up.',
    '',
    '## How a message is put together',
    '',
    '- **One entry point.** `renderMessage(context)` in `shared/templates/render.ts` picks the template for the kind, the',
    '  channel and the account’s language (BCP 47 such as `es-US`; English when we have no templates in it), fills it with',
    '  the account’s values and the sender’s brand, and adds the disclosures.',
    '- **Brand.** First-party messages carry the creditor’s name, logo, colours, postal address, support phone and sign-off.',
    '  Third-party messages carry only the agency’s identity; the creditor is named as the original creditor.',
    '- **Disclosures come from code**, never from a template. A template only says where each goes, with a placeholder:',
    '  - `{{optOut}}`: how to opt out, in every email and SMS (Reg F 1006.6(e)).',
    '  - `{{debtCollectorDisclosure}}`: in every message the agency sends (1006.18(e)): the full statement in its initial',
    '    communication, the short one after. Empty in the creditor’s messages.',
    '  - `{{validationNotice}}`: the validation information (1006.34, modelled on Model Form B-1) in the agency’s first email.',
    '    A Spanish email carries the Spanish notice and the English one (1006.34(e)).',
    '  - `{{timeBarredDisclosure}}`: where the creditor’s data marks the debt as out of statute, in every message that asks',
    '    for payment, in the model language the CFPB proposed for 1006.26(c).',
    '- **Escaping.** Every value is reduced to one line and HTML-escaped in the HTML part. Amounts and dates are written for',
    '  the account’s locale and currency.',
    '',
    '## Placeholders',
    '',
    '| placeholder | what it becomes |',
    '| --- | --- |',
    ...COMMON_VALUES.map((name) => `| \`{{${name}}}\` | ${PLACEHOLDER_DOCS[name]} |`),
    ...Object.entries(KIND_VALUES).flatMap(([kind, names]) =>
      (names ?? []).map((n) => `| \`{{${n}}}\` | ${kind} only: ${n === 'installmentAmount' ? 'the next instalment' : 'its due date'} |`),
    ),
    '| `{{optOut}}`, `{{debtCollectorDisclosure}}`, `{{timeBarredDisclosure}}`, `{{validationNotice}}` | the disclosures above (not in a subject; no validation notice in an SMS) |',
    '',
    `A link is written \`[label]({{paymentUrl}})\`: alone in its paragraph it becomes a button in HTML and “label: URL” in`,
    'text. Paragraphs are separated by blank lines. A paragraph that renders empty (a disclosure that does not apply) is dropped.',
    '',
    '## A creditor’s own templates',
    '',
    'A creditor can replace any of our templates except the agency’s third-party ones, per kind, locale and channel. What it',
    'leaves out falls back to ours. The profile carries them as:',
    '',
    fence(
      'json',
      JSON.stringify(
        {
          'soft-reminder': {
            en: {
              email: {
                subject: 'Your {{senderName}} balance',
                text: '{{greeting}}\n\nYour balance is {{balance}}.\n\n[Pay now]({{paymentUrl}})\n\n{{signOff}}\n\n{{timeBarredDisclosure}}\n\n{{optOut}}',
                html: '<p>Optional. Without it, the HTML is made from the text.</p> … {{optOut}}',
              },
              sms: { body: '{{senderName}}: your balance is {{balance}}. Pay at {{paymentUrl}} {{timeBarredDisclosure}} {{optOut}}' },
            },
          },
        },
        null,
        2,
      ),
    ),
    '',
    '`validateTemplateOverrides(overrides)` checks the format and runs the linter; `templateOverridesSchema` (zod) does the',
    'same inside a schema. The creditor profile lints its templates with its own brand: its names, and its domains for links.',
    '',
    '### What a creditor’s HTML may contain',
    '',
    `An email’s \`html\` part may use these elements only: ${CREDITOR_HTML_TAGS.map((t) => `\`<${t}>\``).join(', ')}, and one`,
    'attribute: `href` on `<a>`. No `style` or `class` (they could hide the opt-out or restyle the disclosures: our layout',
    'styles the message), no event handler, no image, table, form, script or frame. The linter refuses anything else',
    '(`unsafe-html`), naming it; the renderer sanitizes the HTML again with the same allowlist (sanitize-html) before',
    'filling it, so nothing else reaches a debtor even from a template that never went through the linter.',
    '',
    'Links go to `{{paymentUrl}}`, to an https page on one of the creditor’s own domains, or to a `mailto:` address at one',
    '(subject and body only). Its domains are those of `brand.paymentUrl` and `brand.senderEmail` and any listed in',
    '`brand.linkDomains`, each with its subdomains. Anything else (`invalid-link`) is refused, and so is an off-domain',
    'URL in a `[label](…)` link or written out in any part, which mail clients and phones turn into a link. The opt-out',
    'link is ours: `{{optOut}}`.',
    '',
    'The linter reads an HTML part as a debtor does: entities decoded (`co&#117;rt` is “court”), tags stripped, the text of',
    'removed elements dropped, invisible characters such as soft hyphens ignored; the tone rules run on that text. It',
    'also renders the sample message and checks that every disclosure placeholder the HTML carries still shows once the',
    'HTML is sanitized (`hidden-disclosure`: not in a comment, an attribute or a removed element such as `<style>`).',
    '',
    '## The linter',
    '',
    `Every built-in template (each kind × locale × channel) passes it in \`npm test\`, and so must every creditor template. Rules:`,
    '',
    ...LINT_RULES.map((rule) => `- \`${rule}\`${LINT_DESCRIPTIONS[rule]}`),
    '',
    `SMS length counts segments as carriers do: GSM-7 (160 septets in one segment, 153 each when concatenated; € [ ] { } ^ ~ | \\`,
    `cost two) unless one character needs UCS-2 (70, then 67). The limit is ${DEFAULT_SMS_MAX_SEGMENTS} segments, measured with every`,
    'disclosure that can apply. Spanish texts avoid á, í, ó and ú (choosing words without them) to stay in GSM-7.',
    '',
  ];
  for (const kind of TEMPLATE_KINDS) {
    out.push(`## ${TITLES[kind]} (\`${kind}\`)`, '', PURPOSE[kind], senderNote(kind), '');
    for (const locale of LOCALES) {
      out.push(`### ${LANGUAGE[locale]}`, '');
      out.push(...emailSection(render({ kind, locale, channel: 'email' }), kind === 'soft-reminder' && locale === 'en'), '');
      out.push(...smsSection(render({ kind, locale, channel: 'sms' })), '');
    }
  }

  out.push(
    '## Disclosures in other situations',
    '',
    'The agency’s later messages carry the short debt-collector statement:',
    '',
    ...smsSection(render({ kind: 'third-party', channel: 'sms', touchNumber: 2 })),
    '',
    ...smsSection(render({ kind: 'missed-promise', channel: 'sms', sender: 'agency', touchNumber: 2, locale: 'es' })),
    '',
    'A debt the creditor marks as out of statute carries the time-barred disclosure:',
    '',
    ...smsSection(render({ kind: 'soft-reminder', channel: 'sms', timeBarred: true })),
    '',
    ...smsSection(render({ kind: 'third-party', channel: 'sms', timeBarred: true, locale: 'es-US' })),
    '',
    ...letterSection(),
  );
  return out.join('\n');
}

/** The validation notice on paper, for a debtor without email: mailed by Send just before the agency's first text. */
function letterSection(): string[] {
  const { validation } = sampleContext({ kind: 'third-party', channel: 'email', sender: 'agency' });
  const letter = renderValidationLetter({
    agency: { name: SAMPLE_AGENCY.name, address: SAMPLE_AGENCY.address!, email: SAMPLE_AGENCY.email, phone: SAMPLE_AGENCY.phone! },
    creditorName: 'Acme Energy',
    debtorName: 'Ana Flores',
    debtorAddress: { line1: '1 Market St', city: 'San Francisco', state: 'CA', zip: '94105' },
    currency: 'USD',
    mailedOn: '2026-03-09',
    validation: { ...validation!, disputeUrl: undefined },
  });
  return [
    '## The validation notice by letter',
    '',
    'A debtor the agency cannot email (no address, opted out or unreachable) but can write to gets the notice by letter,',
    'mailed just before the agency’s first text, from the same itemization and in the same words, answered by writing',
    'back. The print service receives it as an HTML page; its text reads:',
    '',
    `\`${letter.template}\``,
    '',
    fence('text', letter.text),
    '',
  ];
}

const LINT_DESCRIPTIONS: Record<(typeof LINT_RULES)[number], string> = {
  'invalid-format': ': the overrides object is not in the format above.',
  'missing-disclosure':
    ': a disclosure placeholder the template needs is missing (`{{optOut}}` everywhere; the others where they can apply).',
  'hidden-disclosure':
    ': an email’s own HTML has the disclosure placeholder, but the sample message rendered from it does not show it (in a comment, an attribute or a removed element).',
  'missing-placeholder': ': `{{paymentUrl}}` in a message that asks for payment, `{{senderName}}` in every SMS.',
  'unknown-placeholder': ': a placeholder we do not know, or one this kind does not have.',
  'malformed-placeholder': ': braces that do not form a placeholder, such as `{name}` or a stray `{{`.',
  'misplaced-placeholder': ': a disclosure in a subject, a validation notice in an SMS or inside a sentence.',
  'accusatory-language': ': a word or phrase from the list in `shared/templates/data/tone.json` (English and Spanish).',
  shouting: ': a word in capitals (keywords such as STOP aside) or a run of exclamation marks.',
  'unsafe-html': ': in an HTML part, an element or attribute outside the allowlist above (scripts, images, event handlers, styles…).',
  'invalid-link':
    ': a link to something other than a URL placeholder or an https URL; in a creditor’s template, one off its own domains (above).',
  'sms-too-long': ': an SMS over the segment limit.',
  'itemization-does-not-add-up':
    ': a validation notice (email or letter) whose amount on the itemization date, plus interest and fees, less payments and credits, is not the current amount; Send never sends it.',
};

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(MESSAGES_DOC, messagesMarkdown());
  console.log(`wrote ${MESSAGES_DOC}`);
}
