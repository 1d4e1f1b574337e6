/**
 * The Scheduler interface and registry.
 *
 * A scheduler takes an optimised TaskGraph and the keys wanted, runs it, and returns their values.
 * Every scheduler Tusk ships is the one loop (loop.ts) over an executor; registering is explicit
 * (`registerScheduler`) and refuses duplicate names. @tusk/core registers 'synchronous'; importing
 * @tusk/schedulers adds 'threads' and 'processes'.
 */

import { RegistryError, UnknownSchedulerError } from '../errors.js';
import type { TaskGraph } from '../graph/task-graph.js';
import type { Key } from '../key.js';
import type { Callbacks } from './callbacks.js';

export interface RunOptions {
  /** Number of workers, for parallel schedulers. */
  workers?: number;
  /** Callbacks for this run (config callbacks are added). */
  callbacks: readonly Callbacks[];
  /** Abort the run: in-flight tasks are cancelled and the run rejects with CancelledError. */
  signal?: AbortSignal;
  /** Scheduler-specific options, passed through from compute(). */
  [option: string]: unknown;
}

export interface Scheduler {
  readonly name: string;
  /** Can this scheduler run every task of `graph` (e.g. no closures for worker schedulers)? */
  canRun?(graph: TaskGraph): boolean;
  run(graph: TaskGraph, keys: readonly Key[], options: RunOptions): Promise<Map<Key, unknown>>;
}

const registry = new Map<string, Scheduler>();

/** Register a scheduler under its name (refuses a name already registered). */
export function registerScheduler(scheduler: Scheduler): void {
  if (registry.has(scheduler.name) || scheduler.name === 'auto') {
    throw new RegistryError(`A scheduler named '${scheduler.name}' is already registered.`);
  }
  registry.set(scheduler.name, scheduler);
}

/** The scheduler registered as `name` (throws UnknownSchedulerError listing the valid names). */
export function getScheduler(name: string): Scheduler {
  const s = registry.get(name);
  if (s === undefined) throw new UnknownSchedulerError(name, ['auto', ...registry.keys()]);
  return s;
}

/** Names of the registered schedulers. */
export function schedulerNames(): string[] {
  return [...registry.keys()];
}

/**
 * Resolve 'auto': 'threads' when registered and able to run every task (no closures), else
 * 'synchronous'. Any other name is looked up as is.
 */
export function resolveScheduler(name: string, graph: TaskGraph): Scheduler {
  if (name !== 'auto') return getScheduler(name);
  const threads = registry.get('threads');
  if (threads && (threads.canRun?.(graph) ?? true)) return threads;
  return getScheduler('synchronous');
}
