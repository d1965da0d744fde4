// A whole placement file checked the way Ingest checks it: first the file (readable UTF-8 CSV with the required
// header), then every row, including a reference repeated within the file. Pure and streamed: CheckFile runs it over
// the S3 object as it downloads, the CLI over a local file before upload, and memory holds only the references seen.
import { CsvFormatError, csvRecords, decodeUtf8Strictly, headerOf, itemOf, lineOfItem, NotUtf8Error, type Chunks } from './csv.ts';
import { REQUIRED_PLACEMENT_COLUMNS } from './schema.ts';
import { validatePlacementRow, type RowRejection } from './validate-row.ts';
import { PermanentError } from '../errors.ts';
import { MAX_CELL_CHARS, MAX_HEADER_CHARS, MAX_PLACEMENT_COLUMNS, MAX_PLACEMENT_ROWS } from '../limits.ts';

/** Why a file cannot be used at all; nothing of it is applied. */
export class UnusablePlacementFile extends PermanentError {
  constructor(reason: string) {
    super(reason);
    this.name = 'UnusablePlacementFile';
  }
}

/**
 * One data row's verdict. `repeatOf`: the line that placed the same account_ref earlier in the file. `overlong`: the
 * column of a cell over MAX_CELL_CHARS (such a row is rejected before any other check, and the Map never reads it).
 */
export type RowVerdict =
  | { line: number; ok: true }
  | { line: number; ok: false; rejections: RowRejection[]; repeatOf?: number; overlong?: string };

export const repeatedRefReason = (firstLine: number): string => `appears more than once in this file (first on line ${firstLine})`;

/** Why a row with an over-long cell is rejected: the limit, never the cell. */
export const overlongCellReason = `is longer than ${MAX_CELL_CHARS} characters: the row is not placed`;

/** The bounds of a placement file (shared/limits.ts); tests lower them. */
export interface PlacementFileLimits {
  rows: number;
}
const DEFAULT_LIMITS: PlacementFileLimits = { rows: MAX_PLACEMENT_ROWS };

/** The first column whose cell is over MAX_CELL_CHARS (cells past the header's columns are not read). */
export function overlongColumn(header: readonly string[], record: readonly string[]): string | undefined {
  const index = header.findIndex((_, i) => (record[i]?.length ?? 0) > MAX_CELL_CHARS);
  return index === -1 ? undefined : header[index];
}

/** The whole file is refused when its header has too many columns or a column name too long to be one. */
function headerProblem(header: readonly string[]): string | undefined {
  if (header.length > MAX_PLACEMENT_COLUMNS)
    return `the header has ${header.length} columns, more than the limit of ${MAX_PLACEMENT_COLUMNS}`;
  const long = header.findIndex((name) => name.length > MAX_HEADER_CHARS);
  if (long !== -1) return `column ${long + 1} of the header is longer than ${MAX_HEADER_CHARS} characters`;
  const present = new Set(header.map((h) => h.toLowerCase()));
  const missing = REQUIRED_PLACEMENT_COLUMNS.filter((c) => !present.has(c));
  return missing.length > 0 ? `the header lacks required columns: ${missing.join(', ')}` : undefined;
}

/**
 * Every data row's verdict, in file order; throws UnusablePlacementFile when the file as a whole is unusable. Lines
 * count records as the Distributed Map does (the header is line 1), so they match the acknowledgement's.
 */
export async function* placementRowVerdicts(chunks: Chunks, now: Date, limits = DEFAULT_LIMITS): AsyncGenerator<RowVerdict> {
  const firstLineOf = new Map<string, number>();
  let header: string[] | undefined;
  let index = 0;
  try {
    for await (const record of csvRecords(decodeUtf8Strictly(chunks))) {
      if (!header) {
        header = headerOf(record);
        const problem = headerProblem(header);
        if (problem) throw new UnusablePlacementFile(problem);
        continue;
      }
      const line = lineOfItem(index);
      index += 1;
      if (index > limits.rows) throw new UnusablePlacementFile(`the file has more than ${limits.rows} rows: split it into smaller files`);
      const overlong = overlongColumn(header, record);
      if (overlong !== undefined) {
        yield { line, ok: false, rejections: [{ line, field: overlong, reason: overlongCellReason }], overlong };
        continue;
      }
      const checked = validatePlacementRow(itemOf(header, record), line, now);
      if (!checked.ok) {
        yield { line, ok: false, rejections: checked.rejections };
        continue;
      }
      const first = firstLineOf.get(checked.row.accountRef);
      if (first !== undefined) {
        yield { line, ok: false, rejections: [{ line, field: 'account_ref', reason: repeatedRefReason(first) }], repeatOf: first };
        continue;
      }
      firstLineOf.set(checked.row.accountRef, line);
      yield { line, ok: true };
    }
  } catch (error) {
    if (error instanceof NotUtf8Error || error instanceof CsvFormatError) throw new UnusablePlacementFile(error.message);
    throw error;
  }
  if (!header) throw new UnusablePlacementFile('The file is empty: a header row is required');
}

export type PlacementFileCheck =
  | { usable: false; reason: string }
  | { usable: true; rows: number; accepted: number; rejected: number; rejections: RowRejection[] };

/** The whole check with every rejection, as `tactful validate-placement` prints it. */
export async function validatePlacementFile(chunks: Chunks, now: Date, limits = DEFAULT_LIMITS): Promise<PlacementFileCheck> {
  const rejections: RowRejection[] = [];
  let rows = 0;
  let accepted = 0;
  try {
    for await (const verdict of placementRowVerdicts(chunks, now, limits)) {
      rows += 1;
      if (verdict.ok) accepted += 1;
      else rejections.push(...verdict.rejections);
    }
  } catch (error) {
    if (error instanceof UnusablePlacementFile) return { usable: false, reason: error.message };
    throw error;
  }
  return { usable: true, rows, accepted, rejected: rows - accepted, rejections };
}
