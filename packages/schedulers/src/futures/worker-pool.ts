/**
 * WorkerPool: the futures API of Tusk (Python's concurrent.futures.Executor and
 * multiprocessing.Pool in one), over the same Pool the `threads` and `processes` schedulers use.
 *
 *   - `submit(fn, ...args)` / `apply(fn, args, { timeout })` run one call and return a Future;
 *   - `map(fn, items, { chunksize, ordered, settle, timeout })` and `starmap` run a function over
 *     many items in chunks (one job per chunk), failing fast or, with `settle: true`, collecting
 *     `{ status, value | reason }` per item as Promise.allSettled does;
 *   - `close()` lets queued work finish, `terminate()` stops now; `await using` closes.
 * Functions are module exports registered with `defineTasks` (or FunctionRefs): a closure is
 * refused at once with FunctionReferenceError. Errors are TaskError (key, function, worker-side
 * stack), WorkerCrashedError, TaskTimeoutError or CancelledError, as for compute().
 * A WorkerPool can also run graphs: `x.compute({ scheduler: 'threads', pool })`.
 */

import { availableParallelism } from 'node:os';
import type { ResourceLimits } from 'node:worker_threads';
import {
  CancelledError,
  type FunctionRef,
  FunctionReferenceError,
  functionRef,
  getConfig,
  isPortable,
  nodeFunctionName,
  parseSize,
  registeredRef,
  TaskError,
  TuskError,
  task,
} from '@tusk/core';
import { checkRetries, checkTimeout, checkWorkers } from '../config.js';
import { Job, type JobOwner, JobState } from '../pool/job.js';
import { Pool } from '../pool/pool.js';
import type { WorkerKind } from '../protocol.js';
import { type Future, type FutureState, makeFuture } from './future.js';
import { mapChunk } from './map-chunk.js';
import { MapRun } from './map-run.js';

/** How to build a WorkerPool. */
export interface WorkerPoolOptions {
  /** 'threads' (default) or 'processes'. */
  readonly kind?: WorkerKind;
  /** Number of workers (default os.availableParallelism()). */
  readonly workers?: number;
  /** Crashes tolerated per task (default: the `retries` config, 1). */
  readonly retries?: number;
  /** Default per-task time limit in ms (default: the `timeout` config, none). */
  readonly timeout?: number;
  /** Heap limits per worker thread. */
  readonly resourceLimits?: ResourceLimits;
  /** Extra Node options per worker (e.g. `['--max-old-space-size=256']` for processes). */
  readonly execArgv?: readonly string[];
  /** processes: size from which typed arrays cross through files (default: the config, '1MB'). */
  readonly spoolThreshold?: number | string;
}

/** Options of one call. */
export interface CallOptions {
  /** Time limit in ms for the task (each chunk, for map). */
  readonly timeout?: number;
}

/** Options of map / starmap. */
export interface MapOptions extends CallOptions {
  /** Items per job (default: items / (4 × workers), rounded up, as multiprocessing does). */
  readonly chunksize?: number;
  /** Results in item order (default true) or in the order chunks finish. */
  readonly ordered?: boolean;
  /** Collect failures beside successes instead of rejecting at the first one. */
  readonly settle?: boolean;
}

/** One item's outcome in a settling map. */
export type Settled<T> = { status: 'fulfilled'; value: T } | { status: 'rejected'; reason: unknown };

type AnyFn = (...args: any[]) => unknown;
type Result<F> = F extends (...args: any[]) => infer R ? Awaited<R> : unknown;

const pools = new WeakMap<WorkerPool, Pool>();
const mapChunkRef = functionRef(mapChunk);

/** The Pool behind a WorkerPool (for the schedulers). */
export function poolOf(pool: WorkerPool): Pool {
  return pools.get(pool)!;
}

