// One placement row validated and normalised: `validatePlacementRow` cleans the row (trims cells, treats empty cells
// as absent), runs the raw schema (schema.ts), then the checks JSON Schema cannot express (real calendar dates, known
// currencies and their minor units, phone numbers, US state codes), and returns either a normalised `PlacementRow` or
// every problem of the row.
//
// Rejection reasons say what is wrong and never echo the cell: a cell may hold a debtor's name, email or phone.
import { parsePhoneNumberWithError, type PhoneNumber } from 'libphonenumber-js/max';
import { currencyExponent, isKnownCurrency, MAX_AMOUNT_MINOR, parseDecimalToMinor } from '../money.ts';
import { parseItemization, type Itemization } from './itemization.ts';
import { PLACEMENT_COLUMNS, placementRowSchema, type PlacementColumn } from './schema.ts';

/** US states, DC, the territories and the military "states" (AA, AE, AP), as USPS two-letter codes. */
export const US_STATE_CODES: ReadonlySet<string> = new Set([
  'AL',
  'AK',
  'AZ',
  'AR',
  'CA',
  'CO',
  'CT',
  'DE',
  'DC',
  'FL',
  'GA',
  'HI',
  'ID',
  'IL',
  'IN',
  'IA',
  'KS',
  'KY',
  'LA',
  'ME',
  'MD',
  'MA',
  'MI',
  'MN',
  'MS',
  'MO',
  'MT',
  'NE',
  'NV',
  'NH',
  'NJ',
  'NM',
  'NY',
  'NC',
  'ND',
  'OH',
  'OK',
  'OR',
  'PA',
  'RI',
  'SC',
  'SD',
  'TN',
  'TX',
  'UT',
  'VT',
  'VA',
  'WA',
  'WV',
  'WI',
  'WY',
  'PR',
  'VI',
  'GU',
  'AS',
  'MP',
  'AA',
  'AE',
  'AP',
]);

export interface PlacementRow {
  accountRef: string;
  debtorName: string;
  /** Integer amount in the currency's minor units (cents for USD); parsed from the decimal text, never via floats. */
  balanceMinor: number;
  /** ISO 4217, upper-case. */
  currency: string;
  /** YYYY-MM-DD */
  delinquencyDate: string;
  /** Lower-cased. */
  email?: string;
  /** E.164 */
  phone?: string;
  address?: {
    line1?: string;
    city?: string;
    /** Two-letter USPS code, upper-case. */
    state?: string;
    /** 12345 or 12345-6789 */
    zip?: string;
    country?: string;
  };
  /** Canonical BCP 47 tag. */
  language?: string;
  customerTier?: string;
  /** The Reg F itemization, with its defaults; absent when the row has no itemization column (itemization.ts). */
  itemization?: Itemization;
  /** Columns Tactful does not read, by their (trimmed) header. */
  attributes: Record<string, string>;
}

export interface RowRejection {
  /** The line of the file the row came from, as the caller counts it. */
  line: number;
  field: string;
  /** What is wrong, never the value itself. */
  reason: string;
}

export type PlacementRowResult = { ok: true; row: PlacementRow } | { ok: false; rejections: RowRejection[] };

/** Field name used when neither contact column is present. */
export const CONTACT_FIELD = 'email|phone';

/** YYYY-MM-DD of the latest calendar date anywhere on Earth (UTC+14) at `now`. */
function latestDateOnEarth(now: Date): string {
  return new Date(now.getTime() + 14 * 3600_000).toISOString().slice(0, 10);
}

function isRealDate(iso: string): boolean {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear does not, but such years are rejected below anyway.
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function normalisePhone(value: string): { ok: true; e164: string } | { ok: false; reason: string } {
  let parsed: PhoneNumber;
  try {
    parsed = parsePhoneNumberWithError(value, { defaultCountry: 'US', extract: false });
  } catch {
    return { ok: false, reason: 'not a valid phone number' };
  }
  if (!parsed.isValid()) return { ok: false, reason: 'not a valid phone number' };
  if (parsed.ext) return { ok: false, reason: 'must be a phone number without an extension' };
  return { ok: true, e164: parsed.number };
}

function canonicalLanguage(value: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(value)[0];
  } catch {
    return undefined;
  }
}

const KNOWN_COLUMNS: ReadonlySet<string> = new Set(PLACEMENT_COLUMNS);

/** Rejections are reported in column order (the contact rule right after phone, unknown columns last). */
function fieldOrder(field: string): number {
  if (field === CONTACT_FIELD) return PLACEMENT_COLUMNS.indexOf('phone') + 0.5;
  const index = (PLACEMENT_COLUMNS as readonly string[]).indexOf(field);
  return index === -1 ? PLACEMENT_COLUMNS.length : index;
}

/**
 * Validates one placement row and normalises it. Reports every problem of the row, each with the given line number.
 * `now` bounds the delinquency date (it may not lie in the future).
 */
