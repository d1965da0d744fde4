// The template linter: every rule in rules.ts (disclosures and opt-out present, placeholders known and well formed,
// tone, HTML safety, links) plus two checks that render the template with sample data: the SMS length, in its longest
// form (time-barred, and the full debt-collector statement where the agency's initial communication can be) counted in
// segments as carriers do; and, for an email's own HTML, that the sanitized HTML still shows every disclosure.
// `npm test` runs it over every built-in template; creditor overrides go through validateTemplateOverrides.
import type { Channel } from '../accounts/events.ts';
import { creditorLinkDomains } from './creditor-links.ts';
import { fillCreditorHtml } from './fill-html.ts';
import { MESSAGE_CHANNELS, OVERRIDABLE_KINDS, TEMPLATE_KINDS, sendersFor, type Audience, type TemplateKind } from './kinds.ts';
import { LOCALES, type Locale } from './locale.ts';
import { templateOverridesShape } from './overrides-shape.ts';
import { renderTemplate } from './render.ts';
import { resolveContext } from './resolve-context.ts';
import { staticProblems } from './rules.ts';
import { SAMPLE_CREDITOR, SAMPLE_PAYMENT_URL, sampleContext, type SampleProfile } from './sample.ts';
import { placeholders } from './syntax.ts';
import { smsSize } from './sms.ts';
import { builtInTemplate } from './template-choice.ts';
import { itemizationAddsUp, type ValidationInfo } from './validation.ts';
import { templateName, type EmailTemplate, type LintProblem, type SmsTemplate, type TemplateOverrides } from './types.ts';

/** SMS bodies may take at most this many segments (3 × 153 GSM-7 characters, or 3 × 67 UCS-2 ones). */
export const DEFAULT_SMS_MAX_SEGMENTS = 3;

export interface LintOptions {
  smsMaxSegments?: number;
  /** Sample names and links from this creditor's profile instead of ours (for its own overrides). */
  profile?: SampleProfile;
  /** Where a creditor's templates may link, when not the profile's (or the sample creditor's) domains. */
  linkDomains?: readonly string[];
}

function smsLengthProblems(
  kind: TemplateKind,
  locale: Locale,
  template: SmsTemplate,
  audience: Audience,
  options: LintOptions,
): LintProblem[] {
  const max = options.smsMaxSegments ?? DEFAULT_SMS_MAX_SEGMENTS;
  const name = templateName({ kind, locale, channel: 'sms' });
  const problems: LintProblem[] = [];
  for (const sender of sendersFor(kind, audience)) {
    const ctx = sampleContext({
      kind,
      locale,
      channel: 'sms',
      sender,
      timeBarred: true,
      touchNumber: 1,
      ...(options.profile === undefined ? {} : { profile: options.profile }),
    });
    // The full debt-collector statement goes in the agency's initial communication, which is a third-party message.
    const rendered = renderTemplate({ ...ctx, initialCommunication: kind === 'third-party' }, template, name);
    if (rendered.channel !== 'sms') continue;
    const size = smsSize(rendered.body);
    if (size.segments <= max) continue;
    const why =
      size.encoding === 'UCS-2'
        ? `UCS-2, because of ${size.nonGsmCharacters.map((c) => `"${c}"`).join(', ')}: ${size.units} units`
        : `GSM-7: ${size.units} septets`;
    problems.push({
      rule: 'sms-too-long',
      template: name,
      part: 'body',
      quote: rendered.body,
      message: `${name} body: "${rendered.body}" takes ${size.segments} segments (${why}) when sent by the ${sender} with every disclosure; the limit is ${max}`,
    });
  }
  return problems;
}

/**
 * Disclosures an email's own HTML carries but does not show: rendered with sample data (time-barred, so every
 * disclosure applies), a placeholder the sanitizer removed with its element (a comment, <style>, an attribute) is lost.
 */
