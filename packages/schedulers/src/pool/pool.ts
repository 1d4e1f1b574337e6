/**
 * The worker pool: one implementation behind the `threads` and `processes` schedulers and the
 * futures API (WorkerPool). It owns workers and a queue of jobs, and nothing about graphs.
 *
 * Policy
 * ------
 *   - Workers start lazily, when the first job arrives, and are replaced the same way after they
 *     die. A worker takes jobs once it has reported ready, so start-up time never counts against
 *     a job's timeout. Idle workers do not keep the process alive (unref); busy ones do.
 *   - Dispatch: jobs are sent in batches (BatchPolicy sets the size from measured job times),
 *     spread evenly over workers with room, so short jobs cost one message per batch each way.
 *     Dispatch runs once after a burst of enqueues (a microtask) or after a results message has
 *     been handled, never once per job.
 *   - Results stream back per message; each job's owner is told through JobOwner.
 *   - Timeouts: a worker runs its jobs in order and reports earlier results before a job with a
 *     timeout starts, so the oldest unfinished job of a worker is the one running. A sweep (one
 *     unref'd interval while such jobs are out) compares how long each worker's first job has been
 *     first with its timeout; past it, the worker is killed, the job fails with TaskTimeoutError,
 *     and the worker's other jobs go back to the queue.
 *   - Crashes: when a worker dies with exactly one wanted job, the crash is pinned on it: it is
 *     retried (alone on a fresh worker) up to its `retries`, then fails with WorkerCrashedError.
 *     When it held several, none is charged; all go back as isolated jobs, each run alone, so a
 *     second crash can be pinned. Workers that die before becoming ready three times in a row fail
 *     the queued jobs instead of being restarted forever.
 *   - Cancellation: an owner's queued jobs are dropped at once; its running jobs are marked, their
 *     results ignored, and workers still busy with them after CANCEL_GRACE_MS are killed and
 *     replaced (JavaScript cannot interrupt a running function any other way).
 *   - close() lets queued work finish, then stops the workers; terminate() stops them now and
 *     fails what is left with CancelledError.
 */

import type { ResourceLimits } from 'node:worker_threads';
import { CancelledError, nodeFunctionName, type TaskTiming } from '@tusk/core';
import { codecModules, codecVersion } from '../codec/registry.js';
import { PoolClosedError, TaskTimeoutError, WorkerCrashedError } from '../errors.js';
import type { FromWorker, WorkerKind } from '../protocol.js';
import { deserializeError } from '../wire/errors.js';
import { createSpool, makeSpoolDir, removeSpoolDir, removeSpoolFiles, unlinkQuietly } from '../wire/spool.js';
import { decodeValue, discardValue } from '../wire/values.js';
import { BatchPolicy } from './batching.js';
import { trackSpoolDir, untrackSpoolDir } from './cleanup.js';
import { Job, JobState } from './job.js';
import { JobEncoder } from './job-encoder.js';
import { Slot } from './slot.js';
import { type ExitInfo, spawnWorker } from './worker-handle.js';

/** How long cancelled jobs may keep running before their worker is killed (ms). */
const CANCEL_GRACE_MS = 100;
/** Workers dying before ready, in a row, after which queued jobs fail. */
const MAX_START_FAILURES = 3;
/** Default size from which values cross to and from child processes through files. */
export const DEFAULT_SPOOL_THRESHOLD = 1_000_000;

/** How to build a pool. */
export interface PoolOptions {
  readonly kind: WorkerKind;
  /** Number of workers (a positive integer). */
  readonly workers: number;
  /** Extra Node options for each worker (e.g. `--max-old-space-size=64` for processes). */
  readonly execArgv?: readonly string[];
  /** Heap limits for each worker thread. */
  readonly resourceLimits?: ResourceLimits;
  /** Processes: bytes from which a typed array crosses through a file (default 1 MB). */
  readonly spoolThreshold?: number;
}

