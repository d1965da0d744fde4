import { describe, expect, it } from 'vitest';
import { validatePlacementFile } from '../../shared/placements/validate-file.ts';

const now = new Date('2026-03-02T15:00:00Z');
const bytes = (text: string) => new TextEncoder().encode(text);
const HEADER = 'account_ref,debtor_name,balance,currency,delinquency_date,email';

describe('validatePlacementFile', () => {
  it('counts accepted rows and rejects each bad one with its line, including a repeated reference', async () => {
    const check = await validatePlacementFile(
      [
        bytes(
          `\uFEFF${HEADER}\r\nA1,Ann,12.50,USD,2025-01-01,ann@example.com\r\nA2,Bo,0,USD,2025-01-01,bo@example.com\r\nA1,Ann again,5.00,USD,2025-01-01,ann@example.com\r\n`,
        ),
      ],
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

  it('says why a file is unusable: bytes that are not UTF-8, an empty file, a missing required column', async () => {
    expect(await validatePlacementFile([new Uint8Array([0xff, 0xfe, 0x41])], now)).toEqual({
      usable: false,
      reason: 'the file is not valid UTF-8',
    });
    expect(await validatePlacementFile([bytes('')], now)).toMatchObject({ usable: false, reason: expect.stringContaining('empty') });
    expect(await validatePlacementFile([bytes('account_ref,debtor_name,email\nA1,Ann,a@example.com\n')], now)).toEqual({
      usable: false,
      reason: 'the header lacks required columns: balance, currency, delinquency_date',
    });
  });
});

describe('the check streams the file', () => {
  const row = (ref: string) => `${ref},Ann,12.50,USD,2025-01-01,${ref.toLowerCase()}@example.com\n`;

  it('decodes a character split across two chunks, and refuses a bad byte in a later chunk', async () => {
    const text = bytes(`${HEADER}\nA1,Zoë,12.50,USD,2025-01-01,z@example.com\n`);
    const split = text.indexOf(0xc3) + 1; // between the two bytes of ë
    expect(await validatePlacementFile([text.slice(0, split), text.slice(split)], now)).toMatchObject({ usable: true, accepted: 1 });
    expect(await validatePlacementFile([text, new Uint8Array([0x41, 0xff, 0x0a])], now)).toEqual({
      usable: false,
      reason: 'the file is not valid UTF-8',
    });
  });

  it('numbers lines as the Distributed Map numbers items: a quoted cell spanning lines counts once', async () => {
    const check = await validatePlacementFile(
      [
        `${HEADER},note\nA1,Ann,1.00,USD,2025-01-01,a@example.com,"two\nlines"\n${row('A2').trim()},\nA3,Al,0,USD,2025-01-01,c@example.com,\n`,
      ],
      now,
    );
    expect(check).toMatchObject({ usable: true, rows: 3, rejections: [expect.objectContaining({ line: 4, field: 'balance' })] });
  });

  it('passes on an error of the source itself (a broken download), which is no verdict on the file', async () => {
    async function* broken() {
      yield bytes(`${HEADER}\n${row('A1')}`);
      throw new Error('socket hang up');
    }
    await expect(validatePlacementFile(broken(), now)).rejects.toThrow('socket hang up');
  });

  it('reads a 50,000-row file chunk by chunk (64 KiB), as it downloads', async () => {
    const text = bytes(`${HEADER}\n${Array.from({ length: 50_000 }, (_, i) => row(`R${i}`)).join('')}`);
    const chunks = Array.from({ length: Math.ceil(text.length / 65_536) }, (_, i) => text.subarray(i * 65_536, (i + 1) * 65_536));
    expect(await validatePlacementFile(chunks, now)).toMatchObject({ usable: true, rows: 50_000, accepted: 50_000, rejected: 0 });
  });
});
