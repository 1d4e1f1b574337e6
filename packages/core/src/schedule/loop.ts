/**
 * The scheduler loop: the one loop every Tusk scheduler runs; executors only decide *where* a task
 * runs (this thread, a worker thread, a child process).
 *
 * Policy
 * ------
 * The graph arrives optimised and is compiled to integer indices (graph/compile.ts), which also
 * validates it. Static priorities come from order.ts. The loop keeps, per task, the number of
 * dependencies not yet finished (`waiting`) and the number of readers not yet finished (`readers`).
 *
 *   - Ready queue: a task whose dependencies have all finished enters a binary heap keyed by its
 *     priority; the loop always dispatches the lowest priority first. With one worker this replays
 *     the static order exactly, which is what keeps memory low.
 *   - Dispatch: while the executor has free capacity and tasks are ready, the loop pops as many as
 *     fit and hands them to the executor in one `submit` call, so an executor can send several small
 *     tasks in one message (batching). Executors report back per task, in any order.
 *   - Cheap tasks — aliases, and functions marked `cheap` (selections such as `getitem`) — run right
 *     here in the loop's thread: sending their inputs to a worker would cost more than the call.
 *   - Release: when a task finishes, each of its dependencies loses a reader; a dependency with no
 *     readers left that is not a requested output is dropped from the store at once, so it can be
 *     garbage-collected (or its spill file deleted) while the run goes on.
 *   - Failure: the first failure (a task error, a crashed worker, an abort) wins. The executor is
 *     told to cancel in-flight work, later reports are ignored, and the run rejects with a typed
 *     error (TaskError carries the key, function name, and the original error as `cause`).
 *   - Completion: when every task has finished, the values of the requested keys are returned.
 *
 * Executors may call back synchronously from `submit` (the synchronous executor does); the loop
 * guards against re-entrance, so a chain of 10,000 tasks does not grow the stack.
 */

import { CancelledError, KeyNotFoundError, TaskError, TuskError } from '../errors.js';
import { executeNode, isPromiseLike } from '../execute.js';
import type { CompiledGraph } from '../graph/compile.js';
import type { TaskGraph } from '../graph/task-graph.js';
import type { Key } from '../key.js';
import { order } from '../order.js';
import { type GraphNode, nodeFunctionName } from '../task.js';
import { type Callbacks, emit } from './callbacks.js';

/** One task handed to an executor. */
export interface WorkItem {
  /** Node index in the compiled graph. */
  readonly index: number;
  readonly key: Key;
  readonly node: GraphNode;
}

/** How an executor reads inputs and reports results. Each item is reported exactly once. */
export interface ExecutorContext {
  /** The value of a finished key (a dependency of a submitted item). */
  read(key: Key): unknown;
  /** Report a task's value. `timing` is the executor's own measurement, if any. */
  done(index: number, value: unknown, timing?: TaskTiming): void;
  /** Report a task's failure (the loop wraps non-Tusk errors into TaskError). */
  failed(index: number, error: unknown, worker?: string): void;
  /** Report that a task has started on a worker (for callbacks). */
  started(index: number, worker: string): void;
  /** Whether any callback listens to task start/finish (executors may skip timing otherwise). */
  readonly timed: boolean;
}

export interface TaskTiming {
  readonly worker: string;
  /** performance.timeOrigin-based milliseconds. */
  readonly startTime: number;
  readonly endTime: number;
}

/** Where tasks run. Implementations: synchronous (this file's sibling), threads, processes. */
export interface Executor {
  readonly name: string;
  /** How many tasks may be in flight at once; read before each dispatch, so it may change during a run. */
  readonly capacity: number;
  /** Number of workers (for callbacks and diagnostics). */
  readonly workers: number;
  /** Called once before anything runs; may refuse the graph (e.g. closures on workers). */
  prepare?(graph: CompiledGraph): void | Promise<void>;
  /** Start the given tasks; report each through `ctx`. */
  submit(items: readonly WorkItem[], ctx: ExecutorContext): void;
  /** Stop in-flight tasks after a failure or abort. */
  cancel?(): void | Promise<void>;
}

/** Byte accounting of a ResultStore (see @tusk/schedulers' spillable store). */
export interface StoreStats {
  /** Bytes of values held in memory. */
  readonly memoryBytes: number;
  /** Bytes of values currently spilled to disk. */
  readonly spilledBytes: number;
  /** Highest memoryBytes seen. */
  readonly peakMemoryBytes: number;
  /** Values written to disk so far. */
  readonly spilledCount: number;
  /** Values read back from disk so far. */
  readonly reloadedCount: number;
}