/** Which jobs to cancel, and whether to kill workers that keep running them. */
export interface CancelOptions {
  /** Kill (and replace) workers still running a cancelled job after a short grace period. */
  readonly kill: boolean;
}

type State = 'open' | 'closing' | 'closed';

/** What a pool has sent and received since it started (diagnostics: how well jobs are batched). */
export interface PoolStats {
  /** Run messages sent to workers. */
  readonly batches: number;
  /** Jobs sent in them (re-sent jobs count again). */
  readonly jobs: number;
  /** Result messages received from workers. */
  readonly results: number;
}

/**
 * A pool of worker threads or child processes running Jobs (see the module comment).
 *
 * @example
 * const pool = new Pool({ kind: 'threads', workers: 2 });
 * pool.enqueue(job); // job.owner hears back
 * await pool.close();
 */
export class Pool {
  readonly kind: WorkerKind;
  /** Number of workers. */
  readonly size: number;
  private readonly options: PoolOptions;
  private slots: Slot[] = [];
  private queue: Job[] = [];
  private queueHead = 0;
  private isolated: Job[] = [];
  private readonly policy = new BatchPolicy();
  private state: State = 'open';
  private nextJobId = 0;
  private nextWorker = 1;
  private inCallback = 0;
  private dispatchWanted = false;
  private microtaskQueued = false;
  private startFailures = 0;
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweepPeriod = 0;
  private graceTimer: NodeJS.Timeout | undefined;
  private spoolDir: string | undefined;
  private readonly encoder: JobEncoder;
  private idleWaiters: (() => void)[] = [];
  private terminated: Promise<void> | undefined;
  private counts = { batches: 0, jobs: 0, results: 0 };

  constructor(options: PoolOptions) {
    if (!Number.isInteger(options.workers) || options.workers < 1) {
      throw new RangeError(`A pool needs a positive whole number of workers, got ${options.workers}.`);
    }
    this.options = options;
    this.kind = options.kind;
    this.size = options.workers;
    this.encoder = new JobEncoder(options.kind);
  }

  /** Jobs the pool can hold in flight usefully (what a graph run may hand over at once). */
  get capacity(): number {
    return this.size * this.policy.perWorker;
  }

  /** Whether the pool still takes jobs. */
  get open(): boolean {
    return this.state === 'open';
  }

  /** Live workers' names and process ids (for diagnostics and tests). */
  get workerInfo(): { id: string; pid: number | undefined }[] {
    return this.slots.map((s) => ({ id: s.id, pid: s.handle.pid }));
  }

  /** Messages and jobs sent, result messages received. */
  get stats(): PoolStats {
    return { ...this.counts };
  }

  /** A fresh job id. */
  newJobId(): number {
    return this.nextJobId++;
  }

  /** Queue a job (sent to a worker shortly, batched with others). */
  enqueue(job: Job): void {
    if (this.state !== 'open') {
      throw new PoolClosedError(
        `This ${this.kind} pool is ${this.state}; it takes no new work. Create a new pool.`,
      );
    }
    this.queue.push(job);
    this.requestDispatch();
  }

  /** Remove a queued job; false when it has already been sent to a worker or finished. */
  unqueue(job: Job): boolean {
    if (job.state !== JobState.QUEUED) return false;
    const queue = job.isolate ? this.isolated : this.queue;
    const at = queue.indexOf(job, job.isolate ? 0 : this.queueHead);
    if (at < 0) return false;
    queue.splice(at, 1);
    job.state = JobState.FINISHED;
    job.cancelled = true;
    this.checkIdle();
    return true;
  }

