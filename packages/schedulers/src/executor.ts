/**
 * PoolExecutor: how the `threads` and `processes` schedulers plug a worker pool into core's one
 * scheduler loop (`runGraph`). The loop decides *what* runs next; this adapter decides *where*.
 *
 * Policy
 * ------
 *   - Refusal first: `prepare` walks the compiled graph and refuses a task whose function is a
 *     closure (FunctionReferenceError naming it and the fix) before any task runs.
 *   - Where each task runs. Nodes that only move values — `data`, `alias`, and calls of core's
 *     `getitem` / `identity` kernels (field access, rebuilding a structure from parts), alone or
 *     fused — run here, in the main thread: shipping a value to a worker to take one field out
 *     of it would cost a copy each way and buy nothing. Every other task becomes a pool Job
 *     carrying its node and the values of its dependencies, read from the loop's store.
 *   - Capacity: the loop hands over as many ready tasks as `capacity` allows; that is the pool's
 *     own measure (workers × jobs per worker, which grows when tasks are short), so the pool can
 *     batch several small tasks per message and keep a batch queued at each worker. The loop
 *     keeps the priority order; the pool's queue is first in, first out.
 *   - Results and failures go straight back to the loop (`ctx.done` / `ctx.failed`) from the
 *     pool's message handler, which dispatches once after each message, so the tasks they make
 *     ready leave together in the next batches.
 *   - Cancellation (a failed task, an aborted signal): `cancel` drops this run's queued jobs and
 *     marks its running ones; workers still busy with them after a short grace are killed and
 *     replaced, so a shared pool is free for the next compute.
 *   - Moving inputs (threads, `moveInputs: true`): a large typed array that a worker produced,
 *     that is not a requested output, and whose only reader left is the job being sent, is
 *     transferred to that worker instead of copied. This executor counts finished readers itself
 *     (it reports every finish), so the loop needs no change for it.
 *
 * Reference: dask/local.py (`get_async` over an executor), dask/threaded.py and multiprocessing.py.
 */

import {
  type CompiledGraph,
  type Executor,
  type ExecutorContext,
  executeNode,
  type GraphNode,
  getitem,
  identity,
  isPromiseLike,
  type Key,
  type TaskTiming,
  type WorkItem,
} from '@tusk/core';
import { PoolClosedError } from './errors.js';
import { Job, type JobOwner } from './pool/job.js';
import type { Pool } from './pool/pool.js';
import { assertPortable } from './portable.js';
import { LARGE_BYTES } from './wire/values.js';

/** Settings of one graph run. */
export interface PoolExecutorOptions {
  /** The requested output keys (never moved away). */
  readonly keys: readonly Key[];
  /** Crashes tolerated per task. */
  readonly retries: number;
  /** Milliseconds a task may run (0: no limit). */
  readonly timeout: number;
  /** Transfer a sole reader's large typed-array inputs (threads). */
  readonly moveInputs: boolean;
}

const INLINE_FUNCTIONS = new Set<unknown>([getitem, identity]);
const NO_INPUTS: readonly unknown[] = Object.freeze([]);

/** Does `node` only move values around (run it in the main thread)? */
function runsInline(node: GraphNode): boolean {
  switch (node.kind) {
    case 'data':
    case 'alias':
      return true;
    case 'task':
      return INLINE_FUNCTIONS.has(node.fn.fn);
    case 'fused':
      return node.nodes.every(runsInline);
  }
}

/** Bookkeeping for moving inputs: readers left per node, and which values came from workers. */
interface MoveState {
  readonly readers: Int32Array;
  readonly fromWorker: Uint8Array;
  readonly output: Uint8Array;
}

/**
 * The executor of the `threads` and `processes` schedulers: core's loop hands it ready tasks, it
 * runs value-moving nodes here and sends the rest to a Pool.
 *
 * @example
 * const executor = new PoolExecutor(pool, { keys, retries: 1, timeout: 0, moveInputs: false });
 * const values = await runGraph(graph, keys, executor);
 */
export class PoolExecutor implements Executor, JobOwner {
  readonly name: string;
  readonly workers: number;
  private ctx: ExecutorContext | undefined;
  private graph: CompiledGraph | undefined;
  private move: MoveState | undefined;
  private cancelled = false;

