// The shape of a creditor's template overrides (no linting): see overrides.ts for the schema a profile plugs in.
import * as z from 'zod';
import { OVERRIDABLE_KINDS } from './kinds.ts';
import { LOCALES } from './locale.ts';

export const emailTemplateSchema = z.strictObject({
  subject: z.string().trim().min(1).max(250),
  text: z.string().trim().min(1).max(20_000),
  html: z.string().trim().min(1).max(100_000).optional(),
});

export const smsTemplateSchema = z.strictObject({ body: z.string().trim().min(1).max(1_600) });

export const localeTemplatesSchema = z.strictObject({
  email: emailTemplateSchema.optional(),
  sms: smsTemplateSchema.optional(),
});

/** `{ [kind]: { [locale]: { email?: { subject, text, html? }, sms?: { body } } } }`, shape only. */
export const templateOverridesShape = z.partialRecord(z.enum(OVERRIDABLE_KINDS), z.partialRecord(z.enum(LOCALES), localeTemplatesSchema));
