// The placement format: one CSV row per account a creditor places with Tactful.
//
// `placementRowSchema` describes the raw row (header → cell, all strings). It is the published documentation of the
// format (`placementRowJsonSchema()` exports it as JSON Schema) and checks shape and syntax; validate-row.ts runs it
// and then the checks JSON Schema cannot express. Its messages say what is wrong and never echo the cell.
import * as z from 'zod';
import { MAX_CELL_CHARS } from '../limits.ts';
import { DECIMAL_AMOUNT } from '../money.ts';
import { ITEMIZATION_COLUMNS, ITEMIZATION_DATE_KINDS } from './itemization.ts';

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
  ...ITEMIZATION_COLUMNS,
] as const;
/** Every column Tactful reads; any other column is kept as-is in `attributes`. */
export const PLACEMENT_COLUMNS = [...REQUIRED_PLACEMENT_COLUMNS, ...OPTIONAL_PLACEMENT_COLUMNS] as const;
export type PlacementColumn = (typeof PLACEMENT_COLUMNS)[number];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ZIP = /^\d{5}(-?\d{4})?$/;

const decimal = (what: string) =>
  z
    .string()
    .regex(DECIMAL_AMOUNT, {
      error: (issue) =>
        /^-\s*[\d.]/.test(String(issue.input))
          ? 'must not be negative'
          : 'must be a decimal amount such as 12.50 (digits and an optional decimal point only)',
    })
    .optional()
    .describe(`${what} In major units, like balance. At most as many decimals as the currency has minor units.`);

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
    // The itemization of Reg F 1006.34(c)(2): what the validation notice shows. Defaults in itemization.ts.
    itemization_date: z
      .string()
      .regex(ISO_DATE, 'must be a date in the form YYYY-MM-DD')
      .optional()
      .describe(
        'The itemization date of Reg F 1006.34(b)(3), YYYY-MM-DD: a real date, not after the placement. Default: delinquency_date.',
      ),
    itemization_date_kind: z
      .enum(ITEMIZATION_DATE_KINDS, { error: `must be one of ${ITEMIZATION_DATE_KINDS.join(', ')}` })
      .optional()
      .describe(`Which date itemization_date is (1006.34(b)(3)): ${ITEMIZATION_DATE_KINDS.join(', ')}. Default: last-statement.`),
    itemization_amount: decimal(
      'What the debtor owed on the itemization date. Default: balance − interest − fees + payments since then, so that the itemization adds up.',
    ),
    interest_since_itemization: decimal('Interest charged since the itemization date. Default: 0.'),
    fees_since_itemization: decimal('Fees charged since the itemization date. Default: 0.'),
    payments_since_itemization: decimal('Payments and credits since the itemization date. Default: 0.'),
    account_number: z
      .string()
      .max(64, 'must be at most 64 characters')
      .regex(/^[A-Za-z0-9 -]+$/, 'must be letters, digits, spaces and dashes only')
      .optional()
      .describe(
        "The creditor's account number. Only its last four characters are kept, and only those are ever shown (the validation notice: ****6789).",
      ),
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
