// The itemization of Reg F 1006.34(c)(2): from the itemization date (1006.34(b)(3)) to the placement, what was owed
// then, the interest, fees and payments or credits since, and the account number, which only ever shows masked.
// Placements may carry it (schema.ts); what they leave out takes a documented default, and the figures must add up to
// the balance. Reasons say what is wrong and never echo a cell.
import { currencyExponent, MAX_AMOUNT_MINOR, parseDecimalToMinor } from '../money.ts';

/** The five dates 1006.34(b)(3) allows as the itemization date. */
export const ITEMIZATION_DATE_KINDS = ['last-statement', 'charge-off', 'last-payment', 'transaction', 'judgment'] as const;
export type ItemizationDateKind = (typeof ITEMIZATION_DATE_KINDS)[number];

export const ITEMIZATION_COLUMNS = [
  'itemization_date',
  'itemization_date_kind',
  'itemization_amount',
  'interest_since_itemization',
  'fees_since_itemization',
  'payments_since_itemization',
  'account_number',
] as const;
type ItemizationColumn = (typeof ITEMIZATION_COLUMNS)[number];

export interface Itemization {
  /** YYYY-MM-DD */
  date: string;
  dateKind: ItemizationDateKind;
  amountMinor: number;
  interestMinor: number;
  feesMinor: number;
  /** Payments and credits from the itemization date to the placement. */
  paymentsMinor: number;
  /** The account number's last four characters: nothing more of it is kept. */
  accountNumberLast4?: string;
}

/** What a placement without itemization columns means: itemized at the delinquency date, nothing charged or paid since. */
export function defaultItemization(placed: { balanceMinor: number; delinquencyDate: string }): Itemization {
  return {
    date: placed.delinquencyDate,
    dateKind: 'last-statement',
    amountMinor: placed.balanceMinor,
    interestMinor: 0,
    feesMinor: 0,
    paymentsMinor: 0,
  };
}

/** The amount on the itemization date, plus interest and fees, less payments and credits. */
export function itemizedTotal(i: { amountMinor: number; interestMinor: number; feesMinor: number; paymentsMinor: number }): number {
  return i.amountMinor + i.interestMinor + i.feesMinor - i.paymentsMinor;
}

export interface ItemizationInput {
  /** The row's cleaned cells (trimmed, empty ones absent) that passed the schema. */
  cell: (column: ItemizationColumn) => string | undefined;
  /** Undefined when the balance or currency is itself rejected: the amounts are then not checked against it. */
  balanceMinor: number | undefined;
  currency: string | undefined;
  delinquencyDate: string | undefined;
  /** The latest calendar date of the placement (nothing may be itemized after it). */
  placedOn: string;
  isRealDate: (iso: string) => boolean;
  reject: (field: ItemizationColumn, reason: string) => void;
}

/** The row's itemization with its defaults, or undefined when it has no itemization column (or a problem, rejected). */
export function parseItemization(input: ItemizationInput): Itemization | undefined {
  const { cell, reject, currency, balanceMinor } = input;
  if (ITEMIZATION_COLUMNS.every((c) => cell(c) === undefined)) return undefined;
  let problems = 0;
  const fail = (field: ItemizationColumn, reason: string): undefined => {
    problems += 1;
    reject(field, reason);
    return undefined;
  };
  const amount = (field: ItemizationColumn): number | undefined => {
    const text = cell(field);
    if (text === undefined || currency === undefined) return undefined;
    const exp = currencyExponent(currency);
    if ((text.split('.')[1]?.length ?? 0) > exp) {
      return fail(field, exp === 0 ? `must be a whole amount for ${currency}` : `must have at most ${exp} decimals for ${currency}`);
    }
    const minor = parseDecimalToMinor(text, currency);
    return minor > MAX_AMOUNT_MINOR ? fail(field, `is larger than ${MAX_AMOUNT_MINOR} minor units`) : minor;
  };
  const date = cell('itemization_date');
  if (date !== undefined) {
    if (!input.isRealDate(date)) fail('itemization_date', 'not a real calendar date');
    else if (date < '1900-01-01') fail('itemization_date', 'must not be before 1900-01-01');
    else if (date > input.placedOn) fail('itemization_date', 'must not be after the placement (a date in the future)');
  }
  const interestMinor = amount('interest_since_itemization') ?? 0;
  const feesMinor = amount('fees_since_itemization') ?? 0;
  const paymentsMinor = amount('payments_since_itemization') ?? 0;
  const given = amount('itemization_amount');
  if (problems > 0 || balanceMinor === undefined || input.delinquencyDate === undefined) return undefined;
  const amountMinor = given ?? balanceMinor - interestMinor - feesMinor + paymentsMinor;
  if (amountMinor < 0) {
    return fail('payments_since_itemization', 'interest and fees since the itemization date exceed the balance plus payments since');
  }
  const itemization: Itemization = {
    date: date ?? input.delinquencyDate,
    dateKind: (cell('itemization_date_kind') as ItemizationDateKind | undefined) ?? 'last-statement',
    amountMinor,
    interestMinor,
    feesMinor,
    paymentsMinor,
  };
  if (itemizedTotal(itemization) !== balanceMinor) {
    return fail(
      'itemization_amount',
      'does not add up: itemization_amount + interest_since_itemization + fees_since_itemization − payments_since_itemization must equal balance',
    );
  }
  const accountNumber = cell('account_number')?.replace(/[\s-]+/g, '');
  if (accountNumber) itemization.accountNumberLast4 = accountNumber.slice(-4);
  return itemization;
}
