/**
 * A job: one task a pool runs for an owner (a graph run's executor, or a WorkerPool's futures).
 * Owners hear back through three methods instead of a promise per task, which keeps per-task
 * overhead to one small object.
 */

import type { GraphNode, TaskTiming } from '@tusk/core';

/** Who submitted a job, and hears how it ends. */
export interface JobOwner {
  /** Measure start and end times (some callback listens). */
  readonly timed: boolean;
  /** The job was sent to `worker`. */
  jobStarted(job: Job, worker: string): void;
  jobDone(job: Job, value: unknown, timing: TaskTiming | undefined, worker: string): void;
  jobFailed(job: Job, error: unknown, worker: string | undefined): void;
}

/** Where a job is. */
export const JobState = { QUEUED: 0, RUNNING: 1, FINISHED: 2 } as const;
/** One of JobState's values. */
export type JobState = (typeof JobState)[keyof typeof JobState];

/** A task a pool runs for an owner, with what the pool needs to send, retry and time it. */
export class Job {
  state: JobState = JobState.QUEUED;
  /** The owner no longer wants the result (a failed or aborted run). */
  cancelled = false;
  /** Crashes pinned on this job so far. */
  attempts = 0;
  /** Run alone on a worker, so that a crash can be pinned on it. */
  isolate = false;
  /** An input was transferred to a worker, so the job cannot be sent again. */
  moved = false;
  /** Spool files written for the current attempt (processes). */
  files: string[] | undefined = undefined;

  constructor(
    /** Unique within its pool. */
    readonly id: number,
    readonly owner: JobOwner,
    /** The owner's handle on the job (the task's index in its graph). */
    readonly tag: number,
    /** The node to run; its arguments hold no closures. */
    readonly node: GraphNode,
    /** Values of `node.deps`, in order. */
    readonly inputs: readonly unknown[],
    /** Milliseconds the job may run (0: no limit). */
    readonly timeout: number,
    /** Crashes tolerated before the job fails. */
    readonly retries: number,
    /** Indices of inputs that may be transferred (moved) to the worker, if any. */
    readonly movable: readonly number[] | undefined = undefined,
  ) {}

  /** The key reported in errors. */
  get key(): string {
    return this.node.key;
  }
}
