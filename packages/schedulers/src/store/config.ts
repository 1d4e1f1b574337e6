/**
 * The store's configuration: `memoryLimit`, `memoryTarget`, `memoryPause` and `spillDir`, added to
 * core's TuskConfig by declaration merging and `registerConfigDefaults`, and resolved into plain
 * byte counts for one run. The thresholds follow Dask's distributed workers (`distributed.worker.
 * memory.target` / `.pause`): above `memoryTarget × memoryLimit` the store spills least-recently-used
 * values; above `memoryPause × memoryLimit` (managed bytes or the growth of the process's RSS) the
 * loop stops dispatching new tasks until memory falls.
 */

import os from 'node:os';
import { ConfigError, getConfig, parseSize, registerConfigDefaults } from '@tusk/core';

declare module '@tusk/core' {
  interface TuskConfig {
    /**
     * Byte budget of a run's result store: bytes, a size (`'64MB'`, `'2GiB'`), a fraction of the
     * machine's memory (`0 < x ≤ 1`, default 0.5) or a percentage (`'50%'`); `0` means no limit.
     */
    memoryLimit: number | string;
    /** Fraction of memoryLimit above which values spill to disk, least recently used first (`false`: never). */
    memoryTarget: number | false;
    /** Fraction of memoryLimit above which no new task is dispatched (`false`: never pause). */
    memoryPause: number | false;
    /** Directory in which each run creates its own spill directory (default `os.tmpdir()`). */
    spillDir: string | undefined;
  }
}

/**
 * The store options a run may pass (each overrides the configuration).
 *
 * @example
 * const options: StoreOptions = { memoryLimit: '8GB', spillDir: '/scratch' };
 */
export interface StoreOptions {
  memoryLimit?: number | string;
  memoryTarget?: number | false;
  memoryPause?: number | false;
  spillDir?: string;
  /** Milliseconds between two reads of the process RSS (default 50). */
  rssIntervalMs?: number;
}

/**
 * StoreOptions resolved to bytes (`Infinity`: no threshold).
 *
 * @example
 * resolveStoreOptions({ memoryLimit: 0 }).targetBytes; // Infinity
 */
export interface ResolvedStoreOptions {
  readonly limitBytes: number;
  readonly targetBytes: number;
  readonly pauseBytes: number;
  /** Parent of the per-run spill directory. */
  readonly spillDir: string;
  readonly rssIntervalMs: number;
}

/**
 * Defaults, as Dask's distributed workers have them (memory.target 0.6, memory.pause 0.8).
 *
 * @example
 * STORE_DEFAULTS.memoryTarget; // 0.6
 */
export const STORE_DEFAULTS = {
  memoryLimit: 0.5,
  memoryTarget: 0.6,
  memoryPause: 0.8,
  spillDir: undefined,
} as const;

let registered = false;

/**
 * Add the store's options to Tusk's configuration (once; later calls do nothing). @tusk/schedulers
 * calls it when imported, so `setConfig({ memoryLimit: '4GB' })` works from then on.
 *
 * @example
 * registerStoreConfig();
 * setConfig({ memoryLimit: '4GB', spillDir: '/scratch' });
 */
export function registerStoreConfig(): void {
  if (registered) return;
  registerConfigDefaults({ ...STORE_DEFAULTS });
  registered = true;
}

/**
 * Resolve store options against the configuration in force (per-run options win) into bytes.
 * Throws ConfigError naming the option for values it cannot read.
 *
 * @example
 * resolveStoreOptions({ memoryLimit: '64MB' }); // { limitBytes: 64e6, targetBytes: 38.4e6, pauseBytes: 51.2e6, ... }
 */
export function resolveStoreOptions(options: StoreOptions = {}): ResolvedStoreOptions {
  const config = getConfig() as Partial<Record<keyof StoreOptions, unknown>>;
  const pick = <K extends keyof StoreOptions>(k: K, fallback: unknown): unknown =>
    options[k] !== undefined ? options[k] : config[k] !== undefined ? config[k] : fallback;
  const limitBytes = parseLimit(pick('memoryLimit', STORE_DEFAULTS.memoryLimit));
  const target = parseFraction('memoryTarget', pick('memoryTarget', STORE_DEFAULTS.memoryTarget));
  const pause = parseFraction('memoryPause', pick('memoryPause', STORE_DEFAULTS.memoryPause));
  const spillDir = pick('spillDir', undefined);
  if (spillDir !== undefined && (typeof spillDir !== 'string' || spillDir === '')) {
    throw new ConfigError('spillDir', `spillDir must be a directory path, got ${JSON.stringify(spillDir)}.`);
  }
  const rssIntervalMs = options.rssIntervalMs ?? 50;
  return {
    limitBytes,
    targetBytes: limitBytes * target,
    pauseBytes: limitBytes * pause,
    spillDir: (spillDir as string | undefined) ?? os.tmpdir(),
    rssIntervalMs,
  };
}

function parseLimit(v: unknown): number {
  if (v === 0 || v === '0') return Number.POSITIVE_INFINITY;
  if (typeof v === 'number' && v > 0 && v <= 1) return Math.floor(os.totalmem() * v);
  if (typeof v === 'string' && /^\s*\d+(\.\d+)?\s*%\s*$/.test(v)) {
    const pct = Number.parseFloat(v);
    if (pct > 0 && pct <= 100) return Math.floor((os.totalmem() * pct) / 100);
  }
  if (typeof v !== 'number' && typeof v !== 'string') {
    throw new ConfigError(
      'memoryLimit',
      `memoryLimit must be a number of bytes or a size such as '4GB', got ${String(v)}.`,
    );
  }
  const bytes = parseSize(v, 'memoryLimit');
  return bytes === 0 ? Number.POSITIVE_INFINITY : bytes;
}

function parseFraction(option: string, v: unknown): number {
  if (v === false || v === null) return Number.POSITIVE_INFINITY;
  if (typeof v !== 'number' || !(v > 0 && v <= 1)) {
    throw new ConfigError(
      option,
      `${option} must be a fraction of memoryLimit in (0, 1], or false to turn it off; got ${String(v)}.`,
    );
  }
  return v;
}
