// Reads creditor CSV files: UTF-8 with or without BOM, RFC 4180 quoting, CRLF or LF, a header row naming the columns.
import { pipeline, Readable } from 'node:stream';
import { CsvError, parse as parseStream } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { PermanentError } from '../errors.ts';

export interface CsvRecord {
  /** 1-based line of the record's first line in the file (the header is line 1). */
  line: number;
  values: Record<string, string>;
}

export interface CsvFile {
  header: string[];
  records: CsvRecord[];
}

export class CsvFormatError extends PermanentError {
  constructor(message: string) {
    super(message);
    this.name = 'CsvFormatError';
  }
}

/** What went wrong, in words of our own: csv-parse's messages quote the cell, which may be a debtor's name. */
const CSV_PROBLEMS: Record<string, string> = {
  CSV_INVALID_CLOSING_QUOTE: 'a quoted cell has more text after its closing quote',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'a quoted cell has more text after its closing quote',
  CSV_INVALID_OPENING_QUOTE: 'a cell has a quote inside unquoted text',
  CSV_QUOTE_NOT_CLOSED: 'a quoted cell is never closed',
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'a row has a different number of cells than the header',
  CSV_MAX_RECORD_SIZE: 'a row is too long',
};

/** A CsvFormatError that names the problem and its line, and never a value from the file. */
function unreadableCsv(error: CsvError): CsvFormatError {
  const problem = CSV_PROBLEMS[error.code] ?? `it does not parse (${error.code})`;
  const line = (error as CsvError & { lines?: number }).lines;
  return new CsvFormatError(`Not a readable CSV file: ${problem}${line ? ` (line ${line})` : ''}`);
}

export function parseCsv(text: string): CsvFile {
  let rows: Array<{ record: string[]; info: { lines: number } }>;
  try {
    rows = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true }) as unknown as typeof rows;
  } catch (error) {
    throw error instanceof CsvError ? unreadableCsv(error) : error;
  }
  const [head, ...body] = rows;
  if (!head) throw new CsvFormatError('The file is empty: a header row is required');
  const header = headerOf(head.record);
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

/** A file's content as it arrives: bytes or text, in any number of pieces. */
export type Chunks = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

export class NotUtf8Error extends PermanentError {
  constructor() {
    super('the file is not valid UTF-8');
    this.name = 'NotUtf8Error';
  }
}

export class FileTooLargeError extends PermanentError {
  constructor(maxBytes: number) {
    super(`the file is larger than the ${maxBytes}-byte limit`);
    this.name = 'FileTooLargeError';
  }
}

/** The chunks, until there are more than `maxBytes` of them: then the download stops and the file is refused. */
export async function* limitedTo(maxBytes: number, chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let bytes = 0;
  for await (const chunk of chunks) {
    bytes += chunk.byteLength;
    if (bytes > maxBytes) throw new FileTooLargeError(maxBytes);
    yield chunk;
  }
}

/** The chunks as text, refusing any byte sequence that is not UTF-8 (even one split across two chunks). */
export async function* decodeUtf8Strictly(chunks: Chunks): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of chunks) yield typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    yield decoder.decode();
  } catch (error) {
    if (error instanceof TypeError && (error as NodeJS.ErrnoException).code === 'ERR_ENCODING_INVALID_ENCODED_DATA')
      throw new NotUtf8Error();
    throw error;
  }
}

/**
 * The records of a CSV file, header first, parsed as the chunks arrive: memory stays flat however long the file. A
 * file that is not CSV throws a CsvFormatError; an error of the source (a broken download) is thrown as it is.
 */
export async function* csvRecords(chunks: Chunks): AsyncGenerator<string[]> {
  const parser = parseStream({ bom: true, skip_empty_lines: true, relax_column_count: true });
  // pipeline, not pipe: an error of the source must end the iteration, not leave it waiting.
  pipeline(Readable.from(chunks), parser, () => {});
  try {
    yield* parser as AsyncIterable<string[]>;
  } catch (error) {
    if (error instanceof CsvError) throw unreadableCsv(error);
    throw error;
  }
}

/**
 * The line of a data record, as the Distributed Map numbers its items (from 0, after the header): the header is line
 * 1. A quoted cell spanning lines still counts as one, so the acknowledgement and the CLI agree.
 */
export const lineOfItem = (index: number): number => index + 2;

/** Header names as Tactful reads them: trimmed. */
export const headerOf = (record: readonly string[]): string[] => record.map((name) => name.trim());

/**
 * The rows of a CSV file as a Distributed Map's CSV ItemReader gives them (header on the first row; every header gets a
 * value, empty when the row is short), streamed.
 */
export async function* csvItems(chunks: Chunks): AsyncGenerator<Record<string, string>> {
  let header: string[] | undefined;
  for await (const record of csvRecords(chunks)) {
    if (!header) {
      header = headerOf(record);
      continue;
    }
    yield itemOf(header, record);
  }
}

/** A record keyed by the header, as the ItemReader keys it. */
export function itemOf(header: readonly string[], record: readonly string[]): Record<string, string> {
  const row: Record<string, string> = {};
  for (let i = 0; i < header.length; i += 1) row[header[i]!] = record[i] ?? '';
  return row;
}
