/**
 * The scheduler loop over executors written here: batching up to the executor's capacity, reports in
 * any order, executor-measured timings, failures (wrapped or passed through), cancellation, the
 * store's pause signal, invalid graphs and requests (rejected, never thrown), and deep chains.
 */

import { describe, expect, test } from 'vitest';
import { CancelledError, CycleError, KeyNotFoundError, TaskError, TuskError } from '../../src/errors.js';
import { executeNode } from '../../src/execute.js';
import type { CompiledGraph } from '../../src/graph/compile.js';
import { TaskGraph } from '../../src/graph/task-graph.js';
import type { Key } from '../../src/key.js';
import type { Callbacks } from '../../src/schedule/callbacks.js';
import {
  type Executor,
  type ExecutorContext,
  type ResultStore,
  runGraph,
  type WorkItem,
} from '../../src/schedule/loop.js';
import { SynchronousExecutor } from '../../src/schedule/synchronous.js';
import { dataNode, type GraphNode, Ref, task } from '../../src/task.js';
import { KEY_ALPHABETS } from '../helpers/keys.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sum = (...xs: number[]) => xs.reduce((a, b) => a + b, 0);
function ident(v: number): number {
  return v;
}

/**
 * An executor that holds submitted items until the test releases them (`finish`), so the test
 * controls completion order and can look at what is in flight.
 */
class ManualExecutor implements Executor {
  readonly name = 'manual';
  readonly workers: number;
  readonly batches: string[][] = [];
  readonly pending = new Map<Key, { item: WorkItem; ctx: ExecutorContext }>();
  most = 0;
  cancelled = 0;
  constructor(readonly capacity: number) {
    this.workers = capacity;
  }
  submit(items: readonly WorkItem[], ctx: ExecutorContext): void {
    this.batches.push(items.map((i) => i.key));
    for (const item of items) this.pending.set(item.key, { item, ctx });
    this.most = Math.max(this.most, this.pending.size);
  }
  /** Run one pending item and report it. */
  finish(key: Key): void {
    const p = this.pending.get(key);
    if (!p) throw new Error(`${key} is not in flight`);
    this.pending.delete(key);
    p.ctx.done(
      p.item.index,
      executeNode(p.item.node, (k) => p.ctx.read(k)),
    );
  }
  fail(key: Key, error: unknown, worker?: string): void {
    const p = this.pending.get(key)!;
    this.pending.delete(key);
    p.ctx.failed(p.item.index, error, worker);
  }
  cancel(): void {
    this.cancelled++;
  }
}

/** Finish in-flight items, `pick`ing which one each time, until the run settles. */
async function drive(ex: ManualExecutor, run: Promise<unknown>, pick: (keys: Key[]) => Key): Promise<void> {
  let settled = false;
  run.then(
    () => (settled = true),
    () => (settled = true),
  );
  while (!settled) {
    await sleep(0);
    if (ex.pending.size > 0) ex.finish(pick([...ex.pending.keys()]));
  }
}

