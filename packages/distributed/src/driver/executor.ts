/**
 * DistributedExecutor: how the `distributed` scheduler plugs BullMQ into core's one scheduler loop
 * (`runGraph`). The loop decides *what* runs next and when a value can go; this adapter turns
 * ready tasks into BullMQ jobs and completions back into results.
 *
 * Policy
 * ------
 *   - Refusal first: `prepare` refuses closures (they cannot cross to another machine) before
 *     anything runs, with the same error as the threads and processes schedulers.
 *   - Jobs. The loop hands over ready tasks; consecutive ones are grouped into one job of up to
 *     `batch` tasks, where `batch` adapts so that a job carries about `batchMs` of work (measured
 *     per task on the workers); it starts at 1. A job's BullMQ priority is the lowest static
 *     priority of its tasks, so workers take work in the order core's `order` chose. Dependencies
 *     are the loop's business: a task becomes a job only once its inputs are done (no BullMQ flows).
 *   - Capacity is `jobsInFlight × batch` tasks, so a handful of jobs wait at the queue for every
 *     worker while the rest of the graph stays in the loop, in priority order.
 *   - Values stay where they are made. A worker writes each result to Redis (or the shared result
 *     store when large) and the loop's store keeps a RemoteRef; a job names its inputs by location.
 *     Only values the driver needs are fetched: requested outputs, and inputs of the aliases and
 *     cheap selections that the loop runs in its own thread. A value the driver holds that a
 *     worker must read is sent inside the job when small, or uploaded once to Redis.
 *   - Release: when the loop drops a key, the store drops its RemoteRef; the last holder deletes
 *     the Redis key or file (deletions are batched per tick).
 *   - Failure: a task that threw fails the run at once with TaskError and the worker-side stack; a
 *     job BullMQ failed (too many stalls) fails it with RemoteJobError; so does a lost Redis
 *     connection (RedisConnectionError). Cancelling stops listening; the scheduler then ends the
 *     run's RunSpace, so workers skip its queued jobs and discard results of running ones.
 *
 * Reference: dask/local.py (`get_async` over an executor); dask.distributed's scheduler keeps data
 * on workers in the same way, fetching only what the client gathers.
 */

import {
  type CompiledGraph,
  type Executor,
  type ExecutorContext,
  executeNode,
  type FunctionRef,
  type GraphNode,
  type Key,
  order,
  type TaskTiming,
  type WorkItem,
} from '@tusk/core';
import { assertPortable, deserializeError, encodeNode, valueSink, type WireFunction } from '@tusk/schedulers';
import { Job, type JobsOptions } from 'bullmq';
import { RedisConnectionError, RemoteJobError, ResultStoreError } from '../errors.js';
import { encodePayload } from '../payload.js';
import {
  type JobPayload,
  type JobResult,
  jobId,
  runOfJob,
  type WireInput,
  type WireTask,
} from '../protocol.js';
import { bytesToValue, encodedToBytes, encodeForWire } from '../value-bytes.js';
import { RemoteRef } from './remote-ref.js';
import type { RunSpace } from './run-space.js';
import { DriverStore } from './store.js';

/** Settings of one distributed run. */
export interface DistributedExecutorOptions {
  readonly keys: readonly Key[];
  /** Jobs waiting or running at once (see capacity). */
  readonly jobsInFlight: number;
  /** Milliseconds of work a job should carry when tasks are tiny. */
  readonly batchMs: number;
  /** Most tasks per job. */
  readonly maxBatch: number;
  /** Workers (for callbacks and diagnostics). */
  readonly workers: number;
}

/** Highest BullMQ priority. */
const MAX_PRIORITY = 2 ** 21;
/** Values the driver holds up to this size go inside a job; larger ones are uploaded once. */
const INLINE_BYTES = 16 * 1024;
/**
 * With jobs in flight and no event heard for this long, ask Redis for their states: a job finished
 * whose completion never arrived (the events connection was lost, or the event stream trimmed
 * past it) is seen on two such checks in a row and fails the run instead of leaving it waiting.
 */
