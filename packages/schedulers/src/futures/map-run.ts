/**
 * One WorkerPool.map / starmap call: owns its chunk jobs, places each chunk's values (in item
 * order, or in the order chunks finish), turns per-item failures into TaskErrors keyed by item
 * index (a chunk's timeout or crash names the mapped function, not the chunk kernel), and either
 * rejects at the first failure (cancelling the chunks still queued) or, when settling, records
 * `{ status, value | reason }` per item as Promise.allSettled does.
 */

import { type FunctionRef, TaskError, type TaskTiming, TuskError } from '@tusk/core';
import { TaskTimeoutError, WorkerCrashedError } from '../errors.js';
import type { Job, JobOwner } from '../pool/job.js';
import type { Pool } from '../pool/pool.js';
import { deserializeError } from '../wire/errors.js';
import type { ChunkResult } from './map-chunk.js';

/** One map call: collects its chunks' results and decides when it is done. */
export class MapRun implements JobOwner {
  readonly timed = false;
  readonly promise: Promise<unknown[]>;
  private resolve!: (v: unknown[]) => void;
  private reject!: (e: unknown) => void;
  private readonly results: unknown[];
  private remaining = 0;
  private failed = false;

  constructor(
    private readonly pool: Pool,
    private readonly ref: FunctionRef,
    count: number,
    private readonly ordered: boolean,
    readonly settle: boolean,
    private readonly call: number,
  ) {
    this.results = ordered ? new Array(count) : [];
    this.promise = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    if (count === 0) this.resolve([]);
  }

  chunkKey(start: number): string {
    return `${this.ref.name}-map${this.call},${start}`;
  }

  /** One more chunk to wait for. */
  expect(): void {
    this.remaining++;
  }

  jobStarted(): void {}

  jobDone(job: Job, value: unknown, _timing: TaskTiming | undefined, worker: string): void {
    if (this.failed) return;
    const { values, errors } = value as ChunkResult;
    const start = job.tag;
    if (errors.length > 0 && !this.settle) {
      const [i, wire] = errors[0];
      const key = `${this.ref.name}-map${this.call},${start + i}`;
      this.fail(new TaskError(key, this.ref.name, deserializeError(wire, worker), worker));
      return;
    }
    const out: unknown[] = this.settle ? values.map((v) => ({ status: 'fulfilled', value: v })) : values;
    for (const [i, wire] of errors) {
      const key = `${this.ref.name}-map${this.call},${start + i}`;
      out[i] = {
        status: 'rejected',
        reason: new TaskError(key, this.ref.name, deserializeError(wire, worker), worker),
      };
    }
    this.place(start, out);
  }

  jobFailed(job: Job, error: unknown, worker: string | undefined): void {
    if (this.failed) return;
    const reason = this.named(error, job, worker);
    if (!this.settle) {
      this.fail(reason);
      return;
    }
    const length = (job.node.kind === 'task' ? (job.node.args[2] as unknown[]) : []).length;
    this.place(
      job.tag,
      Array.from({ length }, () => ({ status: 'rejected', reason })),
    );
  }

  /**
   * The error of a failed chunk, naming the mapped function: the pool names the function it ran,
   * which for a chunk is the mapChunk kernel, not the user's function.
   */
  private named(error: unknown, job: Job, worker: string | undefined): unknown {
    const name = this.ref.name;
    if (error instanceof TaskTimeoutError) {
      return new TaskTimeoutError(error.key, name, error.timeout, error.worker);
    }
    if (error instanceof WorkerCrashedError && error.key !== undefined && error.attempts > 0) {
      return new WorkerCrashedError(
        error.key,
        name,
        error.worker,
        error.exitCode,
        error.signal,
        error.attempts,
        error.cause === undefined ? {} : { cause: error.cause },
      );
    }
    return error instanceof TuskError ? error : new TaskError(job.key, name, error, worker);
  }

  private place(start: number, out: unknown[]): void {
    if (this.ordered) for (let i = 0; i < out.length; i++) this.results[start + i] = out[i];
    else for (const v of out) this.results.push(v);
    if (--this.remaining === 0) this.resolve(this.results);
  }

  private fail(error: unknown): void {
    this.failed = true;
    this.pool.cancel((job) => job.owner === this, { kill: false });
    this.reject(error);
  }
}