function portable(fn: AnyFn | FunctionRef): FunctionRef {
  const ref = typeof fn === 'function' ? (registeredRef(fn) ?? functionRef(fn)) : fn;
  if (!isPortable(ref)) {
    const name = ref.name;
    throw new FunctionReferenceError(
      name,
      `${name} is a local function (closure), which cannot run on a worker: a function crosses as its module ` +
        `URL and export name. Make ${name} a named export of its module and register it with ` +
        `defineTasks(import.meta.url, { ${name} }), or pass moduleRef(url, '${name}').`,
    );
  }
  return ref;
}

function asTaskError(job: Job, error: unknown, worker: string | undefined): unknown {
  return error instanceof TuskError
    ? error
    : new TaskError(job.key, nodeFunctionName(job.node), error, worker);
}

interface Pending {
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: unknown) => void;
  outcome: 'fulfilled' | 'rejected' | 'cancelled' | undefined;
}

/** A pool of worker threads or child processes that runs module functions and returns futures. */
export class WorkerPool implements AsyncDisposable {
  readonly kind: WorkerKind;
  /** Number of workers. */
  readonly workers: number;
  private readonly pool: Pool;
  private readonly retries: number;
  private readonly timeout: number;
  private readonly pending = new Map<Job, Pending>();
  private calls = 0;
  private readonly owner: JobOwner;

  /**
   * @example
   * await using pool = new WorkerPool({ kind: 'threads', workers: 2 });
   * const nine = await pool.submit(square, 3);
   */
  constructor(options: WorkerPoolOptions = {}) {
    const config = getConfig();
    this.kind = options.kind ?? 'threads';
    if (this.kind !== 'threads' && this.kind !== 'processes') {
      throw new TuskError(
        `WorkerPool kind must be 'threads' or 'processes', got ${JSON.stringify(this.kind)}.`,
      );
    }
    this.workers = checkWorkers(options.workers ?? config.workers, availableParallelism());
    this.retries = checkRetries(options.retries ?? config.retries ?? 1);
    this.timeout = checkTimeout(options.timeout ?? config.timeout);
    this.pool = new Pool({
      kind: this.kind,
      workers: this.workers,
      resourceLimits: options.resourceLimits,
      execArgv: options.execArgv,
      spoolThreshold: parseSize(options.spoolThreshold ?? config.spoolThreshold ?? '1MB', 'spoolThreshold'),
    });
    pools.set(this, this.pool);
    const pending = this.pending;
    this.owner = {
      timed: false,
      jobStarted: () => undefined,
      jobDone(job: Job, value: unknown) {
        const p = pending.get(job);
        pending.delete(job);
        if (p === undefined) return;
        p.outcome = 'fulfilled';
        p.resolve(value);
      },
      jobFailed(job: Job, error: unknown, worker: string | undefined) {
        const p = pending.get(job);
        pending.delete(job);
        if (p === undefined) return;
        p.outcome = 'rejected';
        p.reject(asTaskError(job, error, worker));
      },
    };
  }

  /**
   * Run `fn(...args)` on a worker.
   *
   * @example
   * const f = pool.submit(square, 4); // Future<number>
   * await f; // 16
   */
  submit<F extends AnyFn>(fn: F | FunctionRef, ...args: Parameters<F>): Future<Result<F>> {
    return this.apply(fn, args);
  }

  /**
   * Run `fn(...args)` on a worker, with per-call options.
   *
   * @example
   * await pool.apply(slowSquare, [4], { timeout: 1000 });
   */
  apply<F extends AnyFn>(
    fn: F | FunctionRef,
    args: Parameters<F> | readonly unknown[],
    options: CallOptions = {},
  ): Future<Result<F>> {
    const ref = portable(fn);
    const timeout = options.timeout === undefined ? this.timeout : checkTimeout(options.timeout);
    const id = this.pool.newJobId();
    const job = new Job(
      id,
      this.owner,
      0,
      task(`${ref.name}-call${id}`, ref, [...args]),
      [],
      timeout,
      this.retries,
    );
    let entry!: Pending;
    const promise = new Promise<Result<F>>((resolve, reject) => {
      entry = { resolve: resolve as (v: unknown) => void, reject, outcome: undefined };
    });
    this.pool.enqueue(job);
    this.pending.set(job, entry);
    const cancel = () => {
      if (!this.pool.unqueue(job)) return false;
      this.pending.delete(job);
      entry.outcome = 'cancelled';
      entry.reject(new CancelledError(`Task '${job.key}' was cancelled before it started.`));
      return true;
    };
    const state = (): FutureState => entry.outcome ?? (job.state === JobState.QUEUED ? 'pending' : 'running');
    return makeFuture(promise, cancel, state);
  }

