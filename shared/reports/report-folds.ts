// The daily report folds every account of a creditor, every day; most of them (resolved, or waiting) did not move
// since the day before. A warm reports function keeps each account's fold and folds again only the accounts whose
// history changed.
import type { AccountEvent } from '../accounts/events.ts';
import { accountAsOf, type AccountAsOf } from './daily.ts';
import { accountFacts, type AccountFacts } from './kpis.ts';

/** Enough for a large creditor within the function's memory (a fold is a few kilobytes); beyond it the oldest go. */
const DEFAULT_CAPACITY = 50_000;

export interface ReportFold {
  /** The account as it stood at the day's end; undefined when it was not placed by then. */
  account: AccountAsOf | undefined;
  facts: AccountFacts | undefined;
}

interface KeptFold extends ReportFold {
  asOf: number;
  eventCount: number;
  lastSeq: number;
}

export class ReportFolds {
  private readonly kept = new Map<string, KeptFold>();
  private readonly capacity: number;

  constructor(capacity = DEFAULT_CAPACITY) {
    this.capacity = capacity;
  }

  /**
   * The account's fold up to `asOf`. A kept fold serves when the history is the one it folded (events are only ever
   * appended, each with the next sequence number) and all of it was already within the earlier day: then the same
   * events count at the later day too.
   */
  foldUntil(accountId: string, events: readonly AccountEvent[], asOf: Date): ReportFold {
    const until = asOf.getTime();
    const lastSeq = lastSequence(events);
    const kept = this.kept.get(accountId);
    if (kept && kept.asOf <= until && kept.eventCount === events.length && kept.lastSeq === lastSeq) return kept;
    const fold = { account: accountAsOf(accountId, events, asOf), facts: accountFacts({ events }, asOf) };
    this.kept.delete(accountId);
    if (lastSeq === undefined || !events.every((e) => Date.parse(e.at) <= until)) return fold;
    if (this.kept.size >= this.capacity) this.kept.delete(this.kept.keys().next().value!);
    const keptFold = { ...fold, asOf: until, eventCount: events.length, lastSeq };
    this.kept.set(accountId, keptFold);
    return keptFold;
  }
}

/** The highest sequence number, or undefined when any event has none (in flight: not a settled history). */
function lastSequence(events: readonly AccountEvent[]): number | undefined {
  let last = 0;
  for (const event of events) {
    if (event.seq === undefined) return undefined;
    if (event.seq > last) last = event.seq;
  }
  return last;
}
