/**
 * The loop honours shouldPause(): with managed memory above memoryPause × memoryLimit (values that
 * cannot be spilled), an executor with room for four tasks gets them one at a time; below it, four
 * at once.
 */

import {
  type Executor,
  type ExecutorContext,
  executeNode,
  Ref,
  runGraph,
  TaskGraph,
  task,
  type WorkItem,
} from '@tusk/core';
import { describe, expect, it } from 'vitest';
import type { SpillableStore } from '../../src/store/store.js';
import { createSpillableStore } from '../../src/store/with-store.js';

/**
 * Runs each task on a later turn of the event loop; records the most tasks in flight at once, overall
 * and after a submission made while the store asked to pause.
 */
class AsyncExecutor implements Executor {
  readonly name = 'async-test';
  readonly capacity = 4;
  readonly workers = 4;
  inFlight = 0;
  maxInFlight = 0;
  maxInFlightPaused = 0;
  pausedSubmits = 0;
  constructor(private readonly store: SpillableStore) {}
  submit(items: readonly WorkItem[], ctx: ExecutorContext): void {
    const paused = this.store.shouldPause();
    for (const item of items) {
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      if (paused) this.maxInFlightPaused = Math.max(this.maxInFlightPaused, this.inFlight);
      setTimeout(() => {
        this.inFlight--;
        ctx.done(
          item.index,
          executeNode(item.node, (k) => ctx.read(k)),
        );
      }, 2);
    }
    if (paused) this.pausedSubmits++;
  }
}

class Opaque {
  constructor(readonly data: Float64Array) {}
}

/**   blob-0 .. blob-3  (unspillable, 64 KiB each)   w-0 .. w-7 (independent)
 *          \   |  /                                   \  |  /
 *            end ------------------------------------------
 */
function graph() {
  const nodes = [];
  for (let i = 0; i < 4; i++) nodes.push(task(`blob-${i}`, () => new Opaque(new Float64Array(8192)), []));
  for (let i = 0; i < 8; i++) nodes.push(task(`w-${i}`, (x: number) => x, [i]));
  const refs = [
    ...[0, 1, 2, 3].map((i) => new Ref(`blob-${i}`)),
    ...[0, 1, 2, 3, 4, 5, 6, 7].map((i) => new Ref(`w-${i}`)),
  ];
  nodes.push(task('end', (...xs: unknown[]) => xs.length, refs));
  return TaskGraph.from(nodes);
}

describe('pausing', () => {
  it('above memoryPause the loop dispatches one task at a time', async () => {
    const store = createSpillableStore({ memoryLimit: 100_000, rssIntervalMs: 1e9 });
    const executor = new AsyncExecutor(store);
    try {
      const out = await runGraph(graph(), ['end'], executor, { store });
      expect(out.get('end')).toBe(12);
    } finally {
      store.close();
    }
    expect(executor.pausedSubmits).toBeGreaterThan(0);
    expect(executor.maxInFlightPaused).toBe(1);
  });

  it('below it, the executor is filled', async () => {
    const store = createSpillableStore({ memoryLimit: '1GB', rssIntervalMs: 1e9 });
    const executor = new AsyncExecutor(store);
    try {
      await runGraph(graph(), ['end'], executor, { store });
    } finally {
      store.close();
    }
    expect(executor.maxInFlight).toBe(4);
    expect(executor.pausedSubmits).toBe(0);
  });
});
