// The placement format: one CSV row per account a creditor places with Tactful.
//
// `placementRowSchema` describes the raw row (header → cell, all strings). It is the published documentation of the
// format (`placementRowJsonSchema()` exports it as JSON Schema) and checks shape and syntax; validate-row.ts runs it
// and then the checks JSON Schema cannot express. Its messages say what is wrong and never echo the cell.
import { z } from 'zod';
import { MAX_CELL_CHARS } from '../limits.ts';
import { DECIMAL_AMOUNT } from '../money.ts';

export const REQUIRED_PLACEMENT_COLUMNS = ['account_ref', 'debtor_name', 'balance', 'currency', 'delinquency_date'] as const;
export const OPTIONAL_PLACEMENT_COLUMNS = [
  'email',
  'phone',
  'address_line1',
  'city',
  'state',
  'zip',
  'country',
  'language',
  'customer_tier',
] as const;
/** Every column Tactful reads; any other column is kept as-is in `attributes`. */
export const PLACEMENT_COLUMNS = [...REQUIRED_PLACEMENT_COLUMNS, ...OPTIONAL_PLACEMENT_COLUMNS] as const;
export type PlacementColumn = (typeof PLACEMENT_COLUMNS)[number];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ZIP = /^\d{5}(-?\d{4})?$/;

const required = (what: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'required' : `must be ${what}`);
const text = (what: string) => z.string({ error: required(what) });

/**
 * The raw placement row, as the CSV header maps it: every cell is a string. Cells are trimmed and empty cells count as
 * absent before this schema runs. Unknown columns are allowed and kept as attributes.
 */
export const placementRowSchema = z
  .object({
    account_ref: text('text')
      .min(1)
      .max(128, 'must be at most 128 characters')
      .describe("The creditor's own reference for the account, unique per creditor: the same reference always maps to the same account."),
    debtor_name: text('text')
      .min(1)
      .max(200, 'must be at most 200 characters')
      .describe("The debtor's full name, as it should appear in messages."),
    balance: text('a decimal amount')
      .regex(DECIMAL_AMOUNT, {
        error: (issue) =>
          /^-\s*[\d.]/.test(String(issue.input))
            ? 'must not be negative'
            : 'must be a decimal amount such as 1234.50 (digits and an optional decimal point only)',
      })
      .describe(
        'Amount owed in major units: digits with an optional decimal point, no sign, no thousands separator, no currency symbol ("1234.50"). At most as many decimals as the currency has minor units (2 for USD, 0 for JPY). Must be greater than zero.',
      ),
    currency: text('a currency code')
      .regex(/^[A-Za-z]{3}$/, 'must be a three-letter ISO 4217 currency code')
      .describe('ISO 4217 currency code, such as USD. Case-insensitive; stored upper-case.'),
    delinquency_date: text('a date')
      .regex(ISO_DATE, 'must be a date in the form YYYY-MM-DD')
      .describe('Date the account became delinquent, YYYY-MM-DD. A real calendar date, not in the future.'),
    email: z
      .email({ error: 'not a valid email address' })
      .max(254, 'must be at most 254 characters')
      .optional()
      .describe("The debtor's email address. Stored lower-case. At least one of email and phone is required."),
    phone: z
      .string()
      .max(40, 'must be at most 40 characters')
      .optional()
      .describe(
        "The debtor's phone number: E.164 (+14155552671) or a US national number ((415) 555-2671). Stored as E.164. At least one of email and phone is required.",
      ),
    address_line1: z.string().max(200, 'must be at most 200 characters').optional().describe('Street address.'),
    city: z.string().max(100, 'must be at most 100 characters').optional().describe('City.'),
    state: z
      .string()
      .regex(/^[A-Za-z]{2}$/, 'must be a two-letter US state code')
      .optional()
      .describe('Two-letter USPS state code (including DC, territories and AA/AE/AP). Used for contact-hour time zones.'),
    zip: z.string().regex(ZIP, 'must be a 5-digit or 9-digit ZIP code').optional().describe('US ZIP code: 12345, 12345-6789 or 123456789.'),
    country: z.string().max(60, 'must be at most 60 characters').optional().describe('Country, such as US.'),
    language: z
      .string()
      .max(35, 'must be at most 35 characters')
      .optional()
      .describe("The debtor's preferred language as a BCP 47 tag, such as en or es-US."),
    customer_tier: z
      .string()
      .max(60, 'must be at most 60 characters')
      .optional()
      .describe("The creditor's customer segment, free text; strategies may use it."),
  })
  .catchall(
    z
      .string()
      .max(MAX_CELL_CHARS, `must be at most ${MAX_CELL_CHARS} characters`)
      .describe('Any other column is kept unchanged as an attribute of the account.'),
  )
  .describe(
    'One placement row (one CSV line, header → cell). At least one of email and phone is required. Cells are trimmed; an empty cell counts as absent.',
  );

/** The placement format as JSON Schema, for creditors and their tooling. */
export function placementRowJsonSchema(): z.core.JSONSchema.BaseSchema {
  return z.toJSONSchema(placementRowSchema);
}
