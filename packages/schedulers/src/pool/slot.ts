/**
 * A pool's record of one worker: its handle, whether it has said it is ready, the jobs it holds
 * in the order they were sent (the first unfinished one is the one running, see runner.ts), since
 * when that job has been first, and which function ids it has been told about.
 */

import type { Job } from './job.js';
import type { WorkerHandle } from './worker-handle.js';

/** The pool's view of one worker. */
export class Slot {
  /** The worker reported ready and takes jobs. */
  ready = false;
  /** Removed from the pool (exited, or being killed). */
  dead = false;
  /** The pool killed it on purpose (timeout, cancellation, shutdown): its exit is no crash. */
  expected = false;
  /** Holds one isolated job and takes no other until it finishes. */
  isolating = false;
  /** Jobs sent and not finished, in the order they were sent. */
  readonly jobs = new Map<number, Job>();
  /** Id of the first job in `jobs`, and since when (performance.now()) it has been first. */
  headId = -1;
  headSince = 0;
  /** Function ids this worker has been sent. */
  readonly known = new Set<number>();
  /** Codec registry version this worker knows. */
  codecVersion = 0;
  private reffed = true;

  constructor(
    readonly id: string,
    readonly handle: WorkerHandle,
  ) {}

  /** Keep the process alive while the worker holds wanted work; let it exit when idle. */
  setBusy(busy: boolean): void {
    if (busy === this.reffed || this.dead) return;
    this.reffed = busy;
    this.handle.setRef(busy);
  }

  /** Update the head after jobs finished. */
  updateHead(now: number): void {
    if (this.jobs.size === 0) {
      this.headId = -1;
      this.isolating = false;
      this.setBusy(false);
      return;
    }
    const head = this.jobs.keys().next().value as number;
    if (head !== this.headId) {
      this.headId = head;
      this.headSince = now;
    }
    let wanted = false;
    for (const job of this.jobs.values()) {
      if (!job.cancelled) {
        wanted = true;
        break;
      }
    }
    this.setBusy(wanted);
  }
}