describe.each(KEY_ALPHABETS)('runGraph with custom executors ($name keys)', ({ key: k }) => {
  //   x0 … x9 (independent) ──▶ s = sum
  const wide = () => {
    const nodes: GraphNode[] = Array.from({ length: 10 }, (_, i) => task(k(`x${i}`), ident, [i]));
    nodes.push(
      task(
        k('s'),
        sum,
        nodes.map((n) => new Ref(n.key)),
      ),
    );
    return TaskGraph.from(nodes);
  };

  test('never has more tasks in flight than the executor’s capacity; submits ready tasks in batches', async () => {
    const ex = new ManualExecutor(3);
    const run = runGraph(wide(), [k('s')], ex);
    await drive(ex, run, (keys) => keys[0]);
    expect(await run).toEqual(new Map([[k('s'), 45]]));
    expect(ex.most).toBe(3);
    expect(ex.batches[0]).toHaveLength(3); // the first submit fills the capacity at once
    expect(ex.batches.flat()).toHaveLength(11);
    expect(new Set(ex.batches.flat()).size).toBe(11);
  });

  test('reports may come back in any order', async () => {
    const ex = new ManualExecutor(4);
    const run = runGraph(wide(), [k('s')], ex);
    await drive(ex, run, (keys) => keys[keys.length - 1]); // always the newest first
    expect((await run).get(k('s'))).toBe(45);
  });

  test('a task is submitted only after all its dependencies are done', async () => {
    //   a ──▶ c ◀── b       (c must wait for both)
    const ex = new ManualExecutor(4);
    const g = TaskGraph.from([
      task(k('a'), () => 1, []),
      task(k('b'), () => 2, []),
      task(k('c'), sum, [new Ref(k('a')), new Ref(k('b'))]),
    ]);
    const run = runGraph(g, [k('c')], ex);
    await sleep(0);
    expect(new Set(ex.pending.keys())).toEqual(new Set([k('a'), k('b')]));
    ex.finish(k('b'));
    await sleep(0);
    expect([...ex.pending.keys()]).toEqual([k('a')]);
    ex.finish(k('a'));
    await sleep(0);
    expect([...ex.pending.keys()]).toEqual([k('c')]);
    ex.finish(k('c'));
    expect((await run).get(k('c'))).toBe(3);
  });

  test('taskFinish uses the timing the executor measured, and its worker name', async () => {
    const finished: unknown[] = [];
    const ex: Executor = {
      name: 'timed',
      capacity: 1,
      workers: 1,
      submit(items, ctx) {
        for (const it of items) {
          ctx.started(it.index, 'w7');
          ctx.done(it.index, 1, { worker: 'w7', startTime: 1000, endTime: 1250 });
        }
      },
    };
    await runGraph(TaskGraph.from([task(k('a'), () => 1, [])]), [k('a')], ex, {
      callbacks: [{ taskFinish: (i) => finished.push(i) }],
    });
    expect(finished).toEqual([
      {
        key: k('a'),
        functionName: expect.any(String),
        worker: 'w7',
        startTime: 1000,
        endTime: 1250,
        durationMs: 250,
      },
    ]);
  });

  test('a failure with a plain error becomes a TaskError naming key, function and worker; the executor is cancelled', async () => {
    const ex = new ManualExecutor(2);
    const run = runGraph(wide(), [k('s')], ex);
    const result = run.catch((e: unknown) => e);
    await sleep(0);
    const cause = new Error('worker blew up');
    ex.fail(k('x0'), cause, 'worker-2');
    const err = await result;
    expect(err).toBeInstanceOf(TaskError);
    expect(err).toMatchObject({ key: k('x0'), worker: 'worker-2', cause });
    expect((err as TaskError).functionName).toBe('ident');
    expect((err as Error).message).toContain('on worker-2');
    expect(ex.cancelled).toBe(1);
  });

  test('a TuskError from an executor is passed through as it is; later reports are ignored', async () => {
    const ex = new ManualExecutor(2);
    const events: string[] = [];
    const run = runGraph(wide(), [k('s')], ex, {
      callbacks: [
        { taskFinish: () => events.push('taskFinish'), finish: (i) => events.push(`finish ${i.ok}`) },
      ],
    });
    const result = run.catch((e: unknown) => e);
    await sleep(0);
    const own = new CancelledError('worker pool shut down');
    ex.fail(k('x0'), own);
    ex.finish(k('x1')); // a late report: ignored
    expect(await result).toBe(own);
    expect(events).toEqual(['finish false']);
  });

  test('finish waits for an asynchronous cancel before the run rejects', async () => {
    const order: string[] = [];
    const ex: Executor = {
      name: 'slow-cancel',
      capacity: 1,
      workers: 1,
      submit(items, ctx) {
        ctx.failed(items[0].index, new Error('x'));
      },
      async cancel() {
        await sleep(5);
        order.push('cancelled');
      },
    };
    await runGraph(TaskGraph.from([task(k('a'), () => 1, [])]), [k('a')], ex, {
      callbacks: [{ finish: () => order.push('finish') }],
    }).catch(() => order.push('rejected'));
    expect(order).toEqual(['cancelled', 'finish', 'rejected']);
  });

  test('an executor that refuses the graph in prepare rejects the run before anything runs', async () => {
    const refusal = new TuskError('closures cannot run here');
    const submitted: unknown[] = [];
    const started: unknown[] = [];
    const ex: Executor = {
      name: 'picky',
      capacity: 1,
      workers: 1,
      prepare(_g: CompiledGraph) {
        throw refusal;
      },
      submit: (items) => submitted.push(...items),
    };
    await expect(
      runGraph(TaskGraph.from([task(k('a'), () => 1, [])]), [k('a')], ex, {
        callbacks: [{ start: (i) => started.push(i) }],
      }),
    ).rejects.toBe(refusal);
    expect(submitted).toEqual([]);
    expect(started).toEqual([]);
  });

  test('an executor whose submit throws fails the run with that error', async () => {
    const boom = new Error('submit broke');
    const ex: Executor = {
      name: 'broken',
      capacity: 1,
      workers: 1,
      submit() {
        throw boom;
      },
    };
    await expect(runGraph(TaskGraph.from([task(k('a'), () => 1, [])]), [k('a')], ex)).rejects.toBe(boom);
  });

  test('a store that cannot take a value fails the run (it does not hang), also for async tasks', async () => {
    class FullStore implements ResultStore {
      set(): void {
        throw new Error('disk full');
      }
      get(): unknown {
        return undefined;
      }
      delete(): void {}
    }
    for (const fn of [() => 1, async () => 1]) {
      const g = TaskGraph.from([task(k('a'), fn, []), task(k('b'), (x: number) => x, [new Ref(k('a'))])]);
      const run = runGraph(g, [k('b')], new SynchronousExecutor(), { store: new FullStore() });
      const timeout = sleep(2000).then(() => 'hung');
      const outcome = await Promise.race([
        run.then(
          () => 'resolved',
          (e: Error) => e.message,
        ),
        timeout,
      ]);
      expect(outcome).toBe('disk full');
    }
  });

  test('while the store asks to pause, one task at a time runs, whatever the capacity', async () => {
    class PausingStore implements ResultStore {
      readonly map = new Map<Key, unknown>();
      set(key: Key, v: unknown): void {
        this.map.set(key, v);
      }
      get(key: Key): unknown {
        return this.map.get(key);
      }
      delete(key: Key): void {
        this.map.delete(key);
      }
      shouldPause(): boolean {
        return true;
      }
    }
    const ex = new ManualExecutor(4);
    const run = runGraph(wide(), [k('s')], ex, { store: new PausingStore() });
    await drive(ex, run, (keys) => keys[0]);
    expect((await run).get(k('s'))).toBe(45);
    expect(ex.most).toBe(1);
  });
});

