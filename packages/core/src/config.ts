/**
 * Configuration: one typed object with defaults, global changes (`setConfig`), scoped overrides
 * (`withConfig(overrides, fn)`, which hold across awaits inside `fn` via AsyncLocalStorage), and
 * per-call options, which win over both. Nested objects merge key by key; `callbacks` accumulate.
 *
 * Packages add their own settings by declaration merging on `TuskConfig` and a
 * `registerConfigDefaults` call (e.g. @tusk/schedulers adds memory limits).
 */

import { AsyncLocalStorage } from 'node:async_hooks';
import { ConfigError, RegistryError } from './errors.js';
import type { Callbacks } from './schedule/callbacks.js';

export interface OptimizeConfig {
  /** Drop tasks the requested keys do not need. */
  cull: boolean;
  /** Merge linear chains into single tasks. */
  fuse: boolean;
  /** Longest chain fused into one task. */
  fuseMaxLength: number;
  /** Copy small constants into the tasks that read them. */
  inline: boolean;
}

export interface TuskConfig {
  /** Scheduler name: 'auto', 'synchronous', 'threads', 'processes', or any registered name. */
  scheduler: string;
  /** Number of workers for parallel schedulers (default: os.availableParallelism()). */
  workers: number | undefined;
  optimize: OptimizeConfig;
  /** Callbacks called by every run (in addition to per-call ones). */
  callbacks: readonly Callbacks[];
}

/** A partial TuskConfig (nested objects partial too), as taken by setConfig / withConfig / compute. */
export type ConfigOverrides = {
  [K in keyof TuskConfig]?: TuskConfig[K] extends readonly unknown[]
    ? TuskConfig[K]
    : TuskConfig[K] extends object | undefined
      ? Partial<NonNullable<TuskConfig[K]>> | TuskConfig[K]
      : TuskConfig[K];
};

const defaults: Record<string, unknown> = {
  scheduler: 'auto',
  workers: undefined,
  optimize: { cull: true, fuse: true, fuseMaxLength: 1_000_000, inline: true },
  callbacks: [],
};

let global: Record<string, unknown> = structuredCloneConfig(defaults);
const scope = new AsyncLocalStorage<Record<string, unknown>>();

function structuredCloneConfig(c: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c)) out[k] = isPlainObject(v) ? { ...v } : v;
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/** Merge `overrides` onto `base` (nested plain objects key by key; callbacks appended). */
export function mergeConfig<T extends object>(base: T, overrides: object | undefined): T {
  if (!overrides) return base;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(overrides)) {
    // Own keys only: `'constructor' in {}` is true.
    if (v === undefined && !Object.hasOwn(defaults, k)) continue;
    if (!Object.hasOwn(defaults, k)) {
      throw new ConfigError(
        k,
        `Unknown configuration option '${k}'. Known options: ${Object.keys(defaults).join(', ')}.`,
      );
    }
    const cur = out[k];
    if (k === 'callbacks') out[k] = [...((cur as unknown[]) ?? []), ...((v as unknown[]) ?? [])];
    else if (isPlainObject(cur) && isPlainObject(v)) {
      for (const sub of Object.keys(v)) {
        if (!Object.hasOwn(cur, sub)) {
          throw new ConfigError(
            `${k}.${sub}`,
            `Unknown option '${k}.${sub}'. Known: ${Object.keys(cur).join(', ')}.`,
          );
        }
      }
      out[k] = { ...cur, ...v };
    } else out[k] = v;
  }
  return out as T;
}

/** The configuration in force here (global, then enclosing withConfig scopes). */
export function getConfig(): Readonly<TuskConfig> {
  return (scope.getStore() ?? global) as unknown as TuskConfig;
}

/** Change the global configuration. Returns a function that restores the previous one. */
export function setConfig(overrides: ConfigOverrides): () => void {
  const previous = global;
  global = mergeConfig(global, overrides);
  return () => {
    global = previous;
  };
}

/**
 * Run `fn` with `overrides` in force (also across its awaits), then restore.
 *
 * @example
 * await withConfig({ scheduler: 'synchronous' }, () => x.compute());
 */
export function withConfig<R>(overrides: ConfigOverrides, fn: () => R): R {
  return scope.run(mergeConfig(getConfig() as unknown as Record<string, unknown>, overrides), fn);
}

/** Add defaults for a package's own options (refuses names already taken). */
export function registerConfigDefaults(values: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(values)) {
    if (Object.hasOwn(defaults, k))
      throw new RegistryError(`Configuration option '${k}' is already registered.`);
    defaults[k] = v;
    global[k] = isPlainObject(v) ? { ...v } : v;
  }
}

/** Restore every option to its default (for tests). */
export function resetConfig(): void {
  global = structuredCloneConfig(defaults);
}
