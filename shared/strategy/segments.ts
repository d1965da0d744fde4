// Segments and strategy variants (champion/challenger). A profile's segments are ordered rules on the placed account;
// the first that matches applies, and the profile's own `strategy` serves every account that matches none. Each segment
// splits its accounts among weighted variants by a hash of the account id, so an account keeps its variant across
// retries and re-runs. The assignment is recorded once, at enrollment, as a `variant-assigned` event.
import { createHash } from 'node:crypto';
import * as z from 'zod';
import type { AccountState } from '../accounts/fold.ts';
import { strategySchema, type Strategy } from './strategy.ts';

/** Segment and variant of every account no segment matches (and of accounts enrolled before segments existed). */
export const DEFAULT_SEGMENT = 'default';
export const DEFAULT_VARIANT = 'default';

const name = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a name of lower-case letters, digits and dashes (at most 40), such as "sms-first"');
const decimalAmount = z.string().regex(/^\d+(\.\d{1,2})?$/, 'a decimal amount such as "250.00"');
const range = <T extends z.ZodType<string | number>>(bound: T, toNumber: (v: z.infer<T>) => number) =>
  z
    .object({ min: bound.optional(), max: bound.optional() })
    .strict()
    .refine((r) => r.min === undefined || r.max === undefined || toNumber(r.min) <= toNumber(r.max), {
      message: 'min must not exceed max',
      path: ['max'],
    });

/**
 * A partial strategy: any top-level setting, and any field of a stage, replaces the profile's. Derived from the
 * strategy schema so that settings added there can be overridden too; unknown keys are refused (a typo would
 * otherwise silently run the champion's strategy).
 */
export const strategyOverrideSchema = z
  .object(
    Object.fromEntries(Object.entries(strategySchema.shape).map(([key, schema]) => [key, overrideOf(schema as z.ZodType).optional()])),
  )
  .strict() as unknown as z.ZodType<StrategyOverride>;

/** A setting's override: its default removed (an override names what it changes, nothing else), a group made partial. */
function overrideOf(schema: z.ZodType): z.ZodType {
  const bare = schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault ? (schema.unwrap() as z.ZodType) : schema;
  return bare instanceof z.ZodObject ? bare.partial().strict() : bare;
}

export type StrategyOverride = {
  [K in keyof Strategy]?: Strategy[K] extends readonly unknown[]
    ? Strategy[K]
    : Strategy[K] extends object
      ? Partial<Strategy[K]>
      : Strategy[K];
};

export const variantSchema = z
  .object({
    name,
    /** Share of the segment's accounts: weight ÷ the sum of the segment's weights. 0 stops new assignments. */
    weight: z.number().int('an integer weight').min(0).max(1_000_000),
    /** Overrides of the profile's strategy; none runs the profile's strategy as it is (the champion). */
    strategy: strategyOverrideSchema.optional(),
  })
  .strict();

export const segmentSchema = z
  .object({
    name: name.refine((n) => n !== DEFAULT_SEGMENT, `"${DEFAULT_SEGMENT}" is the segment of accounts no segment matches`),
    /** Every rule given must hold; a segment without rules matches every account. */
    when: z
      .object({
        /** The placed balance in major units, bounds included. */
        balance: range(decimalAmount, Number).optional(),
        /** Whole days from the delinquency date to placement, bounds included. */
        daysDelinquent: range(z.number().int().min(0), (v) => v).optional(),
        /** The placement's customer_tier, one of these exactly. An account without a tier does not match. */
        customerTier: z.array(z.string().min(1)).min(1).optional(),
        /** The account's language tag: "es" matches es, es-US, es-MX…; "es-MX" only es-MX. No tag does not match. */
        language: z
          .array(z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 tag such as "es" or "es-US"'))
          .min(1)
          .optional(),
      })
      .strict()
      .prefault({}),
    variants: z
      .array(variantSchema)
      .min(1, 'a segment needs at least one variant')
      .refine((vs) => vs.length === 0 || vs.some((v) => v.weight > 0), 'at least one variant needs a weight above 0')
      .superRefine((vs, ctx) => duplicates(vs, ctx, 'variant')),
  })
  .strict();

export const segmentsSchema = z.array(segmentSchema).superRefine((ss, ctx) => duplicates(ss, ctx, 'segment'));

export type StrategyVariant = z.infer<typeof variantSchema>;
export type Segment = z.infer<typeof segmentSchema>;

function duplicates(items: ReadonlyArray<{ name: string }>, ctx: z.RefinementCtx, what: string): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.name)) ctx.addIssue({ code: 'custom', message: `${what} name "${item.name}" is used twice`, path: [i, 'name'] });
    seen.add(item.name);
  });
}