describe.each(KEY_ALPHABETS)('runGraph: graphs and requests ($name keys)', ({ key: k }) => {
  test('an unknown requested key rejects with KeyNotFoundError (it does not throw)', async () => {
    let run: Promise<unknown> | undefined;
    expect(() => {
      run = runGraph(TaskGraph.from([dataNode(k('a'), 1)]), [k('q')], new SynchronousExecutor());
    }).not.toThrow();
    const err = await run!.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeyNotFoundError);
    expect(err).toMatchObject({ key: k('q') });
  });

  test('a cyclic graph rejects with CycleError', async () => {
    const g = TaskGraph.from([task(k('a'), sum, [new Ref(k('b'))]), task(k('b'), sum, [new Ref(k('a'))])]);
    const err = await runGraph(g, [k('a')], new SynchronousExecutor()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CycleError);
    expect(new Set((err as CycleError).cycle)).toEqual(new Set([k('a'), k('b')]));
  });

  test('an empty graph with nothing requested resolves at once, with start and finish callbacks', async () => {
    const events: string[] = [];
    const cb: Callbacks = {
      start: () => events.push('start'),
      finish: (i) => events.push(`finish ${i.ok} ${i.tasksDone}`),
    };
    expect(await runGraph(TaskGraph.from([]), [], new SynchronousExecutor(), { callbacks: [cb] })).toEqual(
      new Map(),
    );
    expect(events).toEqual(['start', 'finish true 0']);
  });

  test('a key requested twice is returned once', async () => {
    const out = await runGraph(
      TaskGraph.from([dataNode(k('a'), 5)]),
      [k('a'), k('a')],
      new SynchronousExecutor(),
    );
    expect(out).toEqual(new Map([[k('a'), 5]]));
  });

  test('a chain of 10,000 tasks run synchronously does not grow the stack', async () => {
    const nodes: GraphNode[] = [dataNode(k('n0'), 0)];
    for (let i = 1; i < 10_000; i++)
      nodes.push(task(k(`n${i}`), (x: number) => x + 1, [new Ref(k(`n${i - 1}`))]));
    const out = await runGraph(TaskGraph.from(nodes), [k('n9999')], new SynchronousExecutor());
    expect(out.get(k('n9999'))).toBe(9999);
  });
});
