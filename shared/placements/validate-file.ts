// A whole placement file checked the way Ingest checks it: first the file (readable UTF-8 CSV with the required
// header), then every row, including a reference repeated within the file. Pure and streamed: CheckFile runs it over
// the S3 object as it downloads, the CLI over a local file before upload, and memory holds only the references seen.
import { CsvFormatError, csvRecords, decodeUtf8Strictly, headerOf, itemOf, lineOfItem, NotUtf8Error, type Chunks } from './csv.ts';
import { REQUIRED_PLACEMENT_COLUMNS } from './schema.ts';
import { validatePlacementRow, type RowRejection } from './validate-row.ts';
import { PermanentError } from '../errors.ts';

/** Why a file cannot be used at all; nothing of it is applied. */
export class UnusablePlacementFile extends PermanentError {
  constructor(reason: string) {
    super(reason);
    this.name = 'UnusablePlacementFile';
  }
}

/** One data row's verdict. `repeatOf`: the line that placed the same account_ref earlier in the file. */
export type RowVerdict = { line: number; ok: true } | { line: number; ok: false; rejections: RowRejection[]; repeatOf?: number };

export const repeatedRefReason = (firstLine: number): string => `appears more than once in this file (first on line ${firstLine})`;

/**
 * Every data row's verdict, in file order; throws UnusablePlacementFile when the file as a whole is unusable. Lines
 * count records as the Distributed Map does (the header is line 1), so they match the acknowledgement's.
 */
export async function* placementRowVerdicts(chunks: Chunks, now: Date): AsyncGenerator<RowVerdict> {
  const firstLineOf = new Map<string, number>();
  let header: string[] | undefined;
  let index = 0;
  try {
    for await (const record of csvRecords(decodeUtf8Strictly(chunks))) {
      if (!header) {
        header = headerOf(record);
        const present = new Set(header.map((h) => h.toLowerCase()));
        const missing = REQUIRED_PLACEMENT_COLUMNS.filter((c) => !present.has(c));
        if (missing.length > 0) throw new UnusablePlacementFile(`the header lacks required columns: ${missing.join(', ')}`);
        continue;
      }
      const line = lineOfItem(index);
      index += 1;
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
export async function validatePlacementFile(chunks: Chunks, now: Date): Promise<PlacementFileCheck> {
  const rejections: RowRejection[] = [];
  let rows = 0;
  let accepted = 0;
  try {
    for await (const verdict of placementRowVerdicts(chunks, now)) {
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
