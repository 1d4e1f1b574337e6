/**
 * Options of the distributed scheduler, validated at the public edge (ConfigError naming the
 * option and what to pass). They come from compute()'s options or the configuration.
 */

import { ConfigError } from '@tusk/core';
import { type RedisConnection, type RedisTarget, redisTarget } from './connection.js';

/** What a distributed run is given (compute options). */
export interface DistributedOptions {
  /** Redis: a `redis://` / `rediss://` URL or ioredis options (password, TLS, …). Required. */
  connection?: unknown;
  /** BullMQ queue name, the one the workers were started with (default 'tusk'). */
  queue?: unknown;
  /** Shared result store directory (the workers' `--results`), needed when workers use one. */
  resultDir?: unknown;
  /** Jobs waiting or running at once (default 4 per worker, at least 8). */
  jobsInFlight?: unknown;
  /** Milliseconds of work one job should carry when tasks are tiny (default 5). */
  batchMs?: unknown;
  /** Milliseconds to wait for Redis before failing (default 3000). */
  connectTimeout?: unknown;
  /** Milliseconds the run's alive key lives without a refresh (default 15000). */
  aliveTtl?: unknown;
  /** Workers, for callbacks (default: the workers connected to the queue when the run starts). */
  workers?: unknown;
}

/** Validated settings. */
export interface DistributedSettings {
  readonly target: RedisTarget;
  readonly queue: string;
  readonly resultDir: string | undefined;
  readonly jobsInFlight: number | undefined;
  readonly batchMs: number;
  readonly connectTimeout: number;
  readonly aliveTtl: number;
  readonly workers: number | undefined;
}

function positive(
  option: string,
  v: unknown,
  fallback: number | undefined,
  integer: boolean,
): number | undefined {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))) {
    throw new ConfigError(
      option,
      `The ${option} option takes a positive ${integer ? 'integer' : 'number'}, got ${String(v)}.`,
    );
  }
  return v;
}

/** Options under `distributed` in Tusk's configuration (the same as a run's; compute options win). */
export interface DistributedConfig {
  connection: RedisConnection | undefined;
  queue: string;
  resultDir: string | undefined;
  jobsInFlight: number | undefined;
  batchMs: number;
  connectTimeout: number;
  aliveTtl: number;
}

declare module '@tusk/core' {
  interface TuskConfig {
    distributed: DistributedConfig;
  }
}

/**
 * The configuration this package adds: `distributed: {...}` holds the same options as a run takes,
 * so `withConfig({ scheduler: 'distributed', distributed: { connection } }, fn)` works; options
 * given to compute() win.
 */
export const distributedConfigDefaults: { distributed: DistributedConfig } = {
  distributed: {
    connection: undefined,
    queue: 'tusk',
    resultDir: undefined,
    jobsInFlight: undefined,
    batchMs: 5,
    connectTimeout: 3000,
    aliveTtl: 15_000,
  },
};

/** Validate the options of a distributed run (compute options first, then the configuration). */
export function distributedSettings(given: Record<string, unknown>): DistributedSettings {
  const configured = (given.distributed ?? {}) as Record<string, unknown>;
  const options: Record<string, unknown> = { ...configured };
  for (const [k, v] of Object.entries(given)) if (v !== undefined) options[k] = v;
  if (given.timeout !== undefined && given.timeout !== 0) {
    throw new ConfigError(
      'timeout',
      "The distributed scheduler has no task timeout (a running task cannot be stopped on a remote worker); use 'threads' or 'processes' for timeouts.",
    );
  }
  const target = redisTarget(options.connection);
  const queue = options.queue ?? 'tusk';
  if (typeof queue !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(queue)) {
    throw new ConfigError(
      'queue',
      `The queue option takes a name of letters, digits, '_', '-' and '.', got ${String(queue)}.`,
    );
  }
  const resultDir = options.resultDir;
  if (resultDir !== undefined && (typeof resultDir !== 'string' || resultDir === '')) {
    throw new ConfigError('resultDir', 'The resultDir option takes the path of the shared result directory.');
  }
  return {
    target,
    queue,
    resultDir: resultDir as string | undefined,
    jobsInFlight: positive('jobsInFlight', options.jobsInFlight, undefined, true),
    batchMs: positive('batchMs', options.batchMs, 5, false)!,
    connectTimeout: positive('connectTimeout', options.connectTimeout, 3000, true)!,
    aliveTtl: positive('aliveTtl', options.aliveTtl, 15_000, true)!,
    workers: positive('workers', options.workers, undefined, true),
  };
}