  /** Cancel the jobs `which` selects (see the module comment). */
  cancel(which: (job: Job) => boolean, options: CancelOptions): void {
    const keep = (job: Job) => {
      if (!which(job)) return true;
      job.cancelled = true;
      job.state = JobState.FINISHED;
      this.cleanupFiles(job);
      return false;
    };
    this.queue = this.queue.slice(this.queueHead).filter(keep);
    this.queueHead = 0;
    this.isolated = this.isolated.filter(keep);
    let running = false;
    for (const slot of this.slots) {
      for (const job of slot.jobs.values()) {
        if (which(job)) {
          job.cancelled = true;
          running = true;
        }
      }
      slot.updateHead(slot.headSince);
    }
    if (running && options.kill && this.graceTimer === undefined) {
      this.graceTimer = setTimeout(() => {
        this.graceTimer = undefined;
        this.killCancelled();
      }, CANCEL_GRACE_MS);
      this.graceTimer.unref();
    }
    this.checkIdle();
  }

  /** Let queued and running work finish, then stop the workers. */
  async close(): Promise<void> {
    if (this.state === 'closed') return this.terminated;
    this.state = 'closing';
    await new Promise<void>((resolve) => {
      this.idleWaiters.push(resolve);
      this.checkIdle();
    });
    await this.terminate();
  }

  /** Stop every worker now; jobs not finished fail with CancelledError. */
  terminate(): Promise<void> {
    if (this.terminated) return this.terminated;
    this.state = 'closed';
    clearInterval(this.sweepTimer);
    clearTimeout(this.graceTimer);
    this.sweepTimer = undefined;
    this.graceTimer = undefined;
    const error = new CancelledError(`The ${this.kind} worker pool was terminated before the task finished.`);
    const left: Job[] = [...this.queue.slice(this.queueHead), ...this.isolated];
    this.queue = [];
    this.queueHead = 0;
    this.isolated = [];
    const slots = this.slots;
    this.slots = [];
    for (const slot of slots) {
      for (const job of slot.jobs.values()) left.push(job);
      slot.jobs.clear();
      slot.dead = true;
      slot.expected = true;
      slot.handle.kill();
    }
    this.inCallback++;
    for (const job of left) {
      job.state = JobState.FINISHED;
      this.cleanupFiles(job);
      if (!job.cancelled) {
        job.cancelled = true;
        notify(() => job.owner.jobFailed(job, error, undefined));
      }
    }
    this.leave();
    for (const resolve of this.idleWaiters.splice(0)) resolve();
    this.terminated = Promise.all(slots.map((s) => s.handle.exited)).then(() => {
      if (this.spoolDir !== undefined) {
        removeSpoolDir(this.spoolDir);
        untrackSpoolDir(this.spoolDir);
      }
    });
    return this.terminated;
  }

  // -------------------------------------------------------------------------------------------
  // dispatch

  private requestDispatch(): void {
    if (this.inCallback > 0) {
      this.dispatchWanted = true;
      return;
    }
    if (this.microtaskQueued) return;
    this.microtaskQueued = true;
    queueMicrotask(() => {
      this.microtaskQueued = false;
      this.dispatch();
    });
  }

  private dispatch(): void {
    this.dispatchWanted = false;
    if (this.state === 'closed') return;
    if (this.queue.length - this.queueHead + this.isolated.length === 0) {
      this.checkIdle();
      return;
    }
    this.spawnMissing();
    for (const slot of this.slots) {
      if (this.isolated.length === 0) break;
      if (slot.ready && slot.jobs.size === 0) {
        slot.isolating = true;
        this.send(slot, [this.isolated.shift()!]);
      }
    }
    let pending = this.queue.length - this.queueHead;
    if (pending === 0) return;
    const limit = this.policy.perWorker;
    const open = this.slots.filter((s) => s.ready && !s.isolating && s.jobs.size < limit);
    if (open.length === 0) return;
    const share = Math.max(1, Math.min(this.policy.batchSize, Math.ceil(pending / open.length)));
    for (const slot of open) {
      if (pending === 0) break;
      const n = Math.min(share, limit - slot.jobs.size, pending);
      const batch = this.queue.slice(this.queueHead, this.queueHead + n);
      this.queueHead += n;
      pending -= n;
      this.send(slot, batch);
    }
    if (this.queueHead === this.queue.length) {
      this.queue = [];
      this.queueHead = 0;
    } else if (this.queueHead > 4096) {
      this.queue = this.queue.slice(this.queueHead);
      this.queueHead = 0;
    }
  }

