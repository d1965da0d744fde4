// `tactful validate-placement` and `tactful schema placement`: the placement format, offline, before upload.
import { createReadStream } from 'node:fs';
import { placementRowJsonSchema } from '../../shared/placements/schema.ts';
import type { RowRejection } from '../../shared/placements/validate-row.ts';
import { validatePlacementFile, type PlacementFileCheck } from '../../shared/placements/validate-file.ts';

/** Exit codes: 0 when the file could be read (even with rejected rows), 2 when the file itself is unusable. */
export async function runValidatePlacement(file: string, json: boolean, write: (line: string) => void): Promise<number> {
  let check: PlacementFileCheck;
  try {
    check = await validatePlacementFile(createReadStream(file), new Date());
  } catch (error) {
    // Anything thrown is the file system's: what the file says is in the check.
    throw new Error(`cannot read the placement file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (!check.usable) {
    write(json ? JSON.stringify({ usable: false, error: check.reason }) : unusableFileLine(file, check.reason));
    return 2;
  }
  if (json) {
    const errors = check.rejections.map((r) => ({ line: r.line, field: r.field, message: r.reason }));
    write(JSON.stringify({ accepted: check.accepted, rejected: check.rejected, errors }));
  } else {
    write(`${file}: ${check.rows} rows: ${check.accepted} accepted, ${check.rejected} rejected`);
    for (const line of rejectedRowLines(check.rejections)) write(line);
  }
  return 0;
}

/** A file refused whole, as validate-placement and simulate print it. */
export function unusableFileLine(file: string, reason: string): string {
  return `${file}: not usable: ${reason}`;
}

/** Each rejected row (line, field, reason), as validate-placement and simulate print them. */
export function rejectedRowLines(rejections: readonly RowRejection[]): string[] {
  return rejections.map((r) => `  line ${r.line}, ${r.field}: ${r.reason}`);
}

export function runSchema(what: string | undefined, write: (text: string) => void): number {
  if (what !== 'placement') throw new Error(`schema knows "placement"; got "${what ?? ''}"`);
  write(JSON.stringify(placementRowJsonSchema(), null, 2));
  return 0;
}