export function validatePlacementRow(raw: Record<string, string | undefined>, line: number, now: Date): PlacementRowResult {
  const rejections: RowRejection[] = [];
  const reject = (field: string, reason: string) => rejections.push({ line, field, reason });

  // Clean: trim headers and cells, drop empty cells, match known headers case-insensitively. A Map, then
  // Object.fromEntries, so that headers such as "__proto__" or "constructor" stay plain own keys.
  const cells = new Map<string, string>();
  for (const [header, cell] of Object.entries(raw)) {
    const trimmedHeader = header.replace(/^\uFEFF/, '').trim();
    const lower = trimmedHeader.toLowerCase();
    const key = KNOWN_COLUMNS.has(lower) ? lower : trimmedHeader;
    if (key === '') continue;
    const value = cell?.trim();
    if (value === undefined || value === '') continue;
    const earlier = cells.get(key);
    if (earlier !== undefined && earlier !== value) {
      reject(KNOWN_COLUMNS.has(key) ? key : 'attributes', 'a column appears more than once with different values');
      continue;
    }
    cells.set(key, value);
  }
  const cleaned: Record<string, string> = Object.fromEntries(cells);

  const parsed = placementRowSchema.safeParse(cleaned);
  const failed = new Set<string>();
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'row');
      if (failed.has(field)) continue; // one reason per field is enough
      failed.add(field);
      reject(field, issue.message);
    }
  }
  const ok = (field: PlacementColumn): string | undefined => (failed.has(field) ? undefined : cells.get(field));

  if (!cells.has('email') && !cells.has('phone')) {
    reject(CONTACT_FIELD, 'at least one of email or phone is required');
  }

  // Currency, then the balance in its minor units.
  let currency: string | undefined;
  const currencyCell = ok('currency');
  if (currencyCell !== undefined) {
    currency = currencyCell.toUpperCase();
    if (!isKnownCurrency(currency)) {
      reject('currency', 'not a known ISO 4217 currency code');
      currency = undefined;
    }
  }
  let balanceMinor: number | undefined;
  const balanceCell = ok('balance');
  if (balanceCell !== undefined && currency !== undefined) {
    const exp = currencyExponent(currency);
    const decimals = balanceCell.split('.')[1]?.length ?? 0;
    if (decimals > exp) {
      reject(
        'balance',
        exp === 0
          ? `must be a whole amount for ${currency} (no decimals)`
          : `must be a decimal amount with at most ${exp} decimals for ${currency}`,
      );
    } else {
      try {
        balanceMinor = parseDecimalToMinor(balanceCell, currency);
        if (balanceMinor === 0 || balanceMinor > MAX_AMOUNT_MINOR) {
          reject('balance', balanceMinor === 0 ? 'must be greater than zero' : `is larger than ${MAX_AMOUNT_MINOR} minor units`);
          balanceMinor = undefined;
        }
      } catch {
        reject('balance', 'is too large');
      }
    }
  }

  const dateCell = ok('delinquency_date');
  if (dateCell !== undefined) {
    if (!isRealDate(dateCell)) reject('delinquency_date', 'not a real calendar date');
    else if (dateCell < '1900-01-01') reject('delinquency_date', 'must not be before 1900-01-01');
    else if (dateCell > latestDateOnEarth(now)) reject('delinquency_date', 'must not be in the future');
  }

  const emailCell = ok('email');
  const email = emailCell?.toLowerCase();

  let phone: string | undefined;
  const phoneCell = ok('phone');
  if (phoneCell !== undefined) {
    const result = normalisePhone(phoneCell);
    if (result.ok) phone = result.e164;
    else {
      reject('phone', result.reason);
      if (!cells.has('email')) reject(CONTACT_FIELD, 'no email and no valid phone number: the debtor cannot be contacted');
    }
  }

  let state: string | undefined;
  const stateCell = ok('state');
  if (stateCell !== undefined) {
    state = stateCell.toUpperCase();
    if (!US_STATE_CODES.has(state)) reject('state', 'not a US state code');
  }

  let zip: string | undefined;
  const zipCell = ok('zip');
  if (zipCell !== undefined) {
    const digits = zipCell.replace('-', '');
    zip = digits.length === 9 ? `${digits.slice(0, 5)}-${digits.slice(5)}` : digits;
  }

  let language: string | undefined;
  const languageCell = ok('language');
  if (languageCell !== undefined) {
    language = canonicalLanguage(languageCell);
    if (language === undefined) reject('language', 'must be a language tag such as en or es-US');
  }

  const itemization = parseItemization({
    cell: ok,
    balanceMinor,
    currency,
    delinquencyDate: dateCell,
    placedOn: latestDateOnEarth(now),
    isRealDate,
    reject,
  });

  if (rejections.length > 0 || !parsed.success || balanceMinor === undefined || currency === undefined) {
    return { ok: false, rejections: rejections.sort((a, b) => fieldOrder(a.field) - fieldOrder(b.field)) };
  }

  const address: NonNullable<PlacementRow['address']> = {};
  const line1 = cells.get('address_line1');
  const city = cells.get('city');
  const country = cells.get('country');
  if (line1 !== undefined) address.line1 = line1;
  if (city !== undefined) address.city = city;
  if (state !== undefined) address.state = state;
  if (zip !== undefined) address.zip = zip;
  // Country codes ("us", "usa") are upper-cased; a spelled-out name is kept as written.
  if (country !== undefined) address.country = /^[A-Za-z]{2,3}$/.test(country) ? country.toUpperCase() : country;

  const attributes: Record<string, string> = Object.fromEntries([...cells].filter(([key]) => !KNOWN_COLUMNS.has(key)));

  const row: PlacementRow = {
    accountRef: parsed.data.account_ref,
    debtorName: parsed.data.debtor_name,
    balanceMinor,
    currency,
    delinquencyDate: parsed.data.delinquency_date,
    attributes,
  };
  if (email !== undefined) row.email = email;
  if (phone !== undefined) row.phone = phone;
  if (Object.keys(address).length > 0) row.address = address;
  if (language !== undefined) row.language = language;
  const customerTier = cells.get('customer_tier');
  if (customerTier !== undefined) row.customerTier = customerTier;
  if (itemization !== undefined) row.itemization = itemization;
  return { ok: true, row };
}