const WATCHDOG_MS = 2000;

interface SentJob {
  readonly indices: readonly number[];
  /** The job is on the queue (addBulk returned). */
  added: boolean;
}

/** See the module comment. */
export class DistributedExecutor implements Executor {
  readonly name = 'distributed';
  readonly workers: number;
  readonly store: DriverStore;
  private ctx: ExecutorContext | undefined;
  private g: CompiledGraph | undefined;
  private priority: Int32Array | undefined;
  /** 1 where the driver needs the value itself. */
  private needLocal: Uint8Array | undefined;
  private readonly fnIds = new Map<FunctionRef, number>();
  private readonly fnList: WireFunction[] = [];
  private readonly jobs = new Map<string, SentJob>();
  private jobCount = 0;
  private batch = 1;
  private perTaskMs = -1;
  private cancelled = false;
  private holding = false;
  private deletions: string[] = [];
  private fileDeletions: string[] = [];
  private deleteScheduled = false;
  private lastEvent = performance.now();
  private readonly suspects = new Set<string>();
  private checking = false;
  private readonly watchdog: NodeJS.Timeout;

  constructor(
    private readonly space: RunSpace,
    private readonly options: DistributedExecutorOptions,
  ) {
    this.workers = options.workers;
    this.store = new DriverStore((ref) => this.discard(ref));
    space.events.on('completed', ({ jobId: id, returnvalue }) => {
      this.lastEvent = performance.now();
      if (runOfJob(id) === space.id) this.completed(id, returnvalue as unknown as JobResult);
    });
    space.events.on('failed', ({ jobId: id, failedReason }) => {
      this.lastEvent = performance.now();
      if (runOfJob(id) === space.id) this.jobFailed(id, failedReason);
    });
    const lost = () => this.lost();
    space.client.on('end', lost);
    // QueueEvents reads through a connection of its own; if that one is lost while the main client
    // lives, the watchdog finds the finished jobs whose completions never came.
    this.watchdog = setInterval(() => void this.checkSilence(), WATCHDOG_MS);
    this.watchdog.unref();
    space.events.on('error', (err) => {
      if (!this.cancelled && isConnectionLoss(err)) this.lost();
    });
  }

  get capacity(): number {
    // While a job's results are reported one by one the loop must not dispatch after each of
    // them (a job per freed slot); it dispatches once, after the last.
    return this.holding ? 0 : this.options.jobsInFlight * this.batch;
  }

  prepare(graph: CompiledGraph): void {
    assertPortable(graph.nodes, 'distributed');
    this.g = graph;
    const n = graph.size;
    const outputs: number[] = [];
    for (const k of this.options.keys) {
      const i = graph.index.get(k);
      if (i !== undefined) outputs.push(i);
    }
    this.priority = order(graph, outputs);
    const need = new Int8Array(n).fill(-1);
    for (const i of outputs) need[i] = 1;
    const visit = (i: number): number => {
      if (need[i] !== -1) return need[i];
      need[i] = 0;
      for (let j = graph.dependentStart[i]; j < graph.dependentStart[i + 1]; j++) {
        const d = graph.nodes[graph.dependents[j]];
        const dIndex = graph.dependents[j];
        if ((d.kind === 'task' && d.fn.cheap === true) || (d.kind === 'alias' && visit(dIndex) === 1)) {
          need[i] = 1;
          break;
        }
      }
      return need[i];
    };
    this.needLocal = new Uint8Array(n);
    for (let i = 0; i < n; i++) this.needLocal[i] = visit(i);
  }

  submit(items: readonly WorkItem[], ctx: ExecutorContext): void {
    this.ctx = ctx;
    const remote: WorkItem[] = [];
    for (const item of items) {
      if (item.node.kind === 'data') {
        ctx.done(
          item.index,
          executeNode(item.node, () => undefined),
        );
      } else remote.push(item);
    }
    if (remote.length === 0) return;
    const batches: WorkItem[][] = [];
    for (let s = 0; s < remote.length; s += this.batch) batches.push(remote.slice(s, s + this.batch));
    this.send(batches, ctx).catch((err) =>
      this.isLoss(err) ? this.lost() : ctx.failed(batches[0][0].index, err),
    );
  }

