// Reads creditor CSV files: UTF-8 with or without BOM, RFC 4180 quoting, CRLF or LF, a header row naming the columns.
import { Readable } from 'node:stream';
import { parse as parseStream } from 'csv-parse';
import { parse } from 'csv-parse/sync';

export interface CsvRecord {
  /** 1-based line of the record's first line in the file (the header is line 1). */
  line: number;
  values: Record<string, string>;
}

export interface CsvFile {
  header: string[];
  records: CsvRecord[];
}

export class CsvFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvFormatError';
  }
}

export function parseCsv(text: string): CsvFile {
  let rows: Array<{ record: string[]; info: { lines: number } }>;
  try {
    rows = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true }) as unknown as typeof rows;
  } catch (error) {
    throw new CsvFormatError(`Not a readable CSV file: ${(error as Error).message}`);
  }
  const [head, ...body] = rows;
  if (!head) throw new CsvFormatError('The file is empty: a header row is required');
  const header = head.record.map((name) => name.trim());
  const records = body.map(({ record, info }) => {
    const values: Record<string, string> = {};
    header.forEach((name, i) => {
      if (record[i] !== undefined) values[name] = record[i]!;
    });
    // info.lines is the line the record ended on; a quoted cell may span lines, so count back.
    const span = record.join(',').split(/\r\n|\n|\r/).length - 1;
    return { line: info.lines - span, values };
  });
  return { header, records };
}

/**
 * The rows of a CSV file as a Distributed Map's CSV ItemReader gives them (header on the first row; every header gets a
 * value, empty when the row is short), parsed as the bytes arrive: memory stays flat however long the file.
 */
export async function* csvItems(chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>): AsyncGenerator<Record<string, string>> {
  const records = Readable.from(chunks).pipe(parseStream({ bom: true, skip_empty_lines: true, relax_column_count: true }));
  let header: string[] | undefined;
  for await (const record of records as AsyncIterable<string[]>) {
    if (!header) {
      header = record.map((name) => name.trim());
      continue;
    }
    const row: Record<string, string> = {};
    for (let i = 0; i < header.length; i += 1) row[header[i]!] = record[i] ?? '';
    yield row;
  }
}
