/**
 * One sample of the memory benchmark, run in a child process of its own (so its peak RSS is its own):
 *
 *   node bench/benchmarks/memory/sample.js '{"scheduler":"threads","shape":"transpose","chunks":32,
 *        "length":1048576,"memoryLimit":67108864,"spillDir":"/var/tmp","workers":2}'
 *
 * Builds the computation (graphs.js), starts the scheduler's worker pool with a tiny run, prints
 * `{"ready": true}` (the harness reads the tree's RSS at rest then), runs `compute()` once on the requested scheduler with the given
 * memory limit, and prints one JSON line: the answer, the wall time of `compute()` (imports and graph
 * building are not timed), the store's final stats (read through the `start` callback's `stats`), and
 * this process's VmHWM. Then it exits, shutting the worker pool down.
 */

import { readFileSync } from 'node:fs';
import { compute, delayed } from '@tusk/core';
import { shutdownSchedulers } from '@tusk/schedulers';
import { build } from './graphs.js';
import { total } from './kernels.js';

function vmHwmBytes() {
  const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : undefined;
}

async function main() {
  const p = JSON.parse(process.argv[2] ?? '{}');
  const collection = build(p.shape, p.chunks, p.length);
  let statsOf;
  let stats;
  let tasks = 0;
  const watch = {
    start: (info) => {
      statsOf = info.stats;
      tasks += info.tasks;
    },
    finish: () => {
      stats = statsOf?.();
    },
  };
  // Start the worker pool before the baseline is read, as Dask's cluster is up before its sample.
  await compute(delayed(total)(1, 2), { scheduler: p.scheduler, workers: p.workers });
  process.stdout.write('{"ready": true}\n');
  const t0 = performance.now();
  const value = await compute(collection, {
    scheduler: p.scheduler,
    workers: p.workers,
    memoryLimit: p.memoryLimit,
    spillDir: p.spillDir,
    callbacks: [watch],
  });
  const wallMs = performance.now() - t0;
  if (stats === undefined) throw new Error(`The '${p.scheduler}' scheduler reported no store stats.`);
  const out = {
    value,
    wallMs,
    tasks,
    store: {
      limitBytes: stats.limitBytes,
      peakMemoryBytes: stats.peakMemoryBytes,
      spilledCount: stats.spilledCount,
      reloadedCount: stats.reloadedCount,
      bytesWritten: stats.bytesWritten,
      bytesRead: stats.bytesRead,
      directory: stats.directory,
      gcCount: stats.gcCount,
      gcMs: stats.gcMs,
    },
    vmHwmBytes: vmHwmBytes(),
  };
  await shutdownSchedulers();
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${err?.stack ?? err}\n`);
    process.exit(1);
  },
);
