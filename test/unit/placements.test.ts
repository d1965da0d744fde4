import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  PLACEMENT_COLUMNS,
  REQUIRED_PLACEMENT_COLUMNS,
  placementRowJsonSchema,
  placementRowSchema,
} from '../../shared/placements/schema.ts';
import { CONTACT_FIELD, validatePlacementRow, type RowRejection } from '../../shared/placements/validate-row.ts';

const NOW = new Date('2025-06-01T12:00:00Z');

const validRaw = (): Record<string, string | undefined> => ({
  account_ref: 'ACC-1001',
  debtor_name: 'Ana Flores',
  balance: '1234.50',
  currency: 'USD',
  delinquency_date: '2025-03-15',
  email: 'ana.flores@example.com',
  phone: '+14155552671',
});

function rejectionsOf(raw: Record<string, string | undefined>, line = 2): RowRejection[] {
  const result = validatePlacementRow(raw, line, NOW);
  if (result.ok) throw new Error('expected the row to be rejected');
  return result.rejections;
}

function rowOf(raw: Record<string, string | undefined>) {
  const result = validatePlacementRow(raw, 2, NOW);
  if (!result.ok) throw new Error(`expected a valid row, got ${JSON.stringify(result.rejections)}`);
  return result.row;
}

describe('validatePlacementRow', () => {
  it('accepts and normalises a valid row', () => {
    const row = rowOf({
      ...validRaw(),
      account_ref: '  ACC-1001 ',
      email: ' Ana.Flores@Example.COM ',
      phone: '(415) 555-2671',
      currency: 'usd',
      address_line1: '1 Market St',
      city: 'San Francisco',
      state: 'ca',
      zip: '941051234',
      country: 'us',
      language: 'es-us',
      customer_tier: 'gold',
    });
    expect(row).toEqual({
      accountRef: 'ACC-1001',
      debtorName: 'Ana Flores',
      balanceMinor: 123450,
      currency: 'USD',
      delinquencyDate: '2025-03-15',
      email: 'ana.flores@example.com',
      phone: '+14155552671',
      address: { line1: '1 Market St', city: 'San Francisco', state: 'CA', zip: '94105-1234', country: 'US' },
      language: 'es-US',
      customerTier: 'gold',
      attributes: {},
    });
  });

  it('omits the address when no address column is filled', () => {
    const row = rowOf({ ...validRaw(), address_line1: '', city: '  ' });
    expect(row.address).toBeUndefined();
  });

  it.each(REQUIRED_PLACEMENT_COLUMNS)('rejects a row without %s (absent or blank)', (column) => {
    for (const value of [undefined, '', '   ']) {
      const raw = { ...validRaw(), [column]: value };
      expect(rejectionsOf(raw)).toEqual([{ line: 2, field: column, reason: 'required' }]);
    }
  });

  it('reports every problem of a row, in column order', () => {
    const rejections = rejectionsOf({ currency: 'XYZ', balance: '-3', email: 'not-an-email' }, 9);
    expect(rejections.map((r) => r.field)).toEqual(['account_ref', 'debtor_name', 'balance', 'currency', 'delinquency_date', 'email']);
    expect(rejections.every((r) => r.line === 9)).toBe(true);
  });

  it('needs at least one of email and phone', () => {
    const raw = { ...validRaw(), email: undefined, phone: ' ' };
    expect(rejectionsOf(raw)).toEqual([{ line: 2, field: CONTACT_FIELD, reason: 'at least one of email or phone is required' }]);
    expect(rowOf({ ...validRaw(), email: undefined }).phone).toBe('+14155552671');
    expect(rowOf({ ...validRaw(), phone: undefined }).email).toBe('ana.flores@example.com');
  });

  it.each([
    ['(415) 555-2671', '+14155552671'],
    ['415.555.2671', '+14155552671'],
    ['1-415-555-2671', '+14155552671'],
    ['+1 415 555 2671', '+14155552671'],
    ['+44 20 7946 0958', '+442079460958'],
  ])('normalises the phone %s to E.164', (input, e164) => {
    expect(rowOf({ ...validRaw(), phone: input }).phone).toBe(e164);
  });

  it.each(['12345', '123-456-7890', 'call me', '415 555 2671 ext 12', '+1 415 555 26711'])(
    'rejects the phone %s without echoing it',
    (phone) => {
      const [rejection, ...rest] = rejectionsOf({ ...validRaw(), phone });
      expect(rest).toEqual([]);
      expect(rejection?.field).toBe('phone');
      expect(rejection?.reason).toMatch(/phone number/);
      expect(rejection?.reason).not.toContain(phone);
    },
  );

  it.each(['1,234.50', '$12', '+5', '.5', '5.', '1e3', '12 000', '0x10'])(
    'rejects the balance %s (digits and an optional decimal point only)',
    (balance) => {
      const rejections = rejectionsOf({ ...validRaw(), balance });
      expect(rejections).toHaveLength(1);
      expect(rejections[0]).toMatchObject({ field: 'balance' });
      expect(rejections[0]?.reason).toMatch(/decimal amount/);
    },
  );

  it('rejects more decimals than the currency has', () => {
    expect(rejectionsOf({ ...validRaw(), balance: '12.345' })).toEqual([
      { line: 2, field: 'balance', reason: 'must be a decimal amount with at most 2 decimals for USD' },
    ]);
    expect(rejectionsOf({ ...validRaw(), balance: '1000.5', currency: 'JPY' })).toEqual([
      { line: 2, field: 'balance', reason: 'must be a whole amount for JPY (no decimals)' },
    ]);
  });

  it('handles currencies with 0 and 3 minor digits', () => {
    expect(rowOf({ ...validRaw(), balance: '15000', currency: 'JPY' }).balanceMinor).toBe(15000);
    expect(rowOf({ ...validRaw(), balance: '1.5', currency: 'BHD' }).balanceMinor).toBe(1500);
    expect(rowOf({ ...validRaw(), balance: '7' }).balanceMinor).toBe(700);
  });

  it('rejects a zero balance, unknown currencies and non-codes', () => {
    expect(rejectionsOf({ ...validRaw(), balance: '0.00' })[0]).toMatchObject({ field: 'balance', reason: 'must be greater than zero' });
    expect(rejectionsOf({ ...validRaw(), currency: 'ABC' })[0]).toMatchObject({
      field: 'currency',
      reason: 'not a known ISO 4217 currency code',
    });
    expect(rejectionsOf({ ...validRaw(), currency: 'XXX' })[0]).toMatchObject({ field: 'currency' });
    expect(rejectionsOf({ ...validRaw(), currency: 'US$' })[0]).toMatchObject({
      field: 'currency',
      reason: 'must be a three-letter ISO 4217 currency code',
    });
  });

  it.each([
    ['2025-02-30', 'not a real calendar date'],
    ['2024-13-01', 'not a real calendar date'],
    ['2025-3-15', 'must be a date in the form YYYY-MM-DD'],
    ['03/15/2025', 'must be a date in the form YYYY-MM-DD'],
    ['2025-06-03', 'must not be in the future'],
    ['1899-12-31', 'must not be before 1900-01-01'],
  ])('rejects the delinquency date %s', (date, reason) => {
    expect(rejectionsOf({ ...validRaw(), delinquency_date: date })).toEqual([{ line: 2, field: 'delinquency_date', reason }]);
  });

  it('accepts a leap day and today (anywhere on Earth)', () => {
    expect(rowOf({ ...validRaw(), delinquency_date: '2024-02-29' }).delinquencyDate).toBe('2024-02-29');
    expect(rowOf({ ...validRaw(), delinquency_date: '2025-06-01' }).delinquencyDate).toBe('2025-06-01');
    // 12:00Z is already 02:00 on 2 June in UTC+14 (Kiribati): a creditor there may place a debt due "today".
    expect(rowOf({ ...validRaw(), delinquency_date: '2025-06-02' }).delinquencyDate).toBe('2025-06-02');
  });

  it('validates email, state, zip and language', () => {
    const rejections = rejectionsOf({
      ...validRaw(),
      email: 'ana@@example',
      state: 'ZZ',
      zip: '1234',
      language: 'not a language',
    });
    expect(rejections).toEqual([
      { line: 2, field: 'email', reason: 'not a valid email address' },
      { line: 2, field: 'state', reason: 'not a US state code' },
      { line: 2, field: 'zip', reason: 'must be a 5-digit or 9-digit ZIP code' },
      { line: 2, field: 'language', reason: 'must be a language tag such as en or es-US' },
    ]);
    expect(rowOf({ ...validRaw(), zip: '94105-1234' }).address?.zip).toBe('94105-1234');
    expect(rowOf({ ...validRaw(), zip: '94105' }).address?.zip).toBe('94105');
  });

  it('keeps extra columns as attributes, trimmed, and matches known headers case-insensitively', () => {
    const row = rowOf({
      ...validRaw(),
      ' Segment ': ' retail ',
      product: 'Broadband',
      empty_one: '',
      ['__proto__']: 'kept as data',
      ' EMAIL ': 'ana.flores@example.com',
    } as Record<string, string>);
    expect(row.attributes).toEqual({ Segment: 'retail', product: 'Broadband', ['__proto__']: 'kept as data' });
    expect(Object.getPrototypeOf(row.attributes)).toBe(Object.prototype);
  });

  it('rejects a known column given twice with different values', () => {
    expect(rejectionsOf({ ...validRaw(), Email: 'someone.else@example.com' })).toEqual([
      { line: 2, field: 'email', reason: 'a column appears more than once with different values' },
    ]);
  });

  it('carries the line number into every rejection', () => {
    for (const line of [2, 17, 100_001]) {
      const rejections = rejectionsOf({ account_ref: 'x' }, line);
      expect(rejections.length).toBeGreaterThan(1);
      expect(new Set(rejections.map((r) => r.line))).toEqual(new Set([line]));
    }
  });

  it('never echoes a cell value in a reason', () => {
    const secret = 'Zebediah';
    const raw = {
      account_ref: secret,
      debtor_name: secret.repeat(30),
      balance: `${secret}1`,
      currency: secret,
      delinquency_date: secret,
      email: `${secret}@`,
      phone: secret,
      state: secret,
      zip: secret,
      language: `${secret} !`,
      address_line1: secret.repeat(40),
    };
    const reasons = rejectionsOf(raw).map((r) => r.reason.toLowerCase());
    expect(reasons.length).toBeGreaterThan(5);
    for (const reason of reasons) expect(reason).not.toContain(secret.toLowerCase());
  });
});