/** What the segment rules look at: facts of the account as placed, fixed once it is enrolled. */
export interface SegmentFacts {
  accountId: string;
  /** Placed balance in major units. */
  balance: number;
  daysDelinquent: number;
  customerTier?: string;
  language?: string;
}

export interface VariantAssignment {
  segment: string;
  variant: string;
}

/** The profile's parts that segmenting reads; profiles stored before segments existed have none. */
export interface SegmentedProfile {
  strategy: Strategy;
  segments?: readonly Segment[] | undefined;
}

export function segmentFor(segments: readonly Segment[], facts: SegmentFacts): Segment | undefined {
  return segments.find((segment) => matches(segment.when, facts));
}

function matches(when: Segment['when'], facts: SegmentFacts): boolean {
  const within = (r: { min?: string | number; max?: string | number } | undefined, value: number): boolean =>
    !r || ((r.min === undefined || value >= Number(r.min)) && (r.max === undefined || value <= Number(r.max)));
  if (!within(when.balance, facts.balance) || !within(when.daysDelinquent, facts.daysDelinquent)) return false;
  if (when.customerTier && (facts.customerTier === undefined || !when.customerTier.includes(facts.customerTier))) return false;
  if (when.language) {
    const tag = facts.language?.toLowerCase();
    if (!tag || !when.language.some((l) => tag === l.toLowerCase() || tag.startsWith(`${l.toLowerCase()}-`))) return false;
  }
  return true;
}

/**
 * The segment and the variant for an account. A uniform number in [0, 1) from the first 32 bits of
 * sha256(accountId, segment) picks the variant by cumulative weight: deterministic, independent between segments,
 * and free of the modulo bias of small weight sums.
 */
export function assignVariant(profile: SegmentedProfile, facts: SegmentFacts): VariantAssignment {
  const segment = segmentFor(profile.segments ?? [], facts);
  if (!segment) return { segment: DEFAULT_SEGMENT, variant: DEFAULT_VARIANT };
  const total = segment.variants.reduce((n, v) => n + v.weight, 0);
  let point = variantHash(facts.accountId, segment.name) * total;
  for (const variant of segment.variants) {
    if (point < variant.weight) return { segment: segment.name, variant: variant.name };
    point -= variant.weight;
  }
  // Unreachable while total > 0 (the schema demands it); float rounding lands in the last weighted variant.
  return { segment: segment.name, variant: segment.variants.findLast((v) => v.weight > 0)!.name };
}

/** A uniform number in [0, 1) from the account id and the segment name. */
export function variantHash(accountId: string, segment: string): number {
  return createHash('sha256').update(`${accountId}\u0000${segment}`).digest().readUInt32BE(0) / 2 ** 32;
}

/**
 * The strategy that Plan and Send follow for an account: its assigned variant's. The profile may have changed since
 * the account was enrolled. A segment that no longer exists sends the account back to the profile's strategy. A
 * variant that no longer exists falls back to its segment's first variant (the champion by convention), not to a
 * re-hash: re-hashing would move accounts between the remaining variants and mix their results. Accounts without an
 * assignment (enrolled before segments existed) follow the profile's strategy.
 */
export function strategyFor(profile: SegmentedProfile, state: Pick<AccountState, 'variant'>): Strategy {
  const assigned = state.variant;
  const segment = assigned && profile.segments?.find((s) => s.name === assigned.segment);
  if (!assigned || !segment) return profile.strategy;
  const variant = segment.variants.find((v) => v.name === assigned.variant) ?? segment.variants[0]!;
  return applyOverride(profile.strategy, variant.strategy);
}

/** A setting the override names replaces the base's; a stage's fields are replaced one by one. */
export function applyOverride(base: Strategy, override: StrategyOverride | undefined): Strategy {
  if (!override) return base;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    const current = merged[key];
    merged[key] = isPlainObject(value) && isPlainObject(current) ? { ...current, ...value } : value;
  }
  return merged as Strategy;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
