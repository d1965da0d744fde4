// Every id the offline runtime mints (message ids, task tokens, Lambda request ids, Map Run ids) and the link-signing
// key come from the run's seed, never from a random source, so the same seed replays the same run byte for byte.
// An id is keyed by what it is for (a touch, an execution) rather than drawn from one sequence: handlers in flight at
// the same virtual instant may ask in either order, and must still get the same ids.
import { createHash } from 'node:crypto';
import { deterministicId } from './event-sources.ts';

export class SeededIds {
  private readonly seed: number;
  private readonly minted = new Map<string, number>();

  constructor(seed: number) {
    this.seed = seed;
  }

  /** The next id for `purpose`: the first one asked for it, the second, … */
  next(purpose: string): string {
    const count = (this.minted.get(purpose) ?? 0) + 1;
    this.minted.set(purpose, count);
    return deterministicId(`${this.seed}:${purpose}:${count}`);
  }

  /** A 32-byte key for `purpose`, as a run's KMS key would be. */
  key(purpose: string): Buffer {
    return createHash('sha256').update(`${this.seed}:key:${purpose}`).digest();
  }
}
