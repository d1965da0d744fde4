// UTC offsets of IANA time zones, from the runtime's own zone data (Intl/ICU), cached as offset transitions.
//
// A zone's offset is piecewise constant. The first question about an instant asks Intl for the offsets across the
// ~25-day block around it (one sample a day, and a binary search to the millisecond where a sample differs); every
// later question about that block is an array look-up. A decision therefore costs no Intl call at all once its
// blocks are warm, and DST transitions are exactly where the runtime's tzdata puts them.
import { DAY_MS } from './calendar.ts';
import { cachedIn } from '../cached.ts';

/** 2^31 ms ≈ 24.86 days: a block holds at most one US DST transition. */
const BLOCK_MS = 2 ** 31;
/** Offsets are sampled once a day: no zone changes its offset twice within a day. */
const SAMPLE_MS = DAY_MS;
/** Blocks kept per zone before the cache starts over (≈ 200 years of blocks; only reached by odd workloads). */
const MAX_BLOCKS = 3000;

interface Block {
  index: number;
  end: number;
  /** offsets[i] holds from changes[i - 1] (or the block start) until changes[i] (or the block end). */
  offsets: number[];
  changes: number[];
}

const OFFSET_PATTERN = /^(?:GMT|UTC)(?:([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?)?$/;

export class ZoneClock {
  readonly zone: string;
  private readonly formatter: Intl.DateTimeFormat;
  private readonly blocks = new Map<number, Block>();
  private last: Block | undefined;

  constructor(zone: string, formatter: Intl.DateTimeFormat) {
    this.zone = zone;
    this.formatter = formatter;
  }

  /** The zone's UTC offset at instant `t`, in ms (local = t + offset). */
  offsetAt(t: number): number {
    const block = this.blockAt(t);
    const { changes, offsets } = block;
    let i = 0;
    while (i < changes.length && t >= changes[i]!) i++;
    return offsets[i]!;
  }

  /** The first instant after `t` at which the offset may change (a transition, or the end of a cached block). */
  nextChangeAfter(t: number): number {
    const block = this.blockAt(t);
    for (const change of block.changes) if (change > t) return change;
    return block.end;
  }

  /** Local wall-clock time at `t`, as ms on a UTC-based axis (day number = floor(local / DAY_MS)). */
  localAt(t: number): number {
    return t + this.offsetAt(t);
  }

  private blockAt(t: number): Block {
    const index = Math.floor(t / BLOCK_MS);
    const last = this.last;
    if (last !== undefined && last.index === index) return last;
    let block = this.blocks.get(index);
    if (block === undefined) {
      if (this.blocks.size >= MAX_BLOCKS) this.blocks.clear();
      block = this.computeBlock(index);
      this.blocks.set(index, block);
    }
    this.last = block;
    return block;
  }

  private computeBlock(index: number): Block {
    const start = index * BLOCK_MS;
    const end = start + BLOCK_MS;
    let previousAt = start;
    let previous = this.rawOffset(start);
    const offsets = [previous];
    const changes: number[] = [];
    for (let sample = start + SAMPLE_MS; ; sample += SAMPLE_MS) {
      const at = Math.min(sample, end - 1);
      let offset = this.rawOffset(at);
      // More than one change between two samples is found one after the other.
      while (offset !== previous) {
        let lo = previousAt;
        let hi = at;
        while (hi - lo > 1) {
          const mid = lo + Math.floor((hi - lo) / 2);
          if (this.rawOffset(mid) === previous) lo = mid;
          else hi = mid;
        }
        previous = this.rawOffset(hi);
        previousAt = hi;
        changes.push(hi);
        offsets.push(previous);
        offset = this.rawOffset(at);
      }
      previousAt = at;
      if (at === end - 1) break;
    }
    return { index, end, offsets, changes };
  }

  private rawOffset(t: number): number {
    const parts = this.formatter.formatToParts(t);
    const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
    const match = OFFSET_PATTERN.exec(name);
    if (!match) throw new Error(`Unexpected offset "${name}" for ${this.zone}`);
    if (match[1] === undefined) return 0;
    const sign = match[1] === '-' ? -1 : 1;
    const ms = Number(match[2]) * 3_600_000 + Number(match[3] ?? 0) * 60_000 + Number(match[4] ?? 0) * 1000;
    return sign * ms;
  }
}

const clocks = new Map<string, ZoneClock | null>();

/** The clock of an IANA zone, or null when the runtime does not know the zone. Cached for the process. */
export function zoneClock(zone: string): ZoneClock | null {
  return cachedIn(clocks, zone, () => {
    try {
      return new ZoneClock(zone, new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset', year: 'numeric' }));
    } catch {
      return null;
    }
  });
}