  cancel(): void {
    this.cancelled = true;
  }

  /** Stop watching (the run has ended). */
  close(): void {
    clearInterval(this.watchdog);
  }

  /** See WATCHDOG_MS. */
  private async checkSilence(): Promise<void> {
    if (this.cancelled || this.checking || this.ctx === undefined) return;
    if (performance.now() - this.lastEvent < WATCHDOG_MS) {
      this.suspects.clear();
      return;
    }
    const ids = [...this.jobs]
      .filter(([, j]) => j.added)
      .map(([id]) => id)
      .slice(0, 64);
    if (ids.length === 0) return;
    this.checking = true;
    try {
      const queue = this.space.queue;
      const states = await Promise.all(ids.map((id) => queue.getJobState(id)));
      for (let i = 0; i < ids.length && !this.cancelled; i++) {
        const id = ids[i];
        const job = this.jobs.get(id);
        if (job === undefined) continue;
        if (states[i] === 'failed') {
          const failed = await Job.fromId(queue, id);
          this.jobFailed(id, failed?.failedReason ?? 'the job failed');
        } else if (states[i] === 'completed' || states[i] === 'unknown') {
          // Finished (completed jobs are removed at once), but its completion was not heard.
          if (!this.suspects.has(id)) {
            this.suspects.add(id);
            continue;
          }
          this.ctx.failed(
            job.indices[0],
            new RedisConnectionError(
              this.space.options.target.label,
              `Job ${id} finished but its completion was not heard from Redis at ` +
                `${this.space.options.target.label} (the events connection was lost, or the event stream was ` +
                'trimmed past it); the run is abandoned.',
            ),
          );
          return;
        }
      }
    } catch {
      this.lost();
    } finally {
      this.checking = false;
    }
  }

  // ---------------------------------------------------------------------------------------------

  private async send(batches: readonly WorkItem[][], ctx: ExecutorContext): Promise<void> {
    const uploads: Promise<unknown>[] = [];
    const jobs: { name: string; data: unknown; opts: JobsOptions }[] = [];
    for (const batch of batches) {
      const fns = new Map<number, WireFunction>();
      const tasks: WireTask[] = [];
      let priority = MAX_PRIORITY;
      for (const item of batch) {
        tasks.push(this.encodeTask(item, ctx, fns, uploads));
        priority = Math.min(priority, this.priority![item.index] + 1);
      }
      const id = jobId(this.space.id, this.jobCount++);
      const payload: JobPayload = { r: this.space.id, t: ctx.timed, fns: [...fns.values()], tasks };
      this.jobs.set(id, { indices: batch.map((b) => b.index), added: false });
      jobs.push({
        name: 't',
        data: encodePayload(payload),
        opts: {
          jobId: id,
          priority: Math.min(priority, MAX_PRIORITY),
          removeOnComplete: true,
          removeOnFail: true,
          attempts: 1,
        },
      });
    }
    if (uploads.length > 0) await Promise.all(uploads);
    if (this.cancelled) return;
    await this.space.queue.addBulk(jobs);
    for (const j of jobs) {
      const sent = this.jobs.get(j.opts.jobId as string);
      if (sent !== undefined) sent.added = true;
    }
  }

  private encodeTask(
    item: WorkItem,
    ctx: ExecutorContext,
    fns: Map<number, WireFunction>,
    uploads: Promise<unknown>[],
  ): WireTask {
    const sink = valueSink();
    sink.key = item.key;
    sink.part = 'arguments';
    const n = encodeNode(item.node, (ref) => this.functionId(ref, fns), sink);
    const marked = sink.marked;
    const deps = inputKeys(item.node);
    const x: WireInput[] = new Array(deps.length);
    for (let p = 0; p < deps.length; p++) x[p] = this.input(deps[p], ctx, uploads);
    return { i: item.index, n, a: marked, x };
  }

