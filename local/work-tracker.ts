// Counts work in flight (handler invocations, injected replies), so the virtual clock only moves when all is quiet.
export class WorkTracker {
  private inFlight = 0;

  get busy(): boolean {
    return this.inFlight > 0;
  }

  async track<T>(work: () => Promise<T>): Promise<T> {
    this.inFlight += 1;
    try {
      return await work();
    } finally {
      this.inFlight -= 1;
    }
  }
}
