// The creditor profile: brand, strategy and policy. Validated at the boundary; defaults fill what it leaves out.
import { z } from 'zod';
import { zoneClock } from '../compliance/zone-clock.ts';
import { contactPolicySchema } from '../compliance/request-schema.ts';
import { segmentsSchema } from '../strategy/segments.ts';
import { DEFAULT_STRATEGY, strategySchema } from '../strategy/strategy.ts';
import { creditorLinkDomains } from '../templates/creditor-links.ts';
import { lintOverrides, type LintOptions } from '../templates/lint.ts';
import { addLintIssues, templateOverridesShape } from '../templates/overrides.ts';

const hexColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour such as "#0a7d5a"');
const decimalAmount = z.string().regex(/^\d+(\.\d{1,2})?$/, 'a decimal amount such as "250.00"');
const domainName = z
  .string()
  .regex(/^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/i, 'a domain name such as "acme.example"');

const brandSchema = z.object({
  name: z.string().min(1),
  senderName: z.string().min(1),
  senderEmail: z.email(),
  supportPhone: z.string().min(1).optional(),
  paymentUrl: z.url(),
  /** One sign-off, or one per locale ({ "en": …, "es": … }). */
  signOff: z.union([z.string().min(1), z.object({ en: z.string().min(1).optional(), es: z.string().min(1).optional() })]),
  postalAddress: z.string().min(1).optional(),
  logoUrl: z.url({ protocol: /^https$/ }).optional(),
  colors: z.object({ primary: hexColour.optional(), text: hexColour.optional(), background: hexColour.optional() }).optional(),
  /** Domains (and their subdomains) its templates may link to, besides those of paymentUrl and senderEmail. */
  linkDomains: z.array(domainName).max(20).optional(),
});

/**
 * How the creditor's templates are linted: as its own (its names, its domains) once its brand is valid. A brand with
 * mistakes, reported on their own, still says which domains are the creditor's; sample names stand in for its names.
 */
function templateLintOptions(brand: unknown): LintOptions {
  const valid = brandSchema.safeParse(brand);
  if (valid.success) return { profile: { brand: valid.data } };
  const written = typeof brand === 'object' && brand !== null ? (brand as Record<string, unknown>) : {};
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const listed = Array.isArray(written.linkDomains) ? written.linkDomains : [];
  return {
    linkDomains: creditorLinkDomains({
      paymentUrl: text(written.paymentUrl),
      senderEmail: text(written.senderEmail),
      linkDomains: listed.filter((d): d is string => typeof d === 'string'),
    }),
  };
}

/** The self-serve payment plan offered when a debtor asks for one (or tells of hardship). */
export const paymentPlanPolicySchema = z
  .object({
    /** Instalments offered on request. */
    instalments: z.number().int().min(1).max(24).default(3),
    /** Instalments offered to a debtor who tells of hardship. */
    hardshipInstalments: z.number().int().min(1).max(24).default(6),
    /** No instalment smaller than this: a small balance gets fewer instalments. */
    minInstalment: decimalAmount.default('25.00'),
    intervalDays: z.number().int().min(7).max(31).default(30),
    firstDueInDays: z.number().int().min(1).max(31).default(7),
    reminderDaysBefore: z.number().int().min(0).max(7).default(3),
    /** Days after a due date before an unpaid instalment counts as missed. */
    graceDays: z.number().int().min(0).max(15).default(5),
    /** Missed instalments that break the plan. */
    maxMisses: z.number().int().min(1).max(6).default(2),
  })
  .prefault({});
export type PaymentPlanPolicy = z.infer<typeof paymentPlanPolicySchema>;

export const creditorProfileSchema = z
  .object({
    creditorId: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and dashes'),
    brand: brandSchema,
    /**
     * The creditor's own templates; each is linted (tone, disclosures, placeholders, SMS size, HTML, links) with this
     * profile's brand when accepted (below).
     */
    templates: templateOverridesShape.optional(),
    /** E.164 number or sender id the creditor's SMS go out from; also routes inbound replies. */
    smsOriginationNumber: z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/)
      .optional(),
    strategy: strategySchema.default(DEFAULT_STRATEGY),
    /** Champion/challenger: ordered segments, each with weighted strategy variants; accounts no segment matches follow `strategy`. */
    segments: segmentsSchema.optional(),
    policy: z
      .object({
        /** Narrows when the debtor may be contacted: days of week, federal holidays, hours, stricter caps. */
        contact: contactPolicySchema.optional(),
        handoff: z
          .object({
            /** Accounts with a balance below this go to the third-party stage without asking. */
            autoApproveBelow: decimalAmount.optional(),
            approvalTimeoutDays: z.number().min(1).max(30).default(7),
            /** Customer tiers never handed to a third party: such accounts return to the creditor instead. */
            neverHandOffTiers: z.array(z.string().min(1)).default([]),
            /** What happens when the creditor does not answer in time. */
            onTimeout: z.enum(['decline']).default('decline'),
          })
          .prefault({}),
        paymentPlan: paymentPlanPolicySchema,
      })
      .prefault({}),
    /** How the debtor pays on their page: through Tactful's checkout on the creditor's Stripe account, else brand.paymentUrl. */
    payments: z.object({ stripeAccountId: z.string().min(1).optional() }).optional(),
    /** The creditor's daily files cover its own day: midnight to midnight in this IANA zone (UTC unless set). */
    reporting: z
      .object({
        timeZone: z
          .string()
          .refine((zone) => zoneClock(zone) !== null, 'must be an IANA time zone, such as America/New_York')
          .default('UTC'),
      })
      .prefault({}),
  })
  .superRefine(
    (profile, ctx) => {
      if (profile.templates !== undefined)
        addLintIssues(lintOverrides(profile.templates, templateLintOptions(profile.brand)), ctx, ['templates']);
    },
    // The file is validated whole: its templates are linted whenever they are in the right shape, whatever else is wrong.
    {
      when: ({ value }) =>
        typeof value === 'object' &&
        value !== null &&
        templateOverridesShape.optional().safeParse((value as { templates?: unknown }).templates).success,
    },
  );

export type CreditorProfile = z.infer<typeof creditorProfileSchema>;
export type CreditorProfileInput = z.input<typeof creditorProfileSchema>;

export function parseCreditorProfile(input: unknown): CreditorProfile {
  return creditorProfileSchema.parse(input);
}
