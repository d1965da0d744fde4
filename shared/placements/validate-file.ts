// A whole placement file checked the way Ingest checks it: first the file (readable UTF-8 CSV with the required
// header), then every row, including a reference repeated within the file. Pure: the CLI runs it before upload.
import { CsvFormatError, parseCsv } from './csv.ts';
import { REQUIRED_PLACEMENT_COLUMNS, validatePlacementRow, type RowRejection } from './schema.ts';

export type PlacementFileCheck =
  | { usable: false; reason: string }
  | { usable: true; rows: number; accepted: number; rejected: number; rejections: RowRejection[] };

export function validatePlacementFile(bytes: Uint8Array, now: Date): PlacementFileCheck {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { usable: false, reason: 'the file is not valid UTF-8' };
  }
  let csv: ReturnType<typeof parseCsv>;
  try {
    csv = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvFormatError) return { usable: false, reason: error.message };
    throw error;
  }
  const header = new Set(csv.header.map((h) => h.toLowerCase()));
  const missing = REQUIRED_PLACEMENT_COLUMNS.filter((c) => !header.has(c));
  if (missing.length > 0) return { usable: false, reason: `the header lacks required columns: ${missing.join(', ')}` };

  const rejections: RowRejection[] = [];
  const firstLineOf = new Map<string, number>();
  let accepted = 0;
  for (const { line, values } of csv.records) {
    const checked = validatePlacementRow(values, line, now);
    if (!checked.ok) {
      rejections.push(...checked.rejections);
      continue;
    }
    const first = firstLineOf.get(checked.row.accountRef);
    if (first !== undefined) {
      rejections.push({ line, field: 'account_ref', reason: `appears more than once in this file (first on line ${first})` });
      continue;
    }
    firstLineOf.set(checked.row.accountRef, line);
    accepted += 1;
  }
  const rows = csv.records.length;
  return { usable: true, rows, accepted, rejected: rows - accepted, rejections };
}
