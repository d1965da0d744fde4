// A creditor's own templates: the zod schema (shape and every lint rule), and how a schema that knows the creditor's
// brand (the creditor profile's) reports lint problems at the offending template part.
//
//   templates:
//     soft-reminder:
//       en:
//         email: { subject: "...", text: "...", html: "..." }   # html optional: derived from text
//         sms:   { body: "..." }
//
// Kinds: every kind but third-party (the agency writes as itself). Locales: en, es. Placeholders: see docs/messages.md.
import type * as z from 'zod';
import { lintOverrides } from './lint.ts';
import { templateOverridesShape } from './overrides-shape.ts';
import type { LintProblem, TemplateOverrides } from './types.ts';

export { validateTemplateOverrides } from './lint.ts';
export { emailTemplateSchema, localeTemplatesSchema, smsTemplateSchema, templateOverridesShape } from './overrides-shape.ts';

const PART_KEYS: Record<string, string[]> = {
  subject: ['email', 'subject'],
  text: ['email', 'text'],
  html: ['email', 'html'],
  body: ['sms', 'body'],
};

/** Each lint problem as an issue at the offending template part, under `path` (where the overrides object sits). */
export function addLintIssues(problems: readonly LintProblem[], ctx: z.RefinementCtx, path: readonly PropertyKey[] = []): void {
  for (const problem of problems) {
    const [kind, , locale] = problem.template.split('.');
    ctx.addIssue({
      code: 'custom',
      message: problem.message,
      path: [...path, kind as string, locale as string, ...(PART_KEYS[problem.part ?? ''] ?? [])],
    });
  }
}

/**
 * The overrides object, validated as the sample creditor's (its names for the SMS length, its domains for links): a
 * problem becomes an issue at the offending template part. The creditor profile lints them with its own brand instead.
 */
export const templateOverridesSchema: z.ZodType<
  TemplateOverrides,
  z.input<typeof templateOverridesShape>
> = templateOverridesShape.superRefine((value, ctx) => addLintIssues(lintOverrides(value), ctx));
