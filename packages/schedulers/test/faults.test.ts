/**
 * Faults with real workers that the conformance suite does not cover: running out of memory,
 * being killed by a signal, Ctrl-C (SIGINT) during a compute on processes, and idle pools that
 * must not keep a program alive. The scripts in fixtures/*.mjs run the built package (dist/), as
 * a user's program does, so they also check that production workers start from JavaScript.
 */

import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { delayed } from '@tusk/core';
import { afterAll, describe, expect, test } from 'vitest';
import { shutdownSchedulers, WorkerCrashedError, WorkerPool } from '../src/index.js';
import { exhaustHeap, inc, killSelf, whereAmI } from './fixtures/tasks.js';
import { alive, childrenOf, runScript, waitFor } from './helpers/processes.js';
import { rejection } from './helpers/rejection.js';

/** Cases for a built (or unbuilt) tree: only the applicable ones are registered. */
const notApplicable = (..._args: unknown[]): void => {};

afterAll(() => shutdownSchedulers());

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const built = fileURLToPath(new URL('../dist/index.js', import.meta.url));

describe('out of memory', () => {
  test('a worker thread past its heap limit: WorkerCrashedError, and the pool goes on', async () => {
    await using pool = new WorkerPool({
      kind: 'threads',
      workers: 1,
      resourceLimits: { maxOldGenerationSizeMb: 32 },
    });
    const hog = delayed(exhaustHeap)();
    const err = (await rejection(
      hog.compute({ scheduler: 'threads', pool, retries: 0 }),
    )) as WorkerCrashedError;
    expect(err).toBeInstanceOf(WorkerCrashedError);
    expect(err.key).toBe(hog.key);
    expect(err.functionName).toBe('exhaustHeap');
    expect((err.cause as { code?: string }).code).toBe('ERR_WORKER_OUT_OF_MEMORY');
    expect(await delayed(inc)(1).compute({ scheduler: 'threads', pool })).toBe(2);
  });

  test('a child process past --max-old-space-size: WorkerCrashedError', async () => {
    await using pool = new WorkerPool({
      kind: 'processes',
      workers: 1,
      execArgv: ['--max-old-space-size=32'],
    });
    const hog = delayed(exhaustHeap)();
    const err = (await rejection(
      hog.compute({ scheduler: 'processes', pool, retries: 0 }),
    )) as WorkerCrashedError;
    expect(err).toBeInstanceOf(WorkerCrashedError);
    expect(err.key).toBe(hog.key);
    // V8 aborts the process on a fatal out-of-memory error.
    expect(err.signal === 'SIGABRT' || err.exitCode === 134).toBe(true);
    expect(await delayed(inc)(1).compute({ scheduler: 'processes', pool })).toBe(2);
  });
});

test('a child process killed by a signal: retried, then WorkerCrashedError with the signal', async () => {
  const victim = delayed(killSelf)('SIGKILL');
  const err = (await rejection(
    victim.compute({ scheduler: 'processes', workers: 2, retries: 1 }),
  )) as WorkerCrashedError;
  expect(err).toBeInstanceOf(WorkerCrashedError);
  expect(err.key).toBe(victim.key);
  expect(err.signal).toBe('SIGKILL');
  expect(err.attempts).toBe(2);
});

test('terminating a processes pool leaves no child process behind', async () => {
  const pool = new WorkerPool({ kind: 'processes', workers: 2 });
  const places = (await pool.map(
    whereAmI as (item: number) => ReturnType<typeof whereAmI>,
    [1, 2, 3, 4, 5, 6],
    {
      chunksize: 1,
    },
  )) as ReturnType<typeof whereAmI>[];
  const pids = [...new Set(places.map((p) => p.pid))];
  expect(pids.length).toBeGreaterThan(0);
  for (const pid of pids) expect(childrenOf(process.pid)).toContain(pid);
  await pool.terminate();
  for (const pid of pids) expect(alive(pid)).toBe(false);
});

describe('programs using the built package', () => {
  (existsSync(built) ? notApplicable : test)('dist/ is built (run `tsc -b` first)', () => {
    expect.fail(`${built} is missing: the README test command is \`tsc -b && vitest run\`.`);
  });

  (existsSync(built) ? test : notApplicable)(
    'idle pools do not keep a program alive, and leave no spool directory',
    async () => {
      const out = await runScript(fixture('compute-then-exit.mjs'));
      expect(out.stderr).toBe('');
      expect(out.code).toBe(0);
      expect(JSON.parse(out.stdout)).toEqual({ a: 2, b: 3 });
      expect(readdirSync('/dev/shm').filter((d) => d.startsWith(`tusk-${out.pid}-`))).toEqual([]);
    },
  );

  (existsSync(built) ? test : notApplicable)(
    'SIGINT during a compute on processes leaves no child behind',
    async () => {
      const script = spawn(process.execPath, [fixture('spin-on-processes.mjs')], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
        script.on('exit', (code, signal) => resolve({ code, signal })),
      );
      const pid = script.pid!;
      await waitFor(() => childrenOf(pid).length === 2, 30_000, 'two worker processes');
      const workers = childrenOf(pid);
      await new Promise((r) => setTimeout(r, 200)); // let them start spinning
      script.kill('SIGINT');
      const end = await exited;
      expect(end.signal).toBe('SIGINT');
      await waitFor(() => workers.every((w) => !alive(w)), 5_000, 'the workers to be gone');
      const spool = readdirSync('/dev/shm').filter((d) => d.startsWith(`tusk-${pid}-`));
      expect(spool).toEqual([]);
    },
  );
});
