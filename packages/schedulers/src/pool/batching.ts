/**
 * Batch sizing (Dask's `chunksize`, chosen adaptively): how many jobs go to a worker per message
 * and how many may be outstanding per worker.
 *
 * Workers report how long their jobs took (an asynchronous job: from its start until its promise
 * settles, so a job that awaits a read and then computes is not mistaken for a cheap one); an
 * exponential moving average of the time
 * per job sets the batch size so one batch holds about TARGET_MS of work (1 to MAX_BATCH jobs).
 * Short jobs are pipelined: a worker may hold two batches, so the next is already queued at the
 * worker when the current one ends. Long jobs (about TARGET_MS or more) go one at a time, and
 * stay in the pool's queue until a worker is free, so no job waits behind a long one while another
 * worker idles. Before the first measurement a batch holds one job (a slow start: the first jobs
 * of a run may be long).
 */

/** Work per batch to aim for (ms). */
const TARGET_MS = 2;
/** Largest batch. */
const MAX_BATCH = 256;
/** Weight of a new measurement in the moving average. */
const ALPHA = 0.25;

/** Adaptive batch size and per-worker depth, from measured job times. */
export class BatchPolicy {
  private average = Number.NaN;
  private size = 1;
  private limit = 2;

  /** Jobs per message. */
  get batchSize(): number {
    return this.size;
  }

  /** Jobs a worker may hold (running, or queued at the worker). */
  get perWorker(): number {
    return this.limit;
  }

  /** Record that a worker ran `count` synchronous jobs in `busyMs`. */
  observe(busyMs: number, count: number): void {
    if (count === 0) return;
    const sample = busyMs / count;
    this.average = Number.isNaN(this.average) ? sample : this.average + ALPHA * (sample - this.average);
    if (this.average >= TARGET_MS) {
      this.size = 1;
      this.limit = 1;
    } else {
      this.size = Math.max(1, Math.min(MAX_BATCH, Math.floor(TARGET_MS / Math.max(this.average, 1e-4))));
      this.limit = 2 * this.size;
    }
  }
}
