/**
 * Errors of the worker schedulers and pools. They extend core's TuskError and carry structured
 * fields (key, function name, worker, exit code or signal) so callers branch on the class and read
 * fields instead of parsing messages (graphology's errors.js does the same).
 */

import { TuskError } from '@tusk/core';

/** Options shared by the errors below. */
interface CrashDetail {
  /** What the worker reported before dying (e.g. the uncaught error, ERR_WORKER_OUT_OF_MEMORY). */
  readonly cause?: unknown;
  /** A sentence on why the task could not be retried, when that is the reason. */
  readonly reason?: string;
}

function describeExit(exitCode: number | null, signal: string | null): string {
  if (signal) return `signal ${signal}`;
  return `exit code ${exitCode ?? 'unknown'}`;
}

/**
 * A worker died while running a task (process.exit, an asynchronous uncaught error, out of
 * memory, a kill signal) and retries were used up, or the task could not be retried.
 *
 * @example
 * try { await x.compute({ scheduler: 'processes' }); }
 * catch (e) { if (e instanceof WorkerCrashedError) console.log(e.key, e.exitCode, e.signal); }
 */
export class WorkerCrashedError extends TuskError {
  override name = 'WorkerCrashedError';
  constructor(
    /** Key of the task that was running, if the crash could be pinned on one. */
    readonly key: string | undefined,
    /** Its function name. */
    readonly functionName: string | undefined,
    /** The worker that died, e.g. `thread-2` or `process-5`. */
    readonly worker: string,
    readonly exitCode: number | null,
    readonly signal: string | null,
    /** How many times the task ran and crashed its worker. */
    readonly attempts: number,
    detail: CrashDetail = {},
  ) {
    const what = key === undefined ? 'A worker' : `Task '${key}' (function ${functionName})`;
    const cause =
      detail.cause instanceof Error ? ` Last report: ${detail.cause.name}: ${detail.cause.message}.` : '';
    const reason =
      detail.reason ?? `it crashed ${attempts} time${attempts === 1 ? '' : 's'}, using up its retries`;
    super(
      `${what} killed worker ${worker} (${describeExit(exitCode, signal)}); ${reason}.${cause} ` +
        'A task kills its worker when it calls process.exit(), throws from a callback (an uncaught error), ' +
        'runs out of memory or is killed by a signal. Fix the task, give workers more memory, or raise `retries`.',
      detail.cause === undefined ? undefined : { cause: detail.cause },
    );
  }
}

/**
 * A task ran longer than its `timeout`; its worker was killed and replaced.
 *
 * @example
 * await x.compute({ scheduler: 'threads', timeout: 1000 }).catch((e) => e instanceof TaskTimeoutError);
 */
export class TaskTimeoutError extends TuskError {
  override name = 'TaskTimeoutError';
  constructor(
    readonly key: string,
    readonly functionName: string,
    /** The limit, in milliseconds. */
    readonly timeout: number,
    readonly worker: string,
  ) {
    super(
      `Task '${key}' (function ${functionName}) ran longer than its timeout of ${timeout} ms on ${worker}; ` +
        'the worker was stopped. Raise `timeout`, or split the task into smaller ones.',
    );
  }
}

/**
 * Work was submitted to a pool that is closing or closed.
 *
 * @example
 * await pool.close();
 * pool.submit(inc, 1); // throws PoolClosedError
 */
export class PoolClosedError extends TuskError {
  override name = 'PoolClosedError';
}
