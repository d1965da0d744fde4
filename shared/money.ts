// Money: amounts in integer minor units (cents for USD), converted to and from decimal text exactly (never through
// floats), and written out for people. Pure: placements, instructions, plans, reports and templates all use it.
import { cachedIn } from './cached.ts';

/** Amounts as files carry them: digits with an optional decimal part; no sign, thousands separator or currency symbol. */
export const DECIMAL_AMOUNT = /^\d+(\.\d+)?$/;

let currencies: ReadonlySet<string> | undefined;
/** ISO 4217 codes this runtime knows (Intl's list: current currencies, no test or fund codes such as XXX). */
export function isKnownCurrency(code: string): boolean {
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return currencies.has(code);
}

const exponents = new Map<string, number>();
/** The number of minor-unit digits of a currency (2 for USD, 0 for JPY, 3 for BHD). */
export function currencyExponent(currency: string): number {
  const code = currency.toUpperCase();
  if (!isKnownCurrency(code)) throw new Error('unknown currency code (expected an ISO 4217 code such as USD)');
  return cachedIn(
    exponents,
    code,
    () => new Intl.NumberFormat('en-US', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2,
  );
}

/**
 * The largest amount one account or instruction may carry: 10^12 minor units (ten billion dollars). Sums over
 * thousands of accounts then stay exact integers; a larger "balance" is a data error, never a consumer debt.
 */
export const MAX_AMOUNT_MINOR = 10 ** 12;

/**
 * Parses a decimal amount ("1234.50") into integer minor units (123450) without floating point. Accepts only digits
 * with an optional decimal part, surrounding whitespace ignored; no sign, thousands separators or symbols. Throws when
 * the text is not such an amount, the currency is unknown, it has more decimals than the currency's minor units, or
 * the result is not a safe integer. The message never repeats the amount.
 */
export function parseDecimalToMinor(amount: string, currency: string): number {
  const exp = currencyExponent(currency);
  const trimmed = amount.trim();
  if (!DECIMAL_AMOUNT.test(trimmed)) {
    throw new Error('amount must be a decimal amount such as 1234.50 (digits and an optional decimal point only)');
  }
  const [whole = '', fraction = ''] = trimmed.split('.');
  if (fraction.length > exp) {
    throw new Error(
      exp === 0
        ? `amount must be a whole number for ${currency.toUpperCase()}`
        : `amount must have at most ${exp} decimals for ${currency.toUpperCase()}`,
    );
  }
  const minor = BigInt(whole + fraction.padEnd(exp, '0'));
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('amount is too large');
  return Number(minor);
}

/** Integer minor units as the plain decimal that files carry ("1234.50"), exactly (no float rounding). */
export function minorToDecimal(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new Error('minor units must be a safe integer');
  const exp = currencyExponent(currency);
  const digits = String(Math.abs(minor)).padStart(exp + 1, '0');
  const decimal = exp === 0 ? digits : `${digits.slice(0, -exp)}.${digits.slice(-exp)}`;
  return `${minor < 0 ? '-' : ''}${decimal}`;
}

/**
 * Integer minor units as people read them in a locale: "$1,234.50" (en-US), "1.234,50 €" (de-DE). Exact (no float
 * rounding); throws for an unknown currency or an amount that is not a safe integer.
 */
export function formatMoney(minor: number, currency: string, locale = 'en-US'): string {
  const code = currency.trim().toUpperCase();
  // Checked before Intl sees the currency, so an unknown code fails with our message rather than Intl's.
  const decimal = minorToDecimal(minor, code);
  // Intl formats decimal strings exactly (ES2023 Intl.NumberFormat v3).
  const format = cachedIn(currencyFormats, `${locale}|${code}`, () => new Intl.NumberFormat(locale, { style: 'currency', currency: code }));
  return format.format(decimal as `${number}`);
}

/** Building a formatter costs far more than formatting: one per locale and currency, kept. */
const currencyFormats = new Map<string, Intl.NumberFormat>();
