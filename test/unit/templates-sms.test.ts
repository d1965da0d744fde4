import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GSM7_BASIC, GSM7_EXTENSION, smsSize } from '../../shared/templates/sms.ts';

const a = (n: number) => 'a'.repeat(n);

describe('smsSize', () => {
  it('knows the GSM 03.38 tables', () => {
    expect([...GSM7_BASIC]).toHaveLength(127);
    expect([...GSM7_EXTENSION]).toHaveLength(10);
    for (const ch of 'éñÑüÜ¿¡àèùìò') expect(smsSize(ch).encoding).toBe('GSM-7');
    for (const ch of 'áíóúÁÍÓÚçâ’“😀') expect(smsSize(ch).encoding).toBe('UCS-2');
  });

  it('counts GSM-7: 160 in one segment, 153 per segment after', () => {
    expect(smsSize('')).toMatchObject({ segments: 0, units: 0 });
    expect(smsSize(a(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1, nonGsmCharacters: [] });
    expect(smsSize(a(161))).toMatchObject({ units: 161, segments: 2 });
    expect(smsSize(a(306))).toMatchObject({ segments: 2 });
    expect(smsSize(a(307))).toMatchObject({ segments: 3 });
    expect(smsSize(a(459))).toMatchObject({ segments: 3 });
    expect(smsSize(a(460))).toMatchObject({ segments: 4 });
  });

  it('counts extension-table characters as two septets and never splits one', () => {
    expect(smsSize('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsSize('€'.repeat(81))).toMatchObject({ units: 162, segments: 2 });
    expect(smsSize(`${a(159)}[`)).toMatchObject({ units: 161, segments: 2 });
    // 152 + 2 would straddle the first segment's end: the escape sequence moves whole into the second.
    expect(smsSize(`${a(152)}€${a(152)}`)).toMatchObject({ units: 306, segments: 3 });
    expect(smsSize(`${a(151)}€${a(153)}`)).toMatchObject({ units: 306, segments: 2 });
  });

  it('counts UCS-2: 70 in one segment, 67 per segment after, and names the characters that forced it', () => {
    expect(smsSize(`${a(69)}á`)).toEqual({ encoding: 'UCS-2', units: 70, segments: 1, nonGsmCharacters: ['á'] });
    expect(smsSize(`${a(70)}á`)).toMatchObject({ units: 71, segments: 2 });
    expect(smsSize(`${a(133)}ó`)).toMatchObject({ segments: 2 });
    expect(smsSize(`${a(134)}ó`)).toMatchObject({ segments: 3 });
    expect(smsSize('Está aquí, ¿sí? Sí.').nonGsmCharacters).toEqual(['á', 'í']);
    // A surrogate pair costs two units and stays whole.
    expect(smsSize(`${a(66)}😀${a(66)}`)).toMatchObject({ units: 134, segments: 3 });
    expect(smsSize(`${a(65)}😀${a(67)}`)).toMatchObject({ units: 134, segments: 2 });
  });

  it('agrees with the simple formula when nothing straddles a boundary (property)', () => {
    const basic = fc.string({ unit: fc.constantFrom(...'abcXYZ 019.,!?éñ@£'), maxLength: 1200 });
    fc.assert(
      fc.property(basic, (text) => {
        const size = smsSize(text);
        expect(size.encoding).toBe('GSM-7');
        expect(size.units).toBe(text.length);
        expect(size.segments).toBe(text.length === 0 ? 0 : text.length <= 160 ? 1 : Math.ceil(text.length / 153));
      }),
    );
    const wide = fc.string({ unit: fc.constantFrom(...'abcáíóú '), minLength: 1, maxLength: 800 }).filter((t) => /[áíóú]/.test(t));
    fc.assert(
      fc.property(wide, (text) => {
        const size = smsSize(text);
        expect(size.encoding).toBe('UCS-2');
        expect(size.segments).toBe(text.length <= 70 ? 1 : Math.ceil(text.length / 67));
      }),
    );
  });
});