/** Where finished values live while the run goes on. */
export interface ResultStore {
  set(key: Key, value: unknown): void;
  get(key: Key): unknown;
  delete(key: Key): void;
  /** Byte accounting, for diagnostics. */
  stats?(): StoreStats;
  /** True while memory is above the pause threshold: the loop dispatches no new task (unless none is running). */
  shouldPause?(): boolean;
}

export interface LoopOptions {
  readonly callbacks?: readonly Callbacks[];
  readonly signal?: AbortSignal;
  readonly store?: ResultStore;
}

class MapStore implements ResultStore {
  private readonly map = new Map<Key, unknown>();
  set(key: Key, value: unknown): void {
    this.map.set(key, value);
  }
  get(key: Key): unknown {
    return this.map.get(key);
  }
  delete(key: Key): void {
    this.map.delete(key);
  }
}

/** Min-heap of node indices keyed by priority. */
class ReadyQueue {
  private readonly heap: number[] = [];
  constructor(private readonly priority: Int32Array) {}
  get size(): number {
    return this.heap.length;
  }
  push(v: number): void {
    const h = this.heap;
    const p = this.priority;
    let i = h.length;
    h.push(v);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (p[h[parent]] <= p[v]) break;
      h[i] = h[parent];
      i = parent;
    }
    h[i] = v;
  }
  pop(): number {
    const h = this.heap;
    const p = this.priority;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      let i = 0;
      const n = h.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && p[h[r]] < p[h[l]] ? r : l;
        if (p[h[c]] >= p[last]) break;
        h[i] = h[c];
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}

/** Run `graph` on `executor` and resolve to the values of `keys` (an invalid graph rejects, never throws). */
export async function runGraph(
  graph: TaskGraph,
  keys: readonly Key[],
  executor: Executor,
  options: LoopOptions = {},
): Promise<Map<Key, unknown>> {
  const compiled = graph.compiled();
  return new Loop(compiled, keys, executor, options).run();
}

class Loop implements ExecutorContext {
  private readonly waiting: Int32Array;
  private readonly readers: Int32Array;
  private readonly isOutput: Uint8Array;
  private readonly ready: ReadyQueue;
  private readonly store: ResultStore;
  private readonly callbacks: readonly Callbacks[];
  readonly timed: boolean;
  private readonly startTimes: Float64Array | undefined;
  private inFlight = 0;
  private finished = 0;
  private pumping = false;
  private settled = false;
  private resolve!: (v: Map<Key, unknown>) => void;
  private reject!: (e: unknown) => void;
  private readonly t0 = performance.now();