describe('placementRowSchema', () => {
  it('lists every column', () => {
    expect(PLACEMENT_COLUMNS).toEqual([
      'account_ref',
      'debtor_name',
      'balance',
      'currency',
      'delinquency_date',
      'email',
      'phone',
      'address_line1',
      'city',
      'state',
      'zip',
      'country',
      'language',
      'customer_tier',
      'itemization_date',
      'itemization_date_kind',
      'itemization_amount',
      'interest_since_itemization',
      'fees_since_itemization',
      'payments_since_itemization',
      'account_number',
    ]);
  });

  it('exports as JSON Schema, documented', () => {
    const schema = placementRowJsonSchema() as unknown as {
      properties: Record<string, { description?: string; pattern?: string }>;
      required: string[];
      additionalProperties: unknown;
    };
    expect(schema).toEqual(z.toJSONSchema(placementRowSchema));
    expect(new Set(schema.required)).toEqual(new Set(REQUIRED_PLACEMENT_COLUMNS));
    expect(Object.keys(schema.properties)).toEqual([...PLACEMENT_COLUMNS]);
    for (const column of PLACEMENT_COLUMNS) expect(schema.properties[column]?.description).toBeTruthy();
    expect(schema.properties.balance?.pattern).toBe('^\\d+(\\.\\d+)?$');
    expect(schema.additionalProperties).toMatchObject({ type: 'string' });
  });
});