  /**
   * Apply `fn` to every item, in chunks; resolves to the results in item order (or, with
   * `ordered: false`, in the order chunks finish). With `settle: true` it never rejects for a
   * task's failure and gives `{ status, value | reason }` per item instead.
   *
   * @example
   * await pool.map(square, [1, 2, 3]); // [1, 4, 9]
   * await pool.map(parse, lines, { settle: true }); // [{ status: 'fulfilled', value }, { status: 'rejected', reason }]
   */
  map<F extends (item: any) => unknown>(
    fn: F | FunctionRef,
    items: Iterable<Parameters<F>[0]>,
    options: MapOptions & { settle: true },
  ): Promise<Settled<Result<F>>[]>;
  map<F extends (item: any) => unknown>(
    fn: F | FunctionRef,
    items: Iterable<Parameters<F>[0]>,
    options?: MapOptions,
  ): Promise<Result<F>[]>;
  map(fn: AnyFn | FunctionRef, items: Iterable<unknown>, options: MapOptions = {}): Promise<unknown[]> {
    return this.runMap(fn, Array.from(items), false, options);
  }

  /**
   * Like map, with each item spread as the arguments: `starmap(add, [[1, 2], [3, 4]])` → `[3, 7]`.
   *
   * @example
   * await pool.starmap(add, [[1, 2], [3, 4]]); // [3, 7]
   */
  starmap<F extends AnyFn>(
    fn: F | FunctionRef,
    argLists: Iterable<Parameters<F>>,
    options: MapOptions & { settle: true },
  ): Promise<Settled<Result<F>>[]>;
  starmap<F extends AnyFn>(
    fn: F | FunctionRef,
    argLists: Iterable<Parameters<F>>,
    options?: MapOptions,
  ): Promise<Result<F>[]>;
  starmap(
    fn: AnyFn | FunctionRef,
    argLists: Iterable<readonly unknown[]>,
    options: MapOptions = {},
  ): Promise<unknown[]> {
    return this.runMap(
      fn,
      Array.from(argLists, (a) => [...a]),
      true,
      options,
    );
  }

  /** Let queued and running tasks finish, then stop the workers. */
  close(): Promise<void> {
    return this.pool.close();
  }

  /** Stop the workers now; unfinished tasks reject with CancelledError. */
  terminate(): Promise<void> {
    return this.pool.terminate();
  }

  /** `await using pool = new WorkerPool()` closes the pool at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private runMap(
    fn: AnyFn | FunctionRef,
    items: unknown[],
    star: boolean,
    options: MapOptions,
  ): Promise<unknown[]> {
    const ref = portable(fn);
    const chunksize = options.chunksize ?? Math.max(1, Math.ceil(items.length / (4 * this.workers)));
    if (!Number.isInteger(chunksize) || chunksize < 1) {
      throw new TuskError(`chunksize must be a whole number ≥ 1, got ${chunksize}.`);
    }
    const timeout = options.timeout === undefined ? this.timeout : checkTimeout(options.timeout);
    const run = new MapRun(
      this.pool,
      ref,
      items.length,
      options.ordered !== false,
      options.settle === true,
      ++this.calls,
    );
    for (let start = 0; start < items.length; start += chunksize) {
      const chunk = items.slice(start, start + chunksize);
      const node = task(run.chunkKey(start), mapChunkRef, [
        ref.module,
        ref.exportName,
        chunk,
        star,
        run.settle,
      ]);
      run.expect();
      this.pool.enqueue(new Job(this.pool.newJobId(), run, start, node, [], timeout, this.retries));
    }
    return run.promise;
  }
}
