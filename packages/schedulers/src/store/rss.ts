/**
 * RssWatch: how much the process's resident set has grown since a store opened, read with
 * `process.memoryUsage.rss()` (one cheap system call, without the heap statistics of
 * `process.memoryUsage()`) at most once per interval, so the loop may ask before every dispatch.
 * Growth rather than the absolute RSS is compared with the budget: the runtime, the test runner and
 * the user's own data are there before the run starts and are not the store's to manage.
 */

/**
 * Sampled RSS growth.
 *
 * @example
 * const rss = new RssWatch(50);
 * if (rss.growth() > pauseBytes) pause();
 */
export class RssWatch {
  /** RSS when the watch started. */
  readonly baseline: number;
  private current: number;
  private peak: number;
  private readAt: number;

  constructor(private readonly intervalMs: number) {
    this.baseline = process.memoryUsage.rss();
    this.current = this.baseline;
    this.peak = this.baseline;
    this.readAt = performance.now();
  }

  /** Bytes the RSS grew since the start (read again if the last reading is older than the interval). */
  growth(): number {
    const now = performance.now();
    if (now - this.readAt >= this.intervalMs) {
      this.readAt = now;
      this.current = process.memoryUsage.rss();
      if (this.current > this.peak) this.peak = this.current;
    }
    return this.current - this.baseline;
  }

  /** Highest growth seen by a reading so far. */
  get peakGrowth(): number {
    return this.peak - this.baseline;
  }
}