  private spawnMissing(): void {
    while (this.slots.length < this.size) {
      const id = `${this.kind === 'threads' ? 'thread' : 'process'}-${this.nextWorker++}`;
      let slot: Slot;
      try {
        if (this.kind === 'processes' && this.spoolDir === undefined) {
          this.spoolDir = makeSpoolDir();
          trackSpoolDir(this.spoolDir);
          this.encoder.useSpool(createSpool(this.spoolDir, 'main', this.spoolThreshold));
        }
        const handle = spawnWorker(
          {
            kind: this.kind,
            id,
            execArgv: this.options.execArgv,
            resourceLimits: this.options.resourceLimits,
          },
          {
            message: (m) => this.onMessage(slot, m),
            exit: (info) => this.onExit(slot, info),
          },
        );
        slot = new Slot(id, handle);
        slot.codecVersion = codecVersion();
        handle.send({
          t: 'init',
          id,
          kind: this.kind,
          codecs: codecModules(),
          spoolDir: this.spoolDir,
          spoolThreshold: this.spoolThreshold,
        });
      } catch (err) {
        this.failQueued(() => err);
        return;
      }
      this.slots.push(slot);
    }
  }

  private get spoolThreshold(): number {
    return this.options.spoolThreshold ?? DEFAULT_SPOOL_THRESHOLD;
  }

  /** Send `jobs` to `slot` as one message; jobs that cannot be encoded or cloned fail alone. */
  private send(slot: Slot, jobs: Job[]): void {
    if (slot.codecVersion !== codecVersion()) {
      slot.codecVersion = codecVersion();
      slot.handle.send({ t: 'codecs', codecs: codecModules() });
    }
    const batch = this.encoder.batch(jobs, slot.known, (job, err) => this.finishFailed(job, err, slot.id));
    const sent = batch.jobs;
    if (sent.length === 0) return;
    try {
      slot.handle.send(batch.message, batch.transfer);
    } catch (err) {
      for (const f of batch.fns) slot.known.delete(f[0]);
      for (const job of sent) this.cleanupFiles(job);
      if (sent.length === 1) this.finishFailed(sent[0], cloneError(err), slot.id);
      else for (const job of sent) this.send(slot, [job]);
      return;
    }
    this.counts.batches++;
    this.counts.jobs += sent.length;
    const wasIdle = slot.jobs.size === 0;
    let timeout = 0;
    for (const job of sent) {
      job.state = JobState.RUNNING;
      slot.jobs.set(job.id, job);
      if (job.timeout > 0) timeout = timeout === 0 ? job.timeout : Math.min(timeout, job.timeout);
    }
    if (wasIdle) {
      slot.headId = sent[0].id;
      slot.headSince = performance.now();
    }
    slot.setBusy(true);
    if (batch.message.timed) {
      for (const job of sent) if (job.owner.timed) notify(() => job.owner.jobStarted(job, slot.id));
    }
    if (timeout > 0) this.armSweep(timeout);
  }

  private failQueued(error: (job: Job) => unknown): void {
    const jobs = [...this.queue.slice(this.queueHead), ...this.isolated];
    this.queue = [];
    this.queueHead = 0;
    this.isolated = [];
    this.inCallback++;
    for (const job of jobs) this.finishFailed(job, error(job), undefined);
    this.leave();
  }

  /** End a callback section begun with `inCallback++`; dispatch later if something was queued meanwhile. */
  private leave(): void {
    if (--this.inCallback === 0 && this.dispatchWanted) {
      this.dispatchWanted = false;
      this.requestDispatch();
    }
  }

  private finishFailed(job: Job, error: unknown, worker: string | undefined): void {
    job.state = JobState.FINISHED;
    this.cleanupFiles(job);
    if (job.cancelled) return;
    notify(() => job.owner.jobFailed(job, error, worker));
  }

