/**
 * Helpers for the scheduler tests: the schedulers the conformance suite runs against, and a way
 * to build graphs with fresh keys.
 */

import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Every scheduler the conformance suite covers. */
export const SCHEDULERS = ['synchronous', 'threads', 'processes'] as const;
export type SchedulerName = (typeof SCHEDULERS)[number];

/** Options for one compute on `scheduler` (2 workers for the parallel ones). */
export function on(scheduler: SchedulerName, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return scheduler === 'synchronous' ? { scheduler, ...extra } : { scheduler, workers: 2, ...extra };
}

/** A path in the temp directory no test has used. */
export function freshPath(name: string): string {
  return join(tmpdir(), `tusk-test-${name}-${randomUUID()}`);
}
