// A creditor's own templates: the zod schema to plug into the creditor profile (shape and every lint rule).
//
//   templates:
//     soft-reminder:
//       en:
//         email: { subject: "...", text: "...", html: "..." }   # html optional: derived from text
//         sms:   { body: "..." }
//
// Kinds: every kind but third-party (the agency writes as itself). Locales: en, es. Placeholders: see docs/messages.md.
import { z } from 'zod';
import { lintOverrides } from './lint.ts';
import { templateOverridesShape } from './overrides-shape.ts';
import type { TemplateOverrides } from './types.ts';

export { validateTemplateOverrides } from './lint.ts';
export { emailTemplateSchema, localeTemplatesSchema, smsTemplateSchema, templateOverridesShape } from './overrides-shape.ts';

const PART_KEYS: Record<string, string[]> = { subject: ['email', 'subject'], text: ['email', 'text'], html: ['email', 'html'], body: ['sms', 'body'] };

/** The overrides object, validated: a problem becomes an issue at the offending template part. */
export const templateOverridesSchema: z.ZodType<TemplateOverrides, z.input<typeof templateOverridesShape>> =
  templateOverridesShape.superRefine((value, ctx) => {
    for (const problem of lintOverrides(value)) {
      const [kind, , locale] = problem.template.split('.');
      ctx.addIssue({
        code: 'custom',
        message: problem.message,
        path: [kind as string, locale as string, ...(PART_KEYS[problem.part ?? ''] ?? [])],
      });
    }
  });
