// `tactful audit`: replays a simulation's outbox against the contact rules and lists every violation.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { auditOutbox, type InstructionRecord, type OutboxRecord, type PageRecord, type ReplyRecord } from '../audit/audit.ts';
import { readInput } from './read-input.ts';

export interface AuditOptions {
  placements: string;
  outbox: string;
  replies?: string;
  instructions?: string;
  pages?: string;
}

export async function runAudit(options: AuditOptions, print: (line: string) => void): Promise<number> {
  const placementsCsv = await readInput(options.placements, 'placements');
  const outbox = jsonLines<OutboxRecord>(await readInput(options.outbox, 'outbox'), options.outbox);
  const repliesPath = options.replies ?? join(dirname(options.outbox), 'replies.jsonl');
  const replies =
    options.replies || existsSync(repliesPath) ? jsonLines<ReplyRecord>(await readFile(repliesPath, 'utf8'), repliesPath) : [];
  const instructionsPath = options.instructions ?? join(dirname(options.outbox), 'instructions.jsonl');
  const instructions =
    options.instructions || existsSync(instructionsPath)
      ? jsonLines<InstructionRecord>(await readFile(instructionsPath, 'utf8'), instructionsPath)
      : [];
  const pagesPath = options.pages ?? join(dirname(options.outbox), 'page-actions.jsonl');
  const pages = options.pages || existsSync(pagesPath) ? jsonLines<PageRecord>(await readFile(pagesPath, 'utf8'), pagesPath) : [];
  const { checked, violations } = auditOutbox(placementsCsv, outbox, replies, instructions, pages);
  for (const v of violations) print(JSON.stringify(v));
  print(
    `${checked} messages sent checked against the contact rules (${replies.length} debtor replies, ${pages.length} page actions and ${instructions.length} creditor instructions considered): ${violations.length} violations`,
  );
  return violations.length === 0 ? 0 : 1;
}

function jsonLines<T>(text: string, path: string): T[] {
  return text
    .split('\n')
    .map((line, i) => [line, i + 1] as const)
    .filter(([line]) => line.trim() !== '')
    .map(([line, n]) => {
      try {
        return JSON.parse(line) as T;
      } catch {
        throw new Error(`${path} line ${n} is not valid JSON`);
      }
    });
}
