// The contact request: its schema, the boundary check (the CLI reads one per line), and its types, inferred from the
// schema so that the two cannot drift apart. Strict: an unknown key is an error, so that a misspelt flag ("cease" for
// "ceased") can never pass silently as "no flag".
import * as z from 'zod';
import { parseClock } from './calendar.ts';
import { CONTACT_WINDOW } from './contact-rules.ts';

const channel = z.enum(['email', 'sms']);
export type ContactChannel = z.infer<typeof channel>;

const isoInstant = z
  .string()
  .refine((s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s) && Number.isFinite(Date.parse(s)), {
    message: 'must be an ISO 8601 instant with a zone, e.g. 2026-03-02T15:00:00Z',
  });

const clock = z.string().refine((s) => parseClock(s) !== null, { message: 'must be a local time HH:MM (00:00–24:00)' });

const isoWeekdays = z.array(
  z.number().int().min(1, 'must be an ISO weekday 1 (Monday) … 7 (Sunday)').max(7, 'must be an ISO weekday 1 (Monday) … 7 (Sunday)'),
);

const cap = z.strictObject({
  count: z.number().int().min(0),
  days: z.number().int().min(1),
});

/** A creditor's narrowing of the contact rules; also the `policy.contact` of its profile. */
export const contactPolicySchema = z.strictObject({
  /** Allowed ISO weekdays. */
  daysOfWeek: isoWeekdays.optional(),
  skipUsFederalHolidays: z.boolean().optional(),
  /** Local, must be inside 08:00–21:00 (narrow only). */
  hours: z
    .strictObject({ from: clock, to: clock })
    .refine(
      ({ from, to }) => {
        const f = parseClock(from);
        const t = parseClock(to);
        return f === null || t === null || (f >= CONTACT_WINDOW.startMinute && t <= CONTACT_WINDOW.endMinute && f < t);
      },
      { message: 'must be a non-empty range inside 08:00–21:00 (a policy only narrows the window)' },
    )
    .optional(),
  /** Narrow only: applied on top of the defaults and the state caps, never instead of them. */
  caps: z.strictObject({ email: cap.optional(), sms: cap.optional() }).optional(),
});
export type ContactPolicy = z.infer<typeof contactPolicySchema>;

const contactRequestSchema = z.strictObject({
  at: isoInstant,
  channel,
  address: z
    .strictObject({
      state: z
        .string()
        .regex(/^\s*[A-Za-z]{2}\s*$/, 'must be a two-letter USPS state code')
        .optional(),
      zip: z
        .string()
        .regex(/^\s*\d{5}(-?\d{4})?\s*$/, 'must be a ZIP code (12345 or 12345-6789)')
        .optional(),
    })
    .optional(),
  phone: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number, e.g. +13125550100')
    .optional(),
  /**
   * Messages sent and conversations had, any order. Both count toward the caps of their channel; a conversation also
   * starts the 7-day wait (its local day is day 1) on every channel.
   */
  history: z.array(z.strictObject({ at: isoInstant, channel, kind: z.enum(['sent', 'conversation']) })).optional(),
  flags: z
    .strictObject({
      optedOut: z.array(channel).optional(),
      ceased: z.boolean().optional(),
      disputed: z.boolean().optional(),
      reviewHold: z.boolean().optional(),
      bankrupt: z.boolean().optional(),
      deceased: z.boolean().optional(),
      attorney: z.boolean().optional(),
      recalled: z.boolean().optional(),
    })
    .optional(),
  /**
   * Debtor-named, in the debtor's local time (every candidate zone); `from` after `to` runs past midnight into the
   * next day; `from` equal to `to` is the whole day.
   */
  inconvenientTimes: z.array(z.strictObject({ daysOfWeek: isoWeekdays.optional(), from: clock, to: clock })).optional(),
  /** The creditor's narrowing. */
  policy: contactPolicySchema.optional(),
});
export type ContactRequest = z.infer<typeof contactRequestSchema>;

function pathOf(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) text += typeof key === 'number' ? `[${key}]` : text === '' ? String(key) : `.${String(key)}`;
  return text === '' ? '(request)' : text;
}

function valueAt(json: unknown, path: readonly PropertyKey[]): unknown {
  let value = json;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function describe(issue: z.core.$ZodIssue, json: unknown): string {
  const missing = issue.path.length > 0 && valueAt(json, issue.path) === undefined;
  if (missing && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) return `${pathOf(issue.path)}: is required`;
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${pathOf([...issue.path, key])}: is not a known field`).join('; ');
  }
  return `${pathOf(issue.path)}: ${issue.message}`;
}

/** Validates one contact request; throws an Error naming every missing or invalid field. */
export function parseContactRequest(json: unknown): ContactRequest {
  const result = contactRequestSchema.safeParse(json);
  if (!result.success) throw new Error(`Invalid contact request: ${result.error.issues.map((issue) => describe(issue, json)).join('; ')}`);
  return result.data;
}
