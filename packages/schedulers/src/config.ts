/**
 * Configuration options of the worker schedulers, added to core's TuskConfig by declaration
 * merging and registered with `registerConfigDefaults` (an explicit call in index.ts). Each can be
 * set globally (`setConfig`), for a scope (`withConfig`) or per call (`compute(x, { retries: 0 })`).
 */

import { ConfigError, parseSize } from '@tusk/core';

declare module '@tusk/core' {
  interface TuskConfig {
    /**
     * How many times a task that killed its worker (process.exit, out of memory, a signal, an
     * uncaught asynchronous error) runs again on a fresh worker before the run fails with
     * WorkerCrashedError. Default 1.
     */
    retries: number;
    /**
     * Longest time in milliseconds one task may run on a worker; past it the worker is killed and
     * the run fails with TaskTimeoutError. Default undefined: no limit.
     */
    timeout: number | undefined;
    /**
     * processes: typed arrays at least this large (bytes, or a size such as '1MB') cross between
     * the main process and child processes through files in /dev/shm instead of the IPC pipe.
     * Read when a pool starts. Default '1MB'.
     */
    spoolThreshold: number | string;
    /**
     * threads: transfer a large typed-array input produced by a worker to the worker of its last
     * reader instead of copying it (zero copy). A task whose worker then crashes cannot be retried,
     * as its input went with the worker. Default false.
     */
    moveInputs: boolean;
  }
}

/** Defaults of the options above. */
export const schedulerConfigDefaults = {
  retries: 1,
  timeout: undefined,
  spoolThreshold: '1MB',
  moveInputs: false,
};

/** The options above, validated, as one run uses them. */
export interface RunSettings {
  readonly retries: number;
  /** Milliseconds; 0 means no limit. */
  readonly timeout: number;
  readonly spoolThreshold: number;
  readonly moveInputs: boolean;
}

/** Validate a retry count. */
export function checkRetries(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ConfigError('retries', `retries must be a whole number ≥ 0, got ${String(value)}.`);
  }
  return value;
}

/** Validate a timeout (undefined or 0: none). */
export function checkTimeout(value: unknown): number {
  if (value === undefined || value === null || value === 0) return 0;
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new ConfigError(
      'timeout',
      `timeout must be a positive number of milliseconds, got ${String(value)}.`,
    );
  }
  return value;
}

/** Validate a worker count (undefined: os.availableParallelism()). */
export function checkWorkers(value: unknown, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ConfigError('workers', `workers must be a whole number ≥ 1, got ${String(value)}.`);
  }
  return value;
}

/** Read the settings of one run from the options a scheduler receives (config merged with the call's). */
export function runSettings(options: Record<string, unknown>): RunSettings {
  return {
    retries: checkRetries(options.retries ?? schedulerConfigDefaults.retries),
    timeout: checkTimeout(options.timeout),
    spoolThreshold: parseSize(
      (options.spoolThreshold as number | string | undefined) ?? schedulerConfigDefaults.spoolThreshold,
      'spoolThreshold',
    ),
    moveInputs: options.moveInputs === true,
  };
}