  /** How a worker finds the value of `key`. */
  private input(key: Key, ctx: ExecutorContext, uploads: Promise<unknown>[]): WireInput {
    const v = ctx.read(key);
    const ref = v instanceof RemoteRef ? v : this.store.remoteCopy(key);
    if (ref !== undefined) return [ref.index, ref.location];
    const encoded = encodeForWire(v, key);
    const bytes = encodedToBytes(encoded);
    if (bytes.byteLength < INLINE_BYTES) return { v: encoded };
    const index = this.g!.index.get(key)!;
    const copy = new RemoteRef(index, 'r', bytes.byteLength);
    this.store.addCopy(key, copy);
    uploads.push(this.space.client.set(this.space.keys.value(this.space.id, index), bytes));
    return [index, 'r'];
  }

  private functionId(ref: FunctionRef, fns: Map<number, WireFunction>): number {
    let id = this.fnIds.get(ref);
    if (id === undefined) {
      id = this.fnList.length;
      this.fnIds.set(ref, id);
      this.fnList.push([id, ref.module!, ref.exportName!, ref.name]);
    }
    fns.set(id, this.fnList[id]);
    return id;
  }

  private completed(id: string, result: JobResult): void {
    const job = this.jobs.get(id);
    if (job === undefined || this.cancelled) return;
    this.jobs.delete(id);
    const ctx = this.ctx!;
    if (result.gone) {
      ctx.failed(
        job.indices[0],
        new RemoteJobError(
          id,
          this.g!.keys[job.indices[0]],
          'the run had expired when the worker took the job (was the driver blocked for longer than aliveTtl?)',
        ),
      );
      return;
    }
    const count = result.ok.length + result.err.length;
    if (count > 0) this.learn(result.busy / count);
    if (result.err.length > 0) {
      const [index, wire] = result.err[0];
      ctx.failed(index, deserializeError(wire, result.w), result.w);
      return;
    }
    if (this.space.options.results === undefined && result.ok.some((o) => o[2] === 'f')) {
      // The worker wrote results to its --results directory, which this driver cannot see: it
      // could neither read nor delete them.
      ctx.failed(
        job.indices[0],
        new ResultStoreError(
          `A worker (${result.w}) stored results in its shared --results directory, but this run has no ` +
            "'resultDir'. Give compute() the same shared directory as resultDir, or start the workers without --results.",
        ),
      );
      return;
    }
    const fetch: [number, RemoteRef, TaskTiming | undefined][] = [];
    const reports: [number, unknown, TaskTiming | undefined][] = [];
    for (const [index, bytes, location, start, end] of result.ok) {
      const ref = new RemoteRef(index, location, bytes);
      const timing = ctx.timed ? { worker: result.w, startTime: start, endTime: end } : undefined;
      if (this.needLocal![index] === 1) {
        fetch.push([index, ref, timing]);
        continue;
      }
      reports.push([index, ref, timing]);
    }
    this.report(reports);
    if (fetch.length > 0) {
      // A fetch that fails because Redis went away is the lost connection, not the task's failure.
      this.fetch(fetch).catch((err) => (this.isLoss(err) ? this.lost() : ctx.failed(fetch[0][0], err)));
    }
  }

