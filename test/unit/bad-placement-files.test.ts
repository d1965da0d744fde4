// The bad-file rules, one by one, through the checks Ingest runs: the whole-file check (creditor, size,
// encoding, header) refuses a file before any row is applied; a row-level problem rejects only its row, each with its
// own reason.
import { describe, expect, it } from 'vitest';
import { MemoryFileStore } from '../../local/outboxes.ts';
import { MAX_CELL_CHARS, MAX_HEADER_CHARS, MAX_OVERLONG_ROWS, MAX_PLACEMENT_COLUMNS, MAX_PLACEMENT_ROWS } from '../../shared/limits.ts';
import { csvItems } from '../../shared/placements/csv.ts';
import { validatePlacementFile } from '../../shared/placements/validate-file.ts';
import { CONTACT_FIELD } from '../../shared/placements/validate-row.ts';
import { checkPlacementFile, MAX_REPEATED_ROWS } from '../../shared/usecases/check-placement-file.ts';
import { acmeProfile, MemoryCreditorStore } from '../handlers/setup/fakes.ts';

const now = new Date('2026-03-02T15:00:00Z');
const HEADER = 'account_ref,debtor_name,balance,currency,delinquency_date,email,phone';
const GOOD = 'G1,Gil,10.00,USD,2025-01-01,gil@example.com,';
const KEY = 'creditors/acme/inbox/placements/p.csv';

async function check(body: string | Uint8Array, options: { key?: string; maxBytes?: number } = {}) {
  const files = new MemoryFileStore();
  const key = options.key ?? KEY;
  await files.putBytes(key, typeof body === 'string' ? new TextEncoder().encode(body) : body, 'text/csv');
  return checkPlacementFile(
    { files, creditors: new MemoryCreditorStore(acmeProfile()), maxBytes: options.maxBytes ?? 1_000_000 },
    key,
    now,
  );
}

describe('a file is refused whole, with the reason', () => {
  it.each([
    [
      'an unknown creditor',
      { key: 'creditors/nobody/inbox/placements/p.csv' },
      `${HEADER}\n${GOOD}\n`,
      'creditor "nobody" has no accepted profile',
    ],
    ['more than the configured size', { maxBytes: 50 }, `${HEADER}\n${GOOD}\n`, 'the file is larger than the 50-byte limit'],
    [
      'undecodable bytes',
      {},
      new Uint8Array([...new TextEncoder().encode(`${HEADER}\nG1,G`), 0xc3, 0x28, 0x0a]),
      'the file is not valid UTF-8',
    ],
    [
      `more than ${MAX_PLACEMENT_COLUMNS} columns`,
      {},
      `${HEADER}${',x'.repeat(MAX_PLACEMENT_COLUMNS)}\n${GOOD}\n`,
      `the header has ${MAX_PLACEMENT_COLUMNS + 7} columns, more than the limit of ${MAX_PLACEMENT_COLUMNS}`,
    ],
    [
      'a column name too long to be one',
      {},
      `${HEADER},${'n'.repeat(MAX_HEADER_CHARS + 1)}\n${GOOD},\n`,
      `column 8 of the header is longer than ${MAX_HEADER_CHARS} characters`,
    ],
    [
      'a missing required header',
      {},
      'account_ref,debtor_name,balance,currency,email\nG1,Gil,10.00,USD,gil@example.com\n',
      'the header lacks required columns: delinquency_date',
    ],
  ])('%s', async (_rule, options, body, reason) => {
    expect(await check(body, options)).toEqual({
      usable: false,
      reason: typeof reason === 'string' ? reason : expect.stringMatching(reason),
    });
  });

  it('accepts UTF-8 with a BOM and CRLF line ends', async () => {
    expect(await check(`\uFEFF${HEADER}\r\n${GOOD}\r\n`)).toEqual({ usable: true, repeats: {}, overlong: {}, itemsKey: KEY });
  });
});

describe('a bad row is rejected alone, with its own reason', () => {
  const rows: Array<[string, string, string, string]> = [
    [
      'the same account_ref twice',
      'G1,Gil again,5.00,USD,2025-01-01,gil@example.com,',
      'account_ref',
      'appears more than once in this file (first on line 2)',
    ],
    ['a zero balance', 'Z1,Zoe,0.00,USD,2025-01-01,zoe@example.com,', 'balance', 'must be greater than zero'],
    ['a negative balance', 'N1,Ned,-12.00,USD,2025-01-01,ned@example.com,', 'balance', 'must not be negative'],
    [
      'a balance whose sums would overflow',
      'B1,Bo,90071992547409.91,USD,2025-01-01,bo@example.com,',
      'balance',
      'is larger than 1000000000000 minor units',
    ],
    ['an unknown currency', 'C1,Cy,10.00,ABC,2025-01-01,cy@example.com,', 'currency', 'not a known ISO 4217 currency code'],
    ['a future delinquency date', 'F1,Fay,10.00,USD,2026-03-10,fay@example.com,', 'delinquency_date', 'must not be in the future'],
    [
      'a phone with no email and no valid number',
      'P1,Pat,10.00,USD,2025-01-01,,12345',
      CONTACT_FIELD,
      'no email and no valid phone number: the debtor cannot be contacted',
    ],
  ];

  it.each(rows)('%s', async (_rule, row, field, reason) => {
    const result = await validatePlacementFile([`${HEADER}\n${GOOD}\n${row}\n`], now);
    expect(result).toMatchObject({ usable: true, rows: 2, accepted: 1, rejected: 1 });
    expect(result.usable && result.rejections).toContainEqual({ line: 3, field, reason });
  });

  it('gives each rule a reason of its own', () => {
    expect(new Set(rows.map(([, , , reason]) => reason)).size).toBe(rows.length);
  });
});

