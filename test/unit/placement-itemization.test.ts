import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itemizedTotal } from '../../shared/placements/itemization.ts';
import { validatePlacementRow, type RowRejection } from '../../shared/placements/validate-row.ts';

const NOW = new Date('2025-06-01T12:00:00Z');
const base = {
  account_ref: 'ACC-1',
  debtor_name: 'Ana Flores',
  balance: '1234.50',
  currency: 'USD',
  delinquency_date: '2025-03-15',
  phone: '+14155552671',
};

function validate(extra: Record<string, string>) {
  return validatePlacementRow({ ...base, ...extra }, 2, NOW);
}

function rejections(extra: Record<string, string>): RowRejection[] {
  const result = validate(extra);
  if (result.ok) throw new Error('expected the row to be rejected');
  return result.rejections;
}

describe('the Reg F itemization in a placement', () => {
  it('is absent when no itemization column is given: the notice uses the documented default', () => {
    const result = validate({});
    expect(result.ok && result.row.itemization).toBe(undefined);
  });

  it('reads every column in minor units, and keeps only the last four characters of the account number', () => {
    const result = validate({
      itemization_date: '2025-01-31',
      itemization_date_kind: 'charge-off',
      itemization_amount: '1200.00',
      interest_since_itemization: '24.50',
      fees_since_itemization: '25',
      payments_since_itemization: '15.00',
      account_number: '4417-2280-0193-6789',
    });
    expect(result.ok && result.row.itemization).toEqual({
      date: '2025-01-31',
      dateKind: 'charge-off',
      amountMinor: 120_000,
      interestMinor: 2_450,
      feesMinor: 2_500,
      paymentsMinor: 1_500,
      accountNumberLast4: '6789',
    });
    expect(JSON.stringify(result)).not.toContain('4417');
  });

  it('fills the defaults: the delinquency date as last statement, and an amount that adds up', () => {
    const result = validate({ fees_since_itemization: '34.50' });
    expect(result.ok && result.row.itemization).toEqual({
      date: '2025-03-15',
      dateKind: 'last-statement',
      amountMinor: 120_000,
      interestMinor: 0,
      feesMinor: 3_450,
      paymentsMinor: 0,
    });
  });

  it('rejects figures that do not add up to the balance, without echoing them', () => {
    const found = rejections({ itemization_amount: '1000.00', interest_since_itemization: '10.00' });
    expect(found).toEqual([{ line: 2, field: 'itemization_amount', reason: expect.stringContaining('does not add up') }]);
    expect(JSON.stringify(found)).not.toMatch(/1000|10\.00/);
  });

  it.each([
    [{ itemization_date: '2025-06-03' }, 'itemization_date', 'must not be after the placement'],
    [{ itemization_date: '2025-02-30' }, 'itemization_date', 'not a real calendar date'],
    [{ itemization_date: '03/15/2025' }, 'itemization_date', 'YYYY-MM-DD'],
    [{ itemization_date_kind: 'chargeoff' }, 'itemization_date_kind', 'must be one of'],
    [{ fees_since_itemization: '-5.00' }, 'fees_since_itemization', 'must not be negative'],
    [{ interest_since_itemization: '1.234' }, 'interest_since_itemization', 'at most 2 decimals'],
    [{ interest_since_itemization: '2000.00' }, 'payments_since_itemization', 'exceed the balance'],
    [{ account_number: '4417<script>' }, 'account_number', 'letters, digits'],
  ])('rejects %j on %s', (extra, field, reason) => {
    const found = rejections(extra);
    expect(found).toEqual([{ line: 2, field, reason: expect.stringContaining(reason) }]);
    for (const value of Object.values(extra)) expect(JSON.stringify(found)).not.toContain(value);
  });

  it('every accepted itemization adds up to the balance (property)', () => {
    const cents = fc.integer({ min: 0, max: 500_000 });
    fc.assert(
      fc.property(cents, cents, cents, fc.option(cents, { nil: undefined }), (interest, fees, payments, amount) => {
        const decimal = (minor: number) => (minor / 100).toFixed(2);
        const extra: Record<string, string> = {
          interest_since_itemization: decimal(interest),
          fees_since_itemization: decimal(fees),
          payments_since_itemization: decimal(payments),
          ...(amount === undefined ? {} : { itemization_amount: decimal(amount) }),
        };
        const result = validate(extra);
        if (result.ok) expect(itemizedTotal(result.row.itemization!)).toBe(result.row.balanceMinor);
        else expect(result.rejections.every((r) => r.reason.includes('add up') || r.reason.includes('exceed'))).toBe(true);
      }),
    );
  });
});
