// The virtual clock: fake Date, setTimeout and clearTimeout (only those), and move time to the next timer only
// while no handler work is in flight. Real setImmediate keeps flushing I/O (the embedded DynamoDB's sockets) between.
import FakeTimers from '@sinonjs/fake-timers';

type InstalledClock = ReturnType<typeof FakeTimers.install>;
import type { WorkTracker } from './work-tracker.ts';

const DAY_MS = 86_400_000;
const realSetImmediate = globalThis.setImmediate;
const flushIo = (): Promise<void> => new Promise((resolve) => realSetImmediate(resolve));

export class VirtualClock {
  private readonly clock: InstalledClock;
  private readonly tracker: WorkTracker;

  constructor(start: Date, tracker: WorkTracker) {
    this.tracker = tracker;
    this.clock = FakeTimers.install({
      now: start,
      toFake: ['Date', 'setTimeout', 'clearTimeout'],
      shouldClearNativeTimers: true,
    });
  }

  now(): Date {
    return new Date(this.clock.now);
  }

  /** Waits until nothing is in flight and I/O has drained at the current instant. */
  async settle(): Promise<void> {
    let quietRounds = 0;
    while (quietRounds < 3) {
      await flushIo();
      quietRounds = this.tracker.busy ? 0 : quietRounds + 1;
    }
  }

  /**
   * Runs the world forward until `until`, or until no timer is left. Calls `onTick` after each instant settles.
   * Returns the virtual time reached.
   */
  async runUntil(until: Date, onTick?: (now: Date) => void): Promise<Date> {
    // A heartbeat at most a day apart marks the horizon: Node (and so the fake clock) treats delays beyond
    // 2^31-1 ms (24.8 days) as 1 ms, so one timer for the whole horizon would fire at once.
    let reachedEnd = false;
    let heartbeat: ReturnType<InstalledClock['setTimeout']> | undefined;
    const beat = (): void => {
      const left = until.getTime() - this.clock.now;
      if (left <= 0) reachedEnd = true;
      else heartbeat = this.clock.setTimeout(beat, Math.min(DAY_MS, left));
    };
    beat();
    for (;;) {
      await this.settle();
      onTick?.(this.now());
      if (reachedEnd) break;
      // The heartbeat is always pending until the end, so one timer left means nothing else can happen.
      if (this.clock.countTimers() <= 1) break;
      this.clock.next();
    }
    if (heartbeat !== undefined) this.clock.clearTimeout(heartbeat);
    return this.now();
  }

  uninstall(): void {
    this.clock.uninstall();
  }
}