function hiddenDisclosureProblems(
  kind: TemplateKind,
  locale: Locale,
  html: string,
  audience: Audience,
  options: LintOptions,
): LintProblem[] {
  const name = templateName({ kind, locale, channel: 'email' });
  const written = new Set(placeholders(html).map((p) => p.name));
  const hidden = new Set<string>();
  for (const sender of sendersFor(kind, audience)) {
    const ctx = sampleContext({
      kind,
      locale,
      channel: 'email',
      sender,
      timeBarred: true,
      ...(options.profile === undefined ? {} : { profile: options.profile }),
    });
    for (const slot of fillCreditorHtml(html, resolveContext(ctx)).unplaced) if (written.has(slot)) hidden.add(slot);
  }
  return [...hidden].map((slot) => ({
    rule: 'hidden-disclosure',
    template: name,
    part: 'html',
    quote: `{{${slot}}}`,
    message: `${name} html: "{{${slot}}}" does not show in the message: it is inside a comment, an attribute or an element that is removed (such as <style>, <script>, <title> or <svg>), and a disclosure must be visible`,
  }));
}

/** Where a template may link: the domains given, else the creditor's from its profile, else the sample creditor's. */
function lintLinkDomains(options: LintOptions): readonly string[] {
  return options.linkDomains ?? creditorLinkDomains(options.profile?.brand ?? { ...SAMPLE_CREDITOR, paymentUrl: SAMPLE_PAYMENT_URL });
}

/** Lints one template. `audience` is `builtin` for ours, `creditor` for a creditor's override. */
export function lintTemplate(
  kind: TemplateKind,
  locale: Locale,
  channel: Channel,
  template: EmailTemplate | SmsTemplate,
  audience: Audience = 'builtin',
  options: LintOptions = {},
): LintProblem[] {
  const problems = staticProblems({ kind, locale, channel }, template, audience, lintLinkDomains(options));
  // Rendering needs a renderable template: unknown or misplaced placeholders are reported above instead.
  const renderable = !problems.some((p) => ['unknown-placeholder', 'misplaced-placeholder', 'invalid-link'].includes(p.rule));
  if (!renderable) return problems;
  if (channel === 'sms') problems.push(...smsLengthProblems(kind, locale, template as SmsTemplate, audience, options));
  const html = channel === 'email' ? (template as EmailTemplate).html : undefined;
  if (html !== undefined) problems.push(...hiddenDisclosureProblems(kind, locale, html, audience, options));
  return problems;
}

/**
 * A validation notice whose itemization does not add up to the current amount is never sent (Reg F 1006.34(c)(2)):
 * Send asks this before an email or letter carries one. The figures stay out of the problem, as any debtor's do.
 */
export function lintValidationNotice(info: ValidationInfo): LintProblem[] {
  if (itemizationAddsUp(info)) return [];
  return [
    {
      rule: 'itemization-does-not-add-up',
      template: 'validation-notice',
      quote: 'amountOnItemizationMinor + interestMinor + feesMinor - paymentsMinor - creditsMinor',
      message:
        'validation notice: the amount on the itemization date plus interest and fees, less payments and credits, is not the current amount',
    },
  ];
}

/** Lints every built-in template: each kind × locale × channel. */
export function lintBuiltInTemplates(options: LintOptions = {}): LintProblem[] {
  return TEMPLATE_KINDS.flatMap((kind) =>
    LOCALES.flatMap((locale) =>
      MESSAGE_CHANNELS.flatMap((channel) =>
        lintTemplate(kind, locale, channel, builtInTemplate(kind, locale, channel), 'builtin', options),
      ),
    ),
  );
}

/** Lints a creditor's overrides (already in the override shape). */
export function lintOverrides(overrides: TemplateOverrides, options: LintOptions = {}): LintProblem[] {
  const problems: LintProblem[] = [];
  for (const kind of OVERRIDABLE_KINDS) {
    for (const locale of LOCALES) {
      const entry = overrides[kind]?.[locale];
      if (entry === undefined) continue;
      for (const channel of MESSAGE_CHANNELS) {
        const template = entry[channel];
        if (template !== undefined) problems.push(...lintTemplate(kind, locale, channel, template, 'creditor', options));
      }
    }
  }
  return problems;
}

/** Checks a creditor's overrides: the format first, then every lint rule. */
export function validateTemplateOverrides(
  overrides: unknown,
  options: LintOptions = {},
): { ok: true } | { ok: false; problems: LintProblem[] } {
  const parsed = templateOverridesShape.safeParse(overrides);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => {
        const path = issue.path.map(String).join('.') || '(root)';
        const quote = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : path;
        return { rule: 'invalid-format', template: path, quote, message: `${path}: ${issue.message}` } satisfies LintProblem;
      }),
    };
  }
  const problems = lintOverrides(parsed.data, options);
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}
