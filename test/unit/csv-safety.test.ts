// Every CSV Tactful writes goes through toCsv: cells that a spreadsheet would run as a formula are neutralised.
import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../shared/reports/csv.ts';

describe('csvCell', () => {
  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1'])('neutralises %j with a leading apostrophe', (cell) => {
    expect(csvCell(cell).replace(/^"/, '')).toMatch(/^'/);
  });

  it('quotes separators, quotes and line breaks (RFC 4180) and leaves plain cells alone', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('ACC-1')).toBe('ACC-1');
    expect(csvCell(12)).toBe('12');
    expect(csvCell(undefined)).toBe('');
  });

  it('writes CRLF rows with the header first', () => {
    expect(toCsv(['field', 'reason'], [['$.brand', '=bad']])).toBe("field,reason\r\n$.brand,'=bad\r\n");
  });
});