  private cleanupFiles(job: Job): void {
    if (job.files === undefined) return;
    for (const f of job.files) unlinkQuietly(f);
    job.files = undefined;
  }

  // -------------------------------------------------------------------------------------------
  // messages and exits

  private onMessage(slot: Slot, message: FromWorker): void {
    if (message.t === 'ready') {
      if (slot.dead) return;
      slot.ready = true;
      this.startFailures = 0;
      slot.updateHead(performance.now());
      this.requestDispatch();
      return;
    }
    if (slot.dead) {
      if (message.m) for (const v of message.values) discardValue(v);
      return;
    }
    this.counts.results++;
    this.policy.observe(message.busy, message.n);
    this.inCallback++;
    try {
      const { done, values, timing } = message;
      for (let i = 0; i < done.length; i++) {
        const job = slot.jobs.get(done[i]);
        if (job === undefined) continue;
        slot.jobs.delete(job.id);
        job.state = JobState.FINISHED;
        this.cleanupFiles(job);
        if (job.cancelled) {
          if (message.m) discardValue(values[i]);
          continue;
        }
        let value = values[i];
        if (message.m) {
          try {
            value = decodeValue(value);
          } catch (err) {
            notify(() => job.owner.jobFailed(job, err, slot.id));
            continue;
          }
        }
        const t: TaskTiming | undefined =
          timing !== undefined && timing[2 * i + 1] > 0
            ? { worker: slot.id, startTime: timing[2 * i], endTime: timing[2 * i + 1] }
            : undefined;
        notify(() => job.owner.jobDone(job, value, t, slot.id));
      }
      const { failed, errors } = message;
      for (let i = 0; i < failed.length; i++) {
        const job = slot.jobs.get(failed[i]);
        if (job === undefined) continue;
        slot.jobs.delete(job.id);
        this.finishFailed(job, deserializeError(errors[i], slot.id), slot.id);
      }
      slot.updateHead(performance.now());
    } finally {
      this.inCallback--;
    }
    this.dispatch();
  }

  private onExit(slot: Slot, info: ExitInfo): void {
    this.retire(slot);
    if (this.spoolDir !== undefined) removeSpoolFiles(this.spoolDir, slot.id);
    if (this.state === 'closed' || slot.expected) return;
    const wanted = [...slot.jobs.values()];
    slot.jobs.clear();
    for (const job of wanted) this.cleanupFiles(job);
    const live = wanted.filter((j) => !j.cancelled);
    this.inCallback++;
    try {
      if (!slot.ready && ++this.startFailures >= MAX_START_FAILURES) {
        this.startFailures = 0;
        this.failQueued(
          (job) =>
            new WorkerCrashedError(job.key, nodeFunctionName(job.node), slot.id, info.code, info.signal, 0, {
              cause: info.error,
              reason: `${MAX_START_FAILURES} workers in a row exited before they were ready, so none could run it`,
            }),
        );
      } else if (live.length === 1) {
        const job = live[0];
        job.attempts++;
        if (job.attempts > job.retries) {
          this.finishFailed(
            job,
            new WorkerCrashedError(
              job.key,
              nodeFunctionName(job.node),
              slot.id,
              info.code,
              info.signal,
              job.attempts,
              {
                cause: info.error,
              },
            ),
            slot.id,
          );
        } else this.requeue(job, true, slot, info);
      } else {
        for (const job of live) this.requeue(job, true, slot, info);
      }
    } finally {
      this.inCallback--;
    }
    this.dispatch();
  }

  /** Put a job that was on a dead worker back in the queue (at the front). */
  private requeue(job: Job, isolate: boolean, slot: Slot, info: ExitInfo | undefined): void {
    if (job.moved) {
      this.finishFailed(
        job,
        new WorkerCrashedError(
          job.key,
          nodeFunctionName(job.node),
          slot.id,
          info?.code ?? null,
          info?.signal ?? null,
          job.attempts,
          {
            cause: info?.error,
            reason: 'an input had been moved to that worker (moveInputs), so the task cannot run again',
          },
        ),
        slot.id,
      );
      return;
    }
    job.state = JobState.QUEUED;
    if (isolate) job.isolate = true;
    if (job.isolate) this.isolated.push(job);
    else this.queue.splice(this.queueHead, 0, job);
  }

