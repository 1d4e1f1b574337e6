/**
 * Spill writes and reads that fail — a spill directory that does not exist, a path that is a file,
 * a directory replaced by a file during the run, a full disk (/dev/full), a file removed behind the
 * store's back, a directory the process may not write to (EACCES: as root, checked in a child process
 * running as `nobody`, since root writes anywhere) — fail with SpillError naming the directory, and never with a
 * wrong or missing value. Through runGraph and compute() the run rejects with that error (it does not
 * hang) and the store is closed.
 */

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  compute,
  delayed,
  type Key,
  Ref,
  runGraph,
  SynchronousExecutor,
  TaskGraph,
  TuskError,
  task,
} from '@tusk/core';
import { afterAll, describe, expect, it } from 'vitest';
import { registerStoreConfig } from '../../src/store/config.js';
import { SpillError } from '../../src/store/errors.js';
import { createSpillableStore, withSpillableStore } from '../../src/store/with-store.js';
import { chunkLength, makeChunk, sumAfter, total } from './fixtures/chunk-tasks.js';
import { schedulersUnderTest } from './helpers/schedulers.js';

// Registers 'threads' and 'processes', which open their stores through core's store registry.
const schedulersPackage = await import('../../src/index.js');
afterAll(() => schedulersPackage.shutdownSchedulers());
registerStoreConfig();
const KiB = 1024;
const CHILD_DENIED = fileURLToPath(new URL('./fixtures/spill-denied.ts', import.meta.url));
const PACKAGE = fileURLToPath(new URL('../..', import.meta.url));
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'tusk-spill-errors-'));
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

/** A store with room (under the target) for about one 64 KiB array. */
function smallStore(spillDir: string) {
  return createSpillableStore({ memoryLimit: 128 * KiB, spillDir });
}

