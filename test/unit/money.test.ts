// Money in integer minor units: exact parsing of decimal text and formatting for people.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney, parseDecimalToMinor } from '../../shared/money.ts';

describe('parseDecimalToMinor', () => {
  it.each([
    ['0', 'USD', 0],
    ['1234.5', 'USD', 123450],
    ['1234.50', 'usd', 123450],
    [' 0.07 ', 'USD', 7],
    ['0.1', 'USD', 10],
    ['1000', 'JPY', 1000],
    ['1.234', 'BHD', 1234],
    ['90071992547409.91', 'USD', 9007199254740991],
  ])('%s %s → %d', (amount, currency, minor) => {
    expect(parseDecimalToMinor(amount, currency)).toBe(minor);
  });

  it.each([
    ['1,234.50', 'USD', /decimal amount/],
    ['12.345', 'USD', /at most 2 decimals/],
    ['10.5', 'JPY', /whole number/],
    ['', 'USD', /decimal amount/],
    ['1', 'ABC', /unknown currency/],
    ['90071992547409.92', 'USD', /too large/],
  ])('rejects %s %s', (amount, currency, message) => {
    expect(() => parseDecimalToMinor(amount, currency)).toThrow(message);
  });

  it('is exact where floats are not (property)', () => {
    fc.assert(
      fc.property(fc.nat({ max: 10 ** 13 }), fc.nat({ max: 99 }), (whole, cents) => {
        const text = `${whole}.${String(cents).padStart(2, '0')}`;
        expect(parseDecimalToMinor(text, 'USD')).toBe(whole * 100 + cents);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('formatMoney', () => {
  it('formats for people', () => {
    expect(formatMoney(123450, 'USD')).toBe('$1,234.50');
    expect(formatMoney(5, 'USD')).toBe('$0.05');
    expect(formatMoney(-5, 'USD')).toBe('-$0.05');
    expect(formatMoney(15000, 'JPY')).toBe('¥15,000');
    expect(formatMoney(9007199254740991, 'USD')).toBe('$90,071,992,547,409.91');
    expect(formatMoney(123450, 'EUR', 'de-DE')).toBe('1.234,50\u00a0€');
  });

  it('round-trips with parseDecimalToMinor', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (minor) => {
        const plain = formatMoney(minor, 'USD').replace(/[$,]/g, '');
        expect(parseDecimalToMinor(plain, 'USD')).toBe(minor);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses non-integers', () => {
    expect(() => formatMoney(1.5, 'USD')).toThrow(/safe integer/);
  });
});
