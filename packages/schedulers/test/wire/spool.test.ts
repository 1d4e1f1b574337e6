/**
 * How large values really travel, with real workers. To and from child processes, a large typed
 * array goes through a file in the pool's spool directory (watched here with fs.watch: the main
 * side writes `main-*`, the worker writes `process-*`), while a small one goes through the IPC
 * pipe; the files are gone afterwards. And a 64 MB Float64Array — the size whose cost the README
 * states — crosses each way intact on threads and on processes.
 */

import { type FSWatcher, readdirSync, watch } from 'node:fs';
import { afterAll, describe, expect, test } from 'vitest';
import { shutdownSchedulers, WorkerPool } from '../../src/index.js';
import { echo, inc, range, total } from '../fixtures/tasks.js';
import { waitFor } from '../helpers/processes.js';

afterAll(() => shutdownSchedulers());

const spoolDirs = () => readdirSync('/dev/shm').filter((d) => d.startsWith(`tusk-${process.pid}-`));

test('processes: large arrays cross through spool files both ways; small ones through the pipe', async () => {
  const before = new Set(spoolDirs());
  const pool = new WorkerPool({ kind: 'processes', workers: 1 });
  let watcher: FSWatcher | undefined;
  try {
    expect(await pool.submit(inc, 1)).toBe(2); // starts the worker, which creates the directory
    const created = spoolDirs().filter((d) => !before.has(d));
    expect(created).toHaveLength(1);
    const dir = `/dev/shm/${created[0]}`;
    const seen: string[] = [];
    watcher = watch(dir, (_event, name) => {
      if (name !== null && !seen.includes(name)) seen.push(name);
    });

    const small = new Float64Array(1000).fill(3); // 8 kB, under the 1 MB threshold
    expect(await pool.submit(total, small)).toBe(3000);
    const n = 1 << 21; // 16 MB
    const big = new Float64Array(n);
    for (let i = 0; i < n; i++) big[i] = i;
    const back = (await pool.submit(echo, big)) as Float64Array;
    expect(back).toBeInstanceOf(Float64Array);
    expect(back.length).toBe(n);
    expect(back[n - 1]).toBe(n - 1);
    await waitFor(
      () => seen.some((f) => f.startsWith('main-')) && seen.some((f) => f.startsWith('process-')),
      5_000,
      'a spool file from each side',
    );
    // Exactly one file each way: the small call wrote none.
    expect(seen.filter((f) => f.startsWith('main-'))).toHaveLength(1);
    expect(seen.filter((f) => f.startsWith('process-'))).toHaveLength(1);
    expect(readdirSync(dir)).toEqual([]);
  } finally {
    watcher?.close();
    await pool.terminate();
  }
  expect(spoolDirs().filter((d) => !before.has(d))).toEqual([]);
});

describe.each(['threads', 'processes'] as const)('%s', (kind) => {
  test('a 64 MB Float64Array crosses each way intact', async () => {
    await using pool = new WorkerPool({ kind, workers: 1 });
    const n = 8 * 1024 * 1024; // 64 MiB of float64
    const made = await pool.submit(range, n); // worker → main
    expect(made.length).toBe(n);
    expect(made[n - 1]).toBe(n - 1);
    let expected = 0;
    for (let i = 0; i < n; i++) expected += i;
    expect(await pool.submit(total, made)).toBe(expected); // main → worker
    const echoed = (await pool.submit(echo, made)) as Float64Array; // both ways
    expect(echoed.length).toBe(n);
    expect(echoed[1_234_567]).toBe(1_234_567);
    expect(made[n - 1]).toBe(n - 1); // the caller's copy is untouched
  });
});
