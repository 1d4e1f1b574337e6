/**
 * A distributed worker: a BullMQ Worker that takes Tusk jobs (batches of tasks) from a queue and
 * runs them with the schedulers package's Runner — the same code that runs tasks in thread and
 * process pools — in this process.
 *
 * For each job: decode the payload; refuse functions whose module is not allowed (the task fails
 * with ModuleNotAllowedError, and nothing is imported); read the inputs (one Redis round trip that
 * also checks that the run is alive, plus files of the shared result store); run the tasks; write
 * each result to Redis, or to the shared store above `resultThreshold`, in one MULTI that checks
 * the run is still alive (results of a run that ended meanwhile are deleted again); and return
 * where everything went. A task that throws is reported in the return value, not as a BullMQ
 * failure, so it is not retried: task errors fail the run at once. A job of a run that is gone
 * is acknowledged without running anything.
 *
 * A worker killed mid-job holds its BullMQ lock until it expires; another worker's stalled check
 * then moves the job back to the queue and runs it again (results are rewritten, not duplicated).
 * Tasks run one at a time on this process's thread (async tasks overlap); `concurrency` is how
 * many jobs are in progress at once, which overlaps Redis round trips and asynchronous tasks.
 * For more CPU, start more workers.
 */

import { hostname } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { ResultsMessage, RunMessage, WireFunction, WireJob, WireNode } from '@tusk/schedulers';
import { JobFlags, Runner, registerBuiltinCodecs, serializeError } from '@tusk/schedulers';
import { type Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { openRedis, type RedisConnection, redisTarget } from '../connection.js';
import { ModuleNotAllowedError } from '../errors.js';
import { decodePayload } from '../payload.js';
import { type JobResult, Keys, type Location } from '../protocol.js';
import { DirectoryResultStore, type SharedResultStore } from '../result-store.js';
import { bytesToEncoded, encodedToBytes } from '../value-bytes.js';
import { ModuleAllowlist } from './allowlist.js';

/** Options of a distributed worker (the `tusk-worker` flags). */
export interface TaskWorkerOptions {
  /** Redis URL or ioredis options. */
  readonly connection: RedisConnection;
  /** BullMQ queue name (the driver's `queue`). */
  readonly queue: string;
  /** Jobs in progress at once (default 1). */
  readonly concurrency?: number;
  /** Files and directories of task modules this worker may import. */
  readonly modules?: readonly string[];
  /** Directory of the shared result store (the driver's `resultDir`). */
  readonly resultDir?: string;
  /** Results of at least this many bytes go to the shared store when there is one (default 1 MiB). */
  readonly resultThreshold?: number;
  /** BullMQ lock duration in ms (default 30,000): how long a dead worker's job waits before a retry. */
  readonly lockDuration?: number;
  /** BullMQ stalled-job check interval in ms (default 30,000). */
  readonly stalledInterval?: number;
  /** Times a job may stall before it fails (default 2). */
  readonly maxStalledCount?: number;
  /** Worker name in callbacks and errors (default `<host>-<pid>`). */
  readonly name?: string;
  /** Milliseconds to wait for Redis on start (default 5000). */
  readonly connectTimeout?: number;
}

/** A task of a job waiting for the Runner. */
interface Pending {
  readonly index: number;
  readonly key: string;
  ok: boolean;
  value: unknown;
  start: number;
  end: number;
}

interface JobState {
  readonly tasks: Pending[];
  left: number;
  resolve: () => void;
}

/**
 * A running worker; `close()` stops taking jobs, finishes the ones in progress, and disconnects.
 *
 * @example
 * const worker = await startWorker({ connection: 'redis://127.0.0.1:6379', queue: 'tusk', modules: ['./tasks.js'] });
 * // … later
 * await worker.close();
 */
/** SET KEYS[2..] to ARGV[1..] if KEYS[1] (the run's alive key) exists; 1 if it did, else 0. */
const SET_IF_ALIVE = `if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
for i = 2, #KEYS do redis.call('SET', KEYS[i], ARGV[i - 1]) end
return 1`;

export class TaskWorker {
  readonly name: string;
  private readonly keys: Keys;
  private readonly runner: Runner;
  private readonly fnIds = new Map<string, number>();
  private readonly byJobId = new Map<number, { state: JobState; at: number }>();
  private nextId = 0;
  private readonly threshold: number;
  private bull: Worker | undefined;
  private connection: Redis | undefined;

  private constructor(
    private readonly options: TaskWorkerOptions,
    private readonly allow: ModuleAllowlist,
    private readonly redis: Redis,
    private readonly results: SharedResultStore | undefined,
  ) {
    this.name = options.name ?? `${hostname()}-${process.pid}`;
    this.keys = new Keys(options.queue);
    this.threshold = options.resultThreshold ?? 1024 * 1024;
    this.runner = new Runner({
      post: (message) => {
        if (message.t === 'results') this.results_(message);
      },
      onMessage: () => {},
    });
    this.runner.receive({
      t: 'init',
      id: this.name,
      kind: 'threads',
      codecs: [],
      spoolDir: undefined,
      spoolThreshold: 0,
    });
  }

  /** Connect, import the built-in packages and the given module files, and start taking jobs. */
  static async start(options: TaskWorkerOptions): Promise<TaskWorker> {
    const target = redisTarget(options.connection);
    if (typeof options.queue !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(options.queue)) {
      throw new Error(
        `A queue name of letters, digits, '_', '-' and '.' is needed, got ${String(options.queue)}.`,
      );
    }
    const allow = new ModuleAllowlist(options.modules ?? []);
    registerBuiltinCodecs();
    // Built-in kernels and codecs (the Arrow codec comes with @tusk/dataframe).
    for (const name of ['@tusk/array', '@tusk/dataframe']) await import(name).catch(() => undefined);
    for (const file of allow.moduleFiles) await import(pathToFileURL(file).href);
    const timeout = options.connectTimeout ?? 5000;
    const redis = await openRedis(target, `tusk-worker-data:${options.queue}`, timeout, true);
    const results = options.resultDir === undefined ? undefined : new DirectoryResultStore(options.resultDir);
    const worker = new TaskWorker(options, allow, redis, results);
    const connection = await openRedis(target, `tusk-worker:${options.queue}`, timeout, true).catch(
      (err: unknown) => {
        redis.disconnect();
        throw err;
      },
    );
    worker.connection = connection;
    worker.bull = new Worker(options.queue, (job) => worker.process(job), {
      connection,
      concurrency: options.concurrency ?? 1,
      lockDuration: options.lockDuration ?? 30_000,
      stalledInterval: options.stalledInterval ?? 30_000,
      maxStalledCount: options.maxStalledCount ?? 2,
      name: worker.name,
    });
    // While Redis is away every connection reports each failed reconnect: one line per message per 10 s.
    const warned = new Map<string, number>();
    const warn = (err: Error) => {
      const now = Date.now();
      if ((warned.get(err.message) ?? 0) > now - 10_000) return;
      warned.set(err.message, now);
      process.emitWarning(`tusk-worker ${worker.name}: ${err.message}`);
    };
    worker.bull.on('error', warn);
    redis.on('error', warn);
    connection.on('error', warn);
    await worker.bull.waitUntilReady();
    return worker;
  }

  /** Stop taking jobs, finish those in progress (unless `force`), and disconnect. */
  async close(force = false): Promise<void> {
    await this.bull?.close(force);
    this.connection?.disconnect();
    this.redis.disconnect();
  }

  private async process(job: Job): Promise<JobResult> {
    const payload = decodePayload(job.data);
    const run = payload.r;
    const alive = this.keys.alive(run);
    // Functions: map the job's ids to this worker's, refusing modules that are not allowed.
    const fns: WireFunction[] = [];
    const ids = new Map<number, number>();
    const refused = new Map<number, ModuleNotAllowedError>();
    for (const [fid, module, exportName, name] of payload.fns) {
      if (!this.allow.allows(module)) {
        refused.set(fid, new ModuleNotAllowedError(module, this.allow.paths));
        continue;
      }
      const id = `${module}#${exportName}`;
      let g = this.fnIds.get(id);
      if (g === undefined) {
        g = this.fnIds.size;
        this.fnIds.set(id, g);
        fns.push([g, module, exportName, name]);
      }
      ids.set(fid, g);
    }
    // Tell the Runner now: a job taking these functions may reach it before this one does.
    if (fns.length > 0) this.runner.receive({ t: 'run', jobs: [], fns, timed: false });
    // Inputs: one round trip for the alive check and every Redis-held input; files beside it.
    const redisInputs: number[] = [];
    const fileInputs: number[] = [];
    for (const t of payload.tasks)
      for (const x of t.x)
        if (Array.isArray(x)) (x[1] === 'r' ? redisInputs : fileInputs).push(x[0] as number);
    const uniqueRedis = [...new Set(redisInputs)];
    const uniqueFiles = [...new Set(fileInputs)];
    const pipeline = this.redis.pipeline().exists(alive);
    if (uniqueRedis.length > 0) pipeline.mgetBuffer(...uniqueRedis.map((i) => this.keys.value(run, i)));
    const [answers, files] = await Promise.all([
      pipeline.exec(),
      Promise.all(uniqueFiles.map((i) => this.readFile(run, i))),
    ]);
    for (const [err] of answers ?? []) if (err) throw err;
    if (answers?.[0]?.[1] !== 1) return { w: this.name, ok: [], err: [], busy: 0, gone: true };
    const values = new Map<string, unknown>();
    const got = (answers[1]?.[1] ?? []) as (Buffer | null)[];
    uniqueRedis.forEach((index, k) => {
      const bytes = got[k];
      if (bytes === null) {
        throw new Error(
          `Input #${index} of run ${run} is missing from Redis (deleted early, or Redis evicted it: ` +
            'run Redis with maxmemory-policy noeviction).',
        );
      }
      values.set(`r${index}`, bytesToEncoded(bytes));
    });
    for (let k = 0; k < uniqueFiles.length; k++) values.set(`f${uniqueFiles[k]}`, bytesToEncoded(files[k]));
    // Run the tasks with the Runner.
    const state: JobState = { tasks: [], left: 0, resolve: () => {} };
    const done = new Promise<void>((r) => {
      state.resolve = r;
    });
    const wire: WireJob[] = [];
    const failedEarly: [number, ReturnType<typeof serializeError>][] = [];
    for (const t of payload.tasks) {
      const refusal = firstRefused(t.n, refused);
      if (refusal !== undefined) {
        failedEarly.push([t.i, jsonSafe(serializeError(refusal))]);
        continue;
      }
      const id = this.nextId++;
      const pending: Pending = {
        index: t.i,
        key: t.n.key,
        ok: false,
        value: undefined,
        start: 0,
        end: 0,
      };
      this.byJobId.set(id, { state, at: state.tasks.length });
      state.tasks.push(pending);
      state.left++;
      const x = t.x.map((input) =>
        Array.isArray(input) ? values.get(`${input[1]}${input[0]}`) : (input as { v: unknown }).v,
      );
      wire.push({
        i: id,
        n: remapFunctions(t.n, ids),
        x,
        f: (t.a ? JobFlags.ARGS : 0) | (x.length > 0 ? JobFlags.INPUTS : 0),
        o: 0,
      });
    }
    const t0 = performance.now();
    if (wire.length > 0) {
      const message: RunMessage = { t: 'run', jobs: wire, fns: undefined, timed: payload.t };
      this.runner.receive(message);
      await done;
    }
    const busy = performance.now() - t0;
    return this.store(run, state.tasks, failedEarly, busy);
  }

  /** Write the results of a job and say where they went. */
  private async store(
    run: string,
    tasks: readonly Pending[],
    failed: [number, ReturnType<typeof serializeError>][],
    busy: number,
  ): Promise<JobResult> {
    const ok: [number, number, Location, number, number][] = [];
    const keys = [this.keys.alive(run)];
    const values: Buffer[] = [];
    const filed: string[] = [];
    for (const p of tasks) {
      if (!p.ok) {
        failed.push([p.index, jsonSafe(p.value as ReturnType<typeof serializeError>)]);
        continue;
      }
      let bytes: Buffer;
      try {
        bytes = encodedToBytes(p.value);
      } catch (err) {
        failed.push([p.index, jsonSafe(serializeError(err))]);
        continue;
      }
      if (this.results !== undefined && bytes.byteLength >= this.threshold) {
        await this.results.put(this.options.queue, run, String(p.index), bytes);
        filed.push(String(p.index));
        ok.push([p.index, bytes.byteLength, 'f', p.start, p.end]);
      } else {
        keys.push(this.keys.value(run, p.index));
        values.push(bytes);
        ok.push([p.index, bytes.byteLength, 'r', p.start, p.end]);
      }
    }
    // Written only while the run is alive, atomically: a run that ended meanwhile gets nothing.
    const alive = (await this.redis.eval(SET_IF_ALIVE, keys.length, ...keys, ...values)) as number;
    if (alive !== 1) {
      // The run ended while this job ran: take back the files written.
      if (filed.length > 0) await this.results?.delete(this.options.queue, run, filed);
      return { w: this.name, ok: [], err: [], busy, gone: true };
    }
    return { w: this.name, ok, err: failed, busy };
  }

  private async readFile(run: string, index: number): Promise<Buffer> {
    if (this.results === undefined) {
      throw new Error(
        `Input #${index} of run ${run} is in the shared result store, but this worker has none: ` +
          'start it with --results <dir> (the same shared directory as the driver and the other workers).',
      );
    }
    return this.results.get(this.options.queue, run, String(index));
  }

  /** Results streamed back by the Runner. */
  private results_(message: ResultsMessage): void {
    const timing = message.timing;
    message.done.forEach((id, k) => {
      const p = this.settle(id);
      if (p === undefined) return;
      p.ok = true;
      p.value = message.values[k];
      if (timing !== undefined) {
        p.start = timing[2 * k];
        p.end = timing[2 * k + 1];
      }
      this.finishOne(id);
    });
    message.failed.forEach((id, k) => {
      const p = this.settle(id);
      if (p === undefined) return;
      p.value = message.errors[k];
      this.finishOne(id);
    });
  }

  private settle(id: number): Pending | undefined {
    const entry = this.byJobId.get(id);
    if (entry === undefined) return undefined;
    const p = entry.state.tasks[entry.at];
    return p;
  }

  private finishOne(id: number): void {
    const entry = this.byJobId.get(id)!;
    this.byJobId.delete(id);
    if (--entry.state.left === 0) entry.state.resolve();
  }
}

/** Start a distributed worker (see TaskWorker). */
export function startWorker(options: TaskWorkerOptions): Promise<TaskWorker> {
  return TaskWorker.start(options);
}

/** The first refused module a node calls, if any. */
function firstRefused(node: WireNode, refused: ReadonlyMap<number, Error>): Error | undefined {
  if (refused.size === 0) return undefined;
  if (node.k === 'task') return refused.get(node.f);
  if (node.k === 'fused') {
    for (const n of node.n) {
      const r = firstRefused(n, refused);
      if (r !== undefined) return r;
    }
  }
  return undefined;
}

/** The node with the job's function ids replaced by this worker's. */
function remapFunctions(node: WireNode, ids: ReadonlyMap<number, number>): WireNode {
  if (node.k === 'task') return { ...node, f: ids.get(node.f)! };
  if (node.k === 'fused') return { ...node, n: node.n.map((n) => remapFunctions(n, ids)) };
  return node;
}

/** An error whose fields JSON can carry (BullMQ return values are JSON). */
function jsonSafe(wire: ReturnType<typeof serializeError>): ReturnType<typeof serializeError> {
  const fields = wire.fields;
  let safe = fields;
  if (fields !== undefined) {
    safe = {};
    for (const [k, v] of Object.entries(fields)) safe[k] = typeof v === 'bigint' ? String(v) : v;
  }
  return { ...wire, fields: safe, cause: wire.cause === undefined ? undefined : jsonSafe(wire.cause) };
}
