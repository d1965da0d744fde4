// The virtual clock: fake Date, setTimeout and clearTimeout (only those), and move time to the next timer only
// while no handler work is in flight. Real setImmediate keeps flushing I/O (the embedded DynamoDB's sockets) between.
import FakeTimers from '@sinonjs/fake-timers';

type InstalledClock = ReturnType<typeof FakeTimers.install>;
import type { WorkTracker } from './work-tracker.ts';

const DAY_MS = 86_400_000;
/** Node (and so the fake clock) treats a delay beyond 2^31−1 ms (24.8 days) as 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const realSetImmediate = globalThis.setImmediate;
const flushIo = (): Promise<void> => new Promise((resolve) => realSetImmediate(resolve));

export class VirtualClock {
  private readonly clock: InstalledClock;
  private readonly tracker: WorkTracker;
  private uninstalled = false;

  constructor(start: Date, tracker: WorkTracker) {
    this.tracker = tracker;
    this.clock = FakeTimers.install({
      now: start,
      toFake: ['Date', 'setTimeout', 'clearTimeout'],
      shouldClearNativeTimers: true,
    });
    hopLongTimers();
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
    // A heartbeat at most a day apart marks the horizon (and gives the caller a tick a day).
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

  /**
   * Real time from now on, for a browser driven from this process (it needs real timers): long timers still hop, so a
   * workflow's long wait does not fire at once.
   */
  switchToRealTime(): void {
    this.uninstall();
    hopLongTimers();
  }

  /** Once; again does nothing. */
  uninstall(): void {
    if (this.uninstalled) return;
    this.uninstalled = true;
    this.clock.uninstall();
  }
}

/**
 * Lets a timer wait longer than 24.8 days, as a Step Functions task timeout may: the fake setTimeout hops in steps
 * instead of firing at once. Installed over the fake clock's own functions; uninstalling the clock restores Node's.
 */
function hopLongTimers(): void {
  const setFake = globalThis.setTimeout;
  const clearFake = globalThis.clearTimeout;
  const hops = new Map<object, ReturnType<typeof setTimeout>>();
  const setLong = (fn: (...args: unknown[]) => void, delay = 0, ...args: unknown[]): unknown => {
    if (delay <= MAX_TIMER_MS) return setFake(fn, delay, ...args);
    const handle = {};
    const hop = (left: number): void => {
      const fire = (): void => {
        hops.delete(handle);
        fn(...args);
      };
      const step = left > MAX_TIMER_MS ? () => hop(left - MAX_TIMER_MS) : fire;
      hops.set(handle, setFake(step, Math.min(left, MAX_TIMER_MS)));
    };
    hop(delay);
    return handle;
  };
  const clearLong = (id: unknown): void => {
    const hop = typeof id === 'object' && id !== null ? hops.get(id) : undefined;
    if (hop === undefined) {
      clearFake(id as ReturnType<typeof setTimeout>);
      return;
    }
    hops.delete(id as object);
    clearFake(hop);
  };
  globalThis.setTimeout = setLong as unknown as typeof setTimeout;
  globalThis.clearTimeout = clearLong as typeof clearTimeout;
}