  /** Bring results the driver needs here, then report them. */
  private async fetch(list: readonly [number, RemoteRef, TaskTiming | undefined][]): Promise<void> {
    const space = this.space;
    const inRedis = list.filter(([, r]) => r.location === 'r');
    const got =
      inRedis.length > 0
        ? await space.client.mgetBuffer(...inRedis.map(([i]) => space.keys.value(space.id, i)))
        : [];
    const bytesOf = new Map<number, Buffer | null>();
    for (let k = 0; k < inRedis.length; k++) bytesOf.set(inRedis[k][0], got[k]);
    for (const [i, r] of list) {
      if (r.location !== 'f') continue;
      const results = space.options.results;
      if (results === undefined) {
        throw new ResultStoreError(
          `The result of task '${this.g!.keys[i]}' was written to the workers' shared result store, ` +
            'but this run has no resultDir: pass resultDir (the directory the workers got as --results).',
        );
      }
      bytesOf.set(i, await results.get(space.options.queue, space.id, String(i)));
    }
    if (this.cancelled) return;
    const reports: [number, unknown, TaskTiming | undefined][] = [];
    for (const [i, ref, timing] of list) {
      const bytes = bytesOf.get(i);
      if (bytes === null || bytes === undefined) {
        throw new RemoteJobError(String(i), this.g!.keys[i], 'its result is missing from Redis');
      }
      const value = bytesToValue(bytes);
      this.store.noteFetched(bytes.byteLength);
      // The remote copy serves remote readers until the key is released (noted before the loop
      // hears of the value: that may submit readers at once).
      this.store.addCopy(this.g!.keys[i], ref);
      reports.push([i, value, timing]);
    }
    this.report(reports);
  }

  /** Tell the loop about finished tasks; it dispatches new work once, after the last. */
  private report(reports: readonly [number, unknown, TaskTiming | undefined][]): void {
    const ctx = this.ctx!;
    const last = reports.length - 1;
    try {
      for (let k = 0; k <= last; k++) {
        const [index, value, timing] = reports[k];
        this.holding = k < last;
        if (timing !== undefined) ctx.started(index, timing.worker);
        ctx.done(index, value, timing);
      }
    } finally {
      this.holding = false;
    }
  }

  private learn(ms: number): void {
    this.perTaskMs = this.perTaskMs < 0 ? ms : 0.7 * this.perTaskMs + 0.3 * ms;
    const want = Math.floor(this.options.batchMs / Math.max(this.perTaskMs, 1e-3));
    this.batch = Math.max(1, Math.min(this.options.maxBatch, want));
  }

  private jobFailed(id: string, reason: string): void {
    const job = this.jobs.get(id);
    if (job === undefined || this.cancelled) return;
    this.jobs.delete(id);
    this.ctx?.failed(job.indices[0], new RemoteJobError(id, this.g!.keys[job.indices[0]], reason));
  }

  /**
   * Did a command fail because Redis went away? By the message (refused, reset, closed under the
   * command, or refused for want of a connection), or because the client is no longer connected.
   */
  private isLoss(err: unknown): boolean {
    return isConnectionLoss(err) || this.space.client.status !== 'ready';
  }

  private lost(): void {
    // (Once per run: the first report fails the run; later ones find it cancelled or failed.)
    if (this.cancelled) return;
    const ctx = this.ctx;
    const space = this.space;
    const err = new RedisConnectionError(
      space.options.target.label,
      `Lost the connection to Redis at ${space.options.target.label} during the run; the run is abandoned ` +
        '(workers drop its jobs once its alive key expires).',
    );
    if (ctx !== undefined) ctx.failed(0, err);
  }

  /** Delete a released remote value (batched per tick). */
  private discard(ref: RemoteRef): void {
    const space = this.space;
    if (ref.location === 'r') this.deletions.push(space.keys.value(space.id, ref.index));
    else this.fileDeletions.push(String(ref.index));
    if (this.deleteScheduled) return;
    this.deleteScheduled = true;
    setImmediate(() => {
      this.deleteScheduled = false;
      const keys = this.deletions;
      const files = this.fileDeletions;
      this.deletions = [];
      this.fileDeletions = [];
      if (keys.length > 0) space.client.unlink(...keys).catch(() => undefined);
      if (files.length > 0)
        space.options.results?.delete(space.options.queue, space.id, files).catch(() => undefined);
    });
  }
}

/** The keys a node reads, in the order a worker's Runner expects its inputs. */
function inputKeys(node: GraphNode): readonly Key[] {
  if (node.kind === 'alias') return [node.target];
  if (node.kind === 'data') return [];
  return node.deps;
}

/** Is `err` the Redis connection going away (refused, reset, or closed under a command)? */
function isConnectionLoss(err: unknown): boolean {
  return /ECONNREFUSED|ECONNRESET|EPIPE|closed|isn't writeable/i.test(String(err));
}
