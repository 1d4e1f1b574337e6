/**
 * The pools compute() uses: one per kind and size (and spool threshold, for processes), created
 * on first use and shared by every later run that asks for the same. Their workers start lazily
 * and, when idle, do not keep the process alive. `shutdownSchedulers` stops them all.
 */

import type { WorkerKind } from '../protocol.js';
import { Pool } from './pool.js';

const pools = new Map<string, Pool>();

/** The shared pool of `workers` workers of `kind` (created now if there is none, or it was closed). */
export function sharedPool(kind: WorkerKind, workers: number, spoolThreshold: number): Pool {
  const id = kind === 'processes' ? `${kind}:${workers}:${spoolThreshold}` : `${kind}:${workers}`;
  let pool = pools.get(id);
  if (pool === undefined || !pool.open) {
    pool = new Pool({ kind, workers, spoolThreshold });
    pools.set(id, pool);
  }
  return pool;
}

/**
 * Stop the workers of every pool compute() has started (runs in progress on them fail with
 * CancelledError). Later computes start new pools. Pools made with `new WorkerPool` are not
 * affected: close them yourself.
 *
 * @example
 * await x.compute({ scheduler: 'processes' });
 * await shutdownSchedulers();
 */
export async function shutdownSchedulers(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.terminate()));
}