  constructor(
    private readonly g: CompiledGraph,
    private readonly keys: readonly Key[],
    private readonly executor: Executor,
    private readonly options: LoopOptions,
  ) {
    const n = g.size;
    this.waiting = new Int32Array(n);
    this.readers = new Int32Array(n);
    this.isOutput = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      this.waiting[i] = g.depStart[i + 1] - g.depStart[i];
      this.readers[i] = g.dependentStart[i + 1] - g.dependentStart[i];
    }
    const outputs: number[] = [];
    for (const k of keys) {
      const i = g.index.get(k);
      if (i === undefined) throw new KeyNotFoundError(k);
      this.isOutput[i] = 1;
      outputs.push(i);
    }
    this.ready = new ReadyQueue(order(g, outputs));
    this.store = options.store ?? new MapStore();
    this.callbacks = options.callbacks ?? [];
    this.timed = this.callbacks.some((c) => c.taskStart !== undefined || c.taskFinish !== undefined);
    this.startTimes = this.timed ? new Float64Array(n) : undefined;
  }

  async run(): Promise<Map<Key, unknown>> {
    const promise = new Promise<Map<Key, unknown>>((res, rej) => {
      this.resolve = res;
      this.reject = rej;
    });
    const signal = this.options.signal;
    const onAbort = () =>
      this.fail(new CancelledError(`The run was cancelled: ${signal?.reason ?? 'aborted'}.`));
    try {
      if (signal?.aborted)
        throw new CancelledError(`The run was cancelled before it started: ${signal.reason}.`);
      await this.executor.prepare?.(this.g);
      // An abort while the executor prepared fired before the listener below was added.
      if (signal?.aborted) throw new CancelledError(`The run was cancelled: ${signal.reason}.`);
      emit(this.callbacks, 'start', {
        scheduler: this.executor.name,
        tasks: this.g.size,
        keys: this.keys,
        workers: this.executor.workers,
        stats: this.store.stats ? () => this.store.stats!() : undefined,
      });
    } catch (err) {
      this.settled = true;
      throw err;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    for (let i = 0; i < this.g.size; i++) if (this.waiting[i] === 0) this.ready.push(i);
    if (this.g.size === 0) this.complete();
    else this.pump();
    try {
      return await promise;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      const cap = this.executor.capacity;
      while (!this.settled && this.inFlight < cap && this.ready.size > 0) {
        const paused = this.store.shouldPause?.() === true;
        if (paused && this.inFlight > 0) break;
        // Paused with nothing running: one task, to keep going without adding more memory than needed.
        const take = paused ? 1 : Math.min(cap - this.inFlight, this.ready.size);
        const items: WorkItem[] = [];
        for (let j = 0; j < take; j++) {
          const i = this.ready.pop();
          const node = this.g.nodes[i];
          if (node.kind === 'alias' || (node.kind === 'task' && node.fn.cheap === true)) {
            this.inFlight++;
            this.runHere(i, node);
          } else items.push({ index: i, key: this.g.keys[i], node });
          if (this.settled) return;
        }
        if (items.length > 0) {
          this.inFlight += items.length;
          this.executor.submit(items, this);
        }
      }
    } catch (err) {
      this.fail(err);
    } finally {
      this.pumping = false;
    }
  }

  read(key: Key): unknown {
    return this.store.get(key);
  }

  /** Run a cheap node (an alias, a selection) in this thread instead of on the executor. */
  private runHere(index: number, node: GraphNode): void {
    let value: unknown;
    try {
      if (this.timed) this.started(index, 'scheduler');
      value = executeNode(node, (k) => this.store.get(k));
    } catch (err) {
      this.failed(index, err, 'scheduler');
      return;
    }
    if (isPromiseLike(value)) {
      Promise.resolve(value).then(
        (v) => this.done(index, v),
        (err) => this.failed(index, err, 'scheduler'),
      );
    } else this.done(index, value);
  }

  started(index: number, worker: string): void {
    if (!this.timed || this.settled) return;
    this.startTimes![index] = performance.timeOrigin + performance.now();
    emit(this.callbacks, 'taskStart', {
      key: this.g.keys[index],
      functionName: nodeFunctionName(this.g.nodes[index]),
      worker,
    });
  }

  done(index: number, value: unknown, timing?: TaskTiming): void {
    if (this.settled) return;
    const g = this.g;
    this.inFlight--;
    this.finished++;
    if (this.timed) {
      const endTime = timing?.endTime ?? performance.timeOrigin + performance.now();
      const startTime = timing?.startTime ?? this.startTimes![index];
      emit(this.callbacks, 'taskFinish', {
        key: g.keys[index],
        functionName: nodeFunctionName(g.nodes[index]),
        worker: timing?.worker ?? 'main',
        startTime,
        endTime,
        durationMs: endTime - startTime,
      });
    }
    try {
      if (this.readers[index] > 0 || this.isOutput[index] === 1) this.store.set(g.keys[index], value);
      for (let j = g.depStart[index]; j < g.depStart[index + 1]; j++) {
        const d = g.deps[j];
        if (--this.readers[d] === 0 && this.isOutput[d] === 0) this.store.delete(g.keys[d]);
      }
    } catch (err) {
      // A store that fails (e.g. a full spill disk) fails the run; thrown back into an executor's
      // promise callback it would be lost, and the run would never settle.
      this.fail(err);
      return;
    }
    for (let j = g.dependentStart[index]; j < g.dependentStart[index + 1]; j++) {
      const w = g.dependents[j];
      if (--this.waiting[w] === 0) this.ready.push(w);
    }
    if (this.finished === g.size) this.complete();
    else this.pump();
  }

  failed(index: number, error: unknown, worker?: string): void {
    if (this.settled) return;
    const err =
      error instanceof TuskError
        ? error
        : new TaskError(this.g.keys[index], nodeFunctionName(this.g.nodes[index]), error, worker);
    this.fail(err);
  }

  private fail(err: unknown): void {
    if (this.settled) return;
    this.settled = true;
    const finish = () => {
      emit(this.callbacks, 'finish', {
        ok: false,
        error: err,
        durationMs: performance.now() - this.t0,
        tasksDone: this.finished,
      });
      this.reject(err);
    };
    let cancelled: void | Promise<void>;
    try {
      cancelled = this.executor.cancel?.();
    } catch {
      cancelled = undefined;
    }
    if (cancelled && typeof (cancelled as Promise<void>).then === 'function') {
      (cancelled as Promise<void>).then(finish, finish);
    } else finish();
  }

  private complete(): void {
    const out = new Map<Key, unknown>();
    try {
      for (const k of this.keys) out.set(k, this.store.get(k));
    } catch (err) {
      this.fail(err);
      return;
    }
    this.settled = true;
    emit(this.callbacks, 'finish', {
      ok: true,
      durationMs: performance.now() - this.t0,
      tasksDone: this.finished,
    });
    this.resolve(out);
  }
}