describe('CheckFile hands the batches every repeated reference', () => {
  const row = (ref: string) => `${ref},Gil,10.00,USD,2025-01-01,gil@example.com,`;

  it('maps each repeated line to the first line of its reference, whatever batch either falls in', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => row(`R${i}`));
    rows.push(row('R3'), row('R200'), row('R3'), 'R0,Gil,0,USD,2025-01-01,gil@example.com,');
    expect(await check(`${HEADER}\n${rows.join('\n')}\n`)).toEqual({
      usable: true,
      repeats: { '252': 5, '253': 202, '254': 5 },
      overlong: {},
      itemsKey: KEY,
    });
  });

  it(`refuses a file with more than ${MAX_REPEATED_ROWS} repeated rows whole: it lists transactions, not accounts`, async () => {
    const rows = Array.from({ length: MAX_REPEATED_ROWS + 3 }, (_, i) => row(`R${i % 2}`));
    expect(await check(`${HEADER}\n${rows.join('\n')}\n`)).toEqual({
      usable: false,
      reason: `more than ${MAX_REPEATED_ROWS} rows repeat an account_ref of an earlier row: a placement file has one row per account`,
    });
  });
});

describe('a file that is not CSV is refused without quoting it', () => {
  it.each([
    [
      'text after a closing quote',
      `${HEADER}\nG1,"Dana Quinn-Whitaker "x,10.00,USD,2025-01-01,,\n`,
      'a quoted cell has more text after its closing quote (line 2)',
    ],
    ['a quote never closed', `${HEADER}\nG1,"Dana Quinn-Whitaker,10.00,USD,2025-01-01,,\n`, 'a quoted cell is never closed (line 2)'],
  ])('%s', async (_problem, body, reason) => {
    const check1 = await check(body);
    expect(check1).toEqual({ usable: false, reason: `Not a readable CSV file: ${reason}` });
    expect(JSON.stringify(check1)).not.toContain('Dana');
  });
});

describe('every input is bounded, and a row over a bound is rejected alone', () => {
  const giant = 'Dana Quinn-Whitaker '.repeat(25_000);

  it('rejects only the row with an over-long cell, naming its column and the limit, never the cell', async () => {
    const body = `${HEADER},notes\n${GOOD},ok\nB1,Bo,10.00,USD,2025-01-01,bo@example.com,,"${giant}"\n`;
    const result = await validatePlacementFile([body], now);
    expect(result).toEqual({
      usable: true,
      rows: 2,
      accepted: 1,
      rejected: 1,
      rejections: [{ line: 3, field: 'notes', reason: `is longer than ${MAX_CELL_CHARS} characters: the row is not placed` }],
    });
    // A known column's own limit still applies below the cell limit.
    const name = await validatePlacementFile([`${HEADER}\nB1,${'n'.repeat(MAX_CELL_CHARS)},10.00,USD,2025-01-01,bo@example.com,\n`], now);
    expect(name).toMatchObject({ rejections: [{ field: 'debtor_name', reason: 'must be at most 200 characters' }] });
  });

  it('CheckFile hands the Map a copy with the over-long cell blanked, the other rows as they were', async () => {
    const files = new MemoryFileStore();
    const body = `${HEADER},notes\n${GOOD},"a ""quoted"", cell"\nB1,Bo,10.00,USD,2025-01-01,bo@example.com,,"${giant}"\n`;
    await files.putBytes(KEY, new TextEncoder().encode(body), 'text/csv');
    const result = await checkPlacementFile({ files, creditors: new MemoryCreditorStore(acmeProfile()), maxBytes: 1_000_000 }, KEY, now);
    const itemsKey = `ingest-results/trimmed/${KEY}`;
    expect(result).toEqual({ usable: true, repeats: {}, overlong: { '3': 'notes' }, itemsKey });
    const copy = [];
    for await (const item of csvItems([await files.getText(itemsKey)])) copy.push(item);
    expect(copy).toEqual([
      { ...Object.fromEntries(HEADER.split(',').map((h, i) => [h, GOOD.split(',')[i]])), notes: 'a "quoted", cell' },
      {
        account_ref: 'B1',
        debtor_name: 'Bo',
        balance: '10.00',
        currency: 'USD',
        delinquency_date: '2025-01-01',
        email: 'bo@example.com',
        phone: '',
        notes: '',
      },
    ]);
  });

  it(`refuses a file with more than ${MAX_OVERLONG_ROWS} rows with an over-long cell whole`, async () => {
    const rows = Array.from(
      { length: MAX_OVERLONG_ROWS + 1 },
      (_, i) => `R${i},Bo,10.00,USD,2025-01-01,bo@example.com,,${'x'.repeat(MAX_CELL_CHARS + 1)}`,
    );
    expect(await check(`${HEADER},notes\n${rows.join('\n')}\n`)).toEqual({
      usable: false,
      reason: `more than ${MAX_OVERLONG_ROWS} rows have a cell longer than ${MAX_CELL_CHARS} characters`,
    });
  });

  it(`refuses a file with more rows than the limit (${MAX_PLACEMENT_ROWS}) whole`, async () => {
    expect(await validatePlacementFile([`${HEADER}\n${GOOD}\n${GOOD.replace('G1', 'G2')}\n`], now, { rows: 1 })).toEqual({
      usable: false,
      reason: 'the file has more than 1 rows: split it into smaller files',
    });
  });
});
