import { describe, expect, it } from 'vitest';
import { validatePlacementFile } from '../../shared/placements/validate-file.ts';

const now = new Date('2026-03-02T15:00:00Z');
const bytes = (text: string) => new TextEncoder().encode(text);
const HEADER = 'account_ref,debtor_name,balance,currency,delinquency_date,email';

describe('validatePlacementFile', () => {
  it('counts accepted rows and rejects each bad one with its line, including a repeated reference', () => {
    const check = validatePlacementFile(
      bytes(`\uFEFF${HEADER}\r\nA1,Ann,12.50,USD,2025-01-01,ann@example.com\r\nA2,Bo,0,USD,2025-01-01,bo@example.com\r\nA1,Ann again,5.00,USD,2025-01-01,ann@example.com\r\n`),
      now,
    );
    expect(check).toEqual({
      usable: true,
      rows: 3,
      accepted: 1,
      rejected: 2,
      rejections: [
        expect.objectContaining({ line: 3, field: 'balance' }),
        { line: 4, field: 'account_ref', reason: 'appears more than once in this file (first on line 2)' },
      ],
    });
  });

  it('says why a file is unusable: bytes that are not UTF-8, an empty file, a missing required column', () => {
    expect(validatePlacementFile(new Uint8Array([0xff, 0xfe, 0x41]), now)).toEqual({ usable: false, reason: 'the file is not valid UTF-8' });
    expect(validatePlacementFile(bytes(''), now)).toMatchObject({ usable: false, reason: expect.stringContaining('empty') });
    expect(validatePlacementFile(bytes('account_ref,debtor_name,email\nA1,Ann,a@example.com\n'), now)).toEqual({
      usable: false,
      reason: 'the header lacks required columns: balance, currency, delinquency_date',
    });
  });
});
