/**
 * A run that fails or is cancelled after it has spilled leaves no spill directory behind, on every
 * scheduler: a task throws after all chunks of a persist-like graph were made (and most spilled), or
 * the run is aborted part-way; compute() rejects (TaskError naming the key / CancelledError), and the
 * run's spill directory — read from the store's stats through the `start` callback — is gone.
 */

import fs from 'node:fs';
import { type Callbacks, CancelledError, compute, delayed, TaskError } from '@tusk/core';
import { afterAll, describe, expect, it } from 'vitest';
import { registerStoreConfig } from '../../src/store/config.js';
import type { SpillStoreStats } from '../../src/store/store.js';
import {
  chunkLength,
  chunkValue,
  makeChunk,
  slowSumAfter,
  sumOrFail,
  total,
} from './fixtures/chunk-tasks.js';
import { schedulersUnderTest } from './helpers/schedulers.js';

const schedulersPackage = await import('../../src/index.js');
registerStoreConfig();
afterAll(() => schedulersPackage.shutdownSchedulers());

const N = 12; // 12 chunks of 8 MiB under a 16 MiB limit

/** Watches a run: its spill directory and counts, as last seen (at finish, failed or not). */
function watcher() {
  const seen: { stats?: () => unknown; last?: SpillStoreStats; finished?: boolean } = {};
  const cb: Callbacks = {
    start: (info) => {
      seen.stats = info.stats;
    },
    finish: () => {
      seen.last = seen.stats?.() as SpillStoreStats | undefined;
      seen.finished = true;
    },
  };
  return { seen, cb };
}

describe.each(await schedulersUnderTest(true))('spill directory after a failed run on $name', (s) => {
  it('a task that throws after the chunks spilled: TaskError, directory removed', async () => {
    const chunks = Array.from({ length: N }, (_, i) => delayed(makeChunk)(i));
    const barrier = delayed(total)(...chunks.map((c) => delayed(chunkLength)(c)));
    const bad = 5;
    const out = delayed(total)(...chunks.map((c) => delayed(sumOrFail)(c, barrier, bad)));
    const { seen, cb } = watcher();
    const err = await compute(out, {
      scheduler: s.compute,
      workers: s.workers,
      memoryLimit: '16MiB',
      callbacks: [cb],
    }).catch((e) => e);
    expect(err).toBeInstanceOf(TaskError);
    expect(String(err.cause?.message ?? err.message)).toContain(`chunk ${bad} is bad`);
    expect(chunkValue(bad, 0)).not.toBe(chunkValue(0, 0));
    expect(seen.finished).toBe(true);
    expect(seen.last!.spilledCount).toBeGreaterThan(0);
    expect(seen.last!.directory).toBeDefined();
    expect(fs.existsSync(seen.last!.directory!)).toBe(false);
  });

  it('a run aborted part-way: CancelledError, directory removed', async () => {
    const chunks = Array.from({ length: N }, (_, i) => delayed(makeChunk)(i));
    const barrier = delayed(total)(...chunks.map((c) => delayed(chunkLength)(c)));
    const out = delayed(total)(...chunks.map((c) => delayed(slowSumAfter)(c, barrier, 200)));
    const { seen, cb } = watcher();
    const controller = new AbortController();
    let spilledBeforeAbort = 0;
    const abortOnceSpilled: Callbacks = {
      taskFinish: () => {
        const spilled = (seen.stats!() as SpillStoreStats).spilledCount;
        if (spilled > 0 && !controller.signal.aborted) {
          spilledBeforeAbort = spilled;
          controller.abort('test');
        }
      },
    };
    const err = await compute(out, {
      scheduler: s.compute,
      workers: s.workers,
      memoryLimit: '16MiB',
      callbacks: [cb, abortOnceSpilled],
      signal: controller.signal,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(CancelledError);
    expect(seen.last!.values).toBeGreaterThan(0); // values still held when the run stopped
    expect(spilledBeforeAbort).toBeGreaterThan(0);
    expect(seen.last!.directory).toBeDefined();
    expect(fs.existsSync(seen.last!.directory!)).toBe(false);
  });
});