const chunk = (i: number) => new Float64Array(8 * KiB).fill(i);

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('SpillError', () => {
  it('a spillDir that does not exist: operation create, code ENOENT, the directory named', () => {
    const missing = path.join(base, 'no', 'such', 'dir');
    const store = smallStore(missing);
    store.set('a', chunk(1));
    const err = thrown(() => store.set('b', chunk(2))) as SpillError;
    expect(err).toBeInstanceOf(SpillError);
    expect(err).toBeInstanceOf(TuskError);
    expect(err.operation).toBe('create');
    expect(err.code).toBe('ENOENT');
    expect(err.directory).toBe(missing);
    expect(err.message).toContain(missing);
    expect(err.message).toContain('spillDir');
    // Nothing lost: both values are still there, in memory.
    expect(store.get('a')).toEqual(chunk(1));
    expect(store.get('b')).toEqual(chunk(2));
    store.close();
  });

  it('a spillDir that is a file: ENOTDIR', () => {
    const file = path.join(base, 'a-file');
    fs.writeFileSync(file, 'x');
    const store = smallStore(file);
    store.set('a', chunk(1));
    const err = thrown(() => store.set('b', chunk(2))) as SpillError;
    expect(err).toMatchObject({ operation: 'create', code: 'ENOTDIR', directory: file });
    store.close();
  });

  it('the run directory replaced by a file during the run: operation write, the run directory named', () => {
    const store = smallStore(base);
    store.set('a', chunk(1));
    store.set('b', chunk(2)); // spills a
    const dir = store.stats().directory!;
    expect(store.isSpilled('a')).toBe(true);
    fs.rmSync(dir, { recursive: true });
    fs.writeFileSync(dir, 'not a directory');
    const err = thrown(() => store.set('c', chunk(3))) as SpillError;
    expect(err).toMatchObject({ operation: 'write', code: 'ENOTDIR', directory: dir, key: 'b' });
    expect(err.file?.startsWith(dir)).toBe(true);
    expect(store.get('b')).toEqual(chunk(2));
    store.close();
    fs.rmSync(dir, { force: true });
  });

  it('a full disk (the next spill file is /dev/full): ENOSPC, nothing left behind', () => {
    const store = smallStore(base);
    store.set('a', chunk(1));
    store.set('b', chunk(2)); // spills a, creating the directory
    const dir = store.stats().directory!;
    const [first] = fs.readdirSync(dir);
    const next = path.join(
      dir,
      first.replace(/^\d+/, (n) => String(Number(n) + 1)),
    );
    fs.symlinkSync('/dev/full', next);
    const err = thrown(() => store.set('c', chunk(3))) as SpillError;
    expect(err).toMatchObject({ operation: 'write', code: 'ENOSPC', directory: dir, key: 'b', file: next });
    expect(err.message).toContain('disk is full');
    expect(store.get('b')).toEqual(chunk(2));
    expect(store.get('a')).toEqual(chunk(1));
    store.close();
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('a spillDir the process may not write to: EACCES, the directory named, values kept', () => {
    const denied = fs.mkdtempSync(path.join(base, 'denied-'));
    let out: Record<string, unknown>;
    if (process.getuid?.() === 0) {
      // Root bypasses permissions: run the store in a child as an unprivileged user.
      fs.chmodSync(base, 0o755);
      fs.chmodSync(denied, 0o755); // readable and searchable by others, writable by root only
      const child = spawnSync(
        process.execPath,
        ['--conditions=source', '--import', 'tsx', CHILD_DENIED, denied],
        {
          cwd: PACKAGE,
          uid: 65534,
          gid: 65534,
          encoding: 'utf8',
          timeout: 60_000,
          env: { ...process.env, HOME: '/tmp' },
        },
      );
      expect(child.status, child.stderr).toBe(0);
      out = JSON.parse(child.stdout.trim().split('\n').pop()!);
    } else {
      fs.chmodSync(denied, 0o555);
      const store = smallStore(denied);
      store.set('chunk-0', chunk(0));
      const err = thrown(() => store.set('chunk-1', chunk(1))) as SpillError;
      out = {
        isSpillError: err instanceof SpillError,
        operation: err.operation,
        code: err.code,
        directory: err.directory,
        message: err.message,
        values: [0, 1].map((i) => (store.get(`chunk-${i}`) as Float64Array)[0]),
      };
      store.close();
    }
    expect(out).toMatchObject({ isSpillError: true, operation: 'create', code: 'EACCES', directory: denied });
    expect(out.message).toContain(denied);
    expect(out.message).toContain('not writable');
    // Nothing lost: every value set is still readable (in memory).
    const values = out.values as number[];
    expect(values.length).toBeGreaterThanOrEqual(2);
    expect(values).toEqual(values.map((_, i) => i));
    fs.chmodSync(denied, 0o755);
  });

  it('a spill file removed behind the store: get fails with operation read', () => {
    const store = smallStore(base);
    store.set('a', chunk(1));
    store.set('b', chunk(2));
    const dir = store.stats().directory!;
    for (const f of fs.readdirSync(dir)) fs.rmSync(path.join(dir, f));
    const err = thrown(() => store.get('a')) as SpillError;
    expect(err).toMatchObject({ operation: 'read', code: 'ENOENT', key: 'a', directory: dir });
    store.close();
  });
});

describe('a failing spill fails the run cleanly', () => {
  const missing = path.join(base, 'missing');

  /**   c-0  c-1  c-2  c-3   (64 KiB each, all alive until `sum`)
   *      \    \    /    /
   *            sum
   */
  function graph(asyncTasks: boolean): { graph: TaskGraph; keys: Key[] } {
    const make = asyncTasks ? async (i: number) => chunk(i) : (i: number) => chunk(i);
    const nodes = [0, 1, 2, 3].map((i) => task(`c-${i}`, make, [i]));
    const sum = (...xs: Float64Array[]) => xs.reduce((s, x) => s + x[0], 0);
    nodes.push(
      task(
        'sum',
        sum,
        [0, 1, 2, 3].map((i) => new Ref(`c-${i}`)),
      ),
    );
    return { graph: TaskGraph.from(nodes), keys: ['sum'] };
  }

  it.each([false, true])(
    'runGraph rejects with SpillError (async tasks: %s) and the store closes',
    async (asyncTasks) => {
      const { graph: g, keys } = graph(asyncTasks);
      let closed: ReturnType<typeof createSpillableStore> | undefined;
      const run = withSpillableStore({ memoryLimit: 128 * KiB, spillDir: missing }, (store) => {
        closed = store;
        return runGraph(g, keys, new SynchronousExecutor(), { store });
      });
      const err = await run.catch((e) => e);
      expect(err).toBeInstanceOf(SpillError);
      expect(err.directory).toBe(missing);
      expect(() => closed!.get('c-0')).toThrow(/closed/);
    },
  );

  it('compute() rejects with SpillError on synchronous, threads and processes', async () => {
    const under = await schedulersUnderTest(true);
    expect(under.map((u) => u.compute)).toEqual(['synchronous', 'threads', 'processes']);
    for (const s of under) {
      // Four 64 KiB chunks, all alive at once (a barrier needs them all), under a 128 KiB limit.
      const chunks = [0, 1, 2, 3].map((i) => delayed(makeChunk)(i, 8 * KiB));
      const barrier = delayed(total)(...chunks.map((c) => delayed(chunkLength)(c)));
      const out = delayed(total)(...chunks.map((c) => delayed(sumAfter)(c, barrier)));
      const err = await compute(out, {
        scheduler: s.compute,
        workers: s.workers,
        memoryLimit: 128 * KiB,
        spillDir: missing,
      }).catch((e) => e);
      expect(err, s.name).toBeInstanceOf(SpillError);
      expect(err.directory, s.name).toBe(missing);
    }
  });
});