  private retire(slot: Slot): void {
    if (slot.dead) return;
    slot.dead = true;
    const at = this.slots.indexOf(slot);
    if (at >= 0) this.slots.splice(at, 1);
  }

  /** Kill a worker on purpose; its unfinished wanted jobs other than `except` go back to the queue. */
  private kill(slot: Slot, except: Job | undefined): void {
    slot.expected = true;
    this.retire(slot);
    slot.handle.kill();
    const jobs = [...slot.jobs.values()];
    slot.jobs.clear();
    // Back to the front of the queue in their order: the last one first.
    for (let i = jobs.length - 1; i >= 0; i--) {
      const job = jobs[i];
      this.cleanupFiles(job);
      if (job !== except && !job.cancelled) this.requeue(job, job.isolate, slot, undefined);
      else job.state = JobState.FINISHED;
    }
  }

  private killCancelled(): void {
    this.inCallback++;
    try {
      for (const slot of [...this.slots]) {
        let stuck = false;
        for (const job of slot.jobs.values()) {
          if (job.cancelled) {
            stuck = true;
            break;
          }
        }
        if (stuck) this.kill(slot, undefined);
      }
    } finally {
      this.inCallback--;
    }
    this.dispatch();
  }

  // -------------------------------------------------------------------------------------------
  // timeouts and idleness

  private armSweep(timeout: number): void {
    const period = Math.max(5, Math.min(1000, Math.floor(timeout / 10)));
    if (this.sweepTimer !== undefined && period >= this.sweepPeriod) return;
    clearInterval(this.sweepTimer);
    this.sweepPeriod = period;
    this.sweepTimer = setInterval(() => this.sweep(), period);
    this.sweepTimer.unref();
  }

  private sweep(): void {
    const now = performance.now();
    let timedOut = false;
    let watching = false;
    this.inCallback++;
    try {
      for (const slot of [...this.slots]) {
        if (slot.jobs.size === 0) continue;
        const head = slot.jobs.get(slot.headId);
        if (head !== undefined && head.timeout > 0 && now - slot.headSince > head.timeout) {
          timedOut = true;
          this.kill(slot, head);
          if (!head.cancelled) {
            const error = new TaskTimeoutError(head.key, nodeFunctionName(head.node), head.timeout, slot.id);
            notify(() => head.owner.jobFailed(head, error, slot.id));
          }
          continue;
        }
        if (!watching) for (const job of slot.jobs.values()) if (job.timeout > 0) watching = true;
      }
    } finally {
      this.inCallback--;
    }
    if (!watching && !timedOut) {
      clearInterval(this.sweepTimer);
      this.sweepTimer = undefined;
    }
    if (timedOut) this.dispatch();
  }

  private checkIdle(): void {
    if (this.state !== 'closing' || this.idleWaiters.length === 0) return;
    if (this.queue.length - this.queueHead + this.isolated.length > 0) return;
    for (const slot of this.slots) if (slot.jobs.size > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}

/** Call an owner, reporting (not propagating) its failure, so the pool stays consistent. */
function notify(call: () => void): void {
  try {
    call();
  } catch (err) {
    process.emitWarning(`A Tusk worker pool callback threw: ${err instanceof Error ? err.stack : err}`);
  }
}

function cloneError(err: unknown): TypeError {
  const detail = (err instanceof Error ? err.message : String(err)).replace(/\.+$/, '');
  return new TypeError(
    `The task's arguments cannot be sent to a worker: ${detail}. Pass plain data (numbers, strings, arrays, ` +
      'plain objects, typed arrays, Maps, Sets, Dates), or register a codec for this type with registerCodec().',
  );
}

export { Job };
