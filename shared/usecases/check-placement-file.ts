// Before any row of a placement file is applied: is the file usable at all? An unknown creditor, a file over the
// size limit, bytes that are not UTF-8 or a header without the required columns stop it whole, with the reason.
import { parseInboxKey } from '../creditors/inbox.ts';
import { validatePlacementFile } from '../placements/validate-file.ts';
import type { CreditorStore, FileStore } from '../ports.ts';

export interface CheckFileDeps {
  files: FileStore;
  creditors: CreditorStore;
  /** Files larger than this are refused whole. */
  maxBytes: number;
}

export type FileCheck = { usable: true } | { usable: false; reason: string };

export async function checkPlacementFile(deps: CheckFileDeps, key: string, now: Date): Promise<FileCheck> {
  const { creditorId } = parseInboxKey(key);
  if (!(await deps.creditors.getProfile(creditorId))) return { usable: false, reason: `creditor "${creditorId}" has no accepted profile` };
  const bytes = await deps.files.getBytes(key);
  if (bytes.byteLength > deps.maxBytes) {
    return { usable: false, reason: `the file is ${bytes.byteLength} bytes, over the ${deps.maxBytes}-byte limit` };
  }
  const check = validatePlacementFile(bytes, now);
  return check.usable ? { usable: true } : { usable: false, reason: check.reason };
}