  constructor(
    private readonly pool: Pool,
    private readonly options: PoolExecutorOptions,
  ) {
    this.name = pool.kind;
    this.workers = pool.size;
  }

  get capacity(): number {
    return this.pool.capacity;
  }

  get timed(): boolean {
    return this.ctx?.timed ?? false;
  }

  prepare(graph: CompiledGraph): void {
    assertPortable(graph.nodes, this.name);
    if (!this.pool.open) throw new PoolClosedError(`The ${this.name} pool for this run has been closed.`);
    this.graph = graph;
    if (this.options.moveInputs && this.pool.kind === 'threads') {
      const n = graph.size;
      const readers = new Int32Array(n);
      for (let i = 0; i < n; i++) readers[i] = graph.dependentStart[i + 1] - graph.dependentStart[i];
      const output = new Uint8Array(n);
      for (const k of this.options.keys) {
        const i = graph.index.get(k);
        if (i !== undefined) output[i] = 1;
      }
      this.move = { readers, fromWorker: new Uint8Array(n), output };
    }
  }

  submit(items: readonly WorkItem[], ctx: ExecutorContext): void {
    this.ctx = ctx;
    const { timeout, retries } = this.options;
    for (const item of items) {
      const node = item.node;
      if (runsInline(node)) {
        this.runInline(item, ctx);
        continue;
      }
      const deps = node.deps;
      let inputs = NO_INPUTS;
      if (deps.length > 0) {
        const values = new Array(deps.length);
        for (let i = 0; i < deps.length; i++) values[i] = ctx.read(deps[i]);
        inputs = values;
      }
      const movable = this.move === undefined ? undefined : this.movable(item.index, inputs);
      this.pool.enqueue(
        new Job(this.pool.newJobId(), this, item.index, node, inputs, timeout, retries, movable),
      );
    }
  }

  cancel(): void {
    this.cancelled = true;
    this.pool.cancel((job) => job.owner === this, { kill: true });
  }

  // JobOwner ------------------------------------------------------------------------------------

  jobStarted(job: Job, worker: string): void {
    if (!this.cancelled) this.ctx!.started(job.tag, worker);
  }

  jobDone(job: Job, value: unknown, timing: TaskTiming | undefined): void {
    if (this.cancelled) return;
    if (this.move !== undefined) {
      this.move.fromWorker[job.tag] = 1;
      this.finished(job.tag);
    }
    this.ctx!.done(job.tag, value, timing);
  }

  jobFailed(job: Job, error: unknown, worker: string | undefined): void {
    if (!this.cancelled) this.ctx!.failed(job.tag, error, worker);
  }

  // --------------------------------------------------------------------------------------------

  private runInline(item: WorkItem, ctx: ExecutorContext): void {
    if (ctx.timed) ctx.started(item.index, 'main');
    let value: unknown;
    try {
      value = executeNode(item.node, (k) => ctx.read(k));
    } catch (err) {
      ctx.failed(item.index, err, 'main');
      return;
    }
    if (isPromiseLike(value)) {
      Promise.resolve(value).then(
        (v) => {
          this.finished(item.index);
          ctx.done(item.index, v);
        },
        (err) => ctx.failed(item.index, err, 'main'),
      );
      return;
    }
    this.finished(item.index);
    ctx.done(item.index, value);
  }

  /** A task finished: each of its dependencies has one reader less. */
  private finished(index: number): void {
    const move = this.move;
    if (move === undefined) return;
    const g = this.graph!;
    for (let j = g.depStart[index]; j < g.depStart[index + 1]; j++) move.readers[g.deps[j]]--;
  }

  /** Positions of the inputs of task `index` that may be transferred to its worker. */
  private movable(index: number, inputs: readonly unknown[]): number[] | undefined {
    const move = this.move!;
    const g = this.graph!;
    let out: number[] | undefined;
    for (let j = g.depStart[index], p = 0; j < g.depStart[index + 1]; j++, p++) {
      const d = g.deps[j];
      if (move.readers[d] !== 1 || move.output[d] === 1 || move.fromWorker[d] === 0) continue;
      const v = inputs[p];
      const buffer = ArrayBuffer.isView(v) ? v.buffer : v;
      if (buffer instanceof ArrayBuffer && buffer.byteLength >= LARGE_BYTES) {
        out ??= [];
        out.push(p);
      }
    }
    return out;
  }
}
