/**
 * The synchronous scheduler: runs any function (closures too), one task at a time, in priority order;
 * awaits promise-returning tasks; releases each intermediate the moment its last reader has finished;
 * calls the callbacks in order; fails with typed errors (TaskError, CancelledError,
 * UnknownSchedulerError).
 */

import { afterEach, describe, expect, test, vi } from 'vitest';
import { compileGraph } from '../../src/graph/compile.js';
import { TaskGraph } from '../../src/graph/task-graph.js';
import {
  CancelledError,
  compute,
  delayed,
  resetConfig,
  TaskError,
  UnknownSchedulerError,
  withConfig,
} from '../../src/index.js';
import type { Key } from '../../src/key.js';
import { order } from '../../src/order.js';
import type { Callbacks } from '../../src/schedule/callbacks.js';
import { type ResultStore, runGraph } from '../../src/schedule/loop.js';
import { getScheduler } from '../../src/schedule/scheduler.js';
import { SynchronousExecutor, synchronousScheduler } from '../../src/schedule/synchronous.js';
import { dataNode, type GraphNode, Ref, task } from '../../src/task.js';
import { KEY_ALPHABETS } from '../helpers/keys.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterEach(() => resetConfig());

/** Build a graph from `{ label: [dependency labels] }`; every task records its run in `log`. */
function logged(
  k: (label: string) => Key,
  spec: Record<string, string[]>,
  log: string[],
  options: { async?: boolean } = {},
): TaskGraph {
  const nodes: GraphNode[] = Object.entries(spec).map(([label, deps]) => {
    const fn = (...inputs: string[]) => {
      log.push(`run ${label}`);
      const value = `${label}(${inputs.join(',')})`;
      return options.async ? sleep(1).then(() => value) : value;
    };
    return task(
      k(label),
      fn,
      deps.map((d) => new Ref(k(d))),
    );
  });
  return TaskGraph.from(nodes);
}

/** A ResultStore that logs set/delete (by label) and refuses to read a key that is not held. */
class LoggingStore implements ResultStore {
  readonly map = new Map<Key, unknown>();
  constructor(
    private readonly log: string[],
    private readonly labelOf: (key: Key) => string,
  ) {}
  set(key: Key, value: unknown): void {
    this.log.push(`set ${this.labelOf(key)}`);
    this.map.set(key, value);
  }
  get(key: Key): unknown {
    if (!this.map.has(key)) throw new Error(`read of ${this.labelOf(key)}, which is not held`);
    return this.map.get(key);
  }
  delete(key: Key): void {
    this.log.push(`delete ${this.labelOf(key)}`);
    this.map.delete(key);
  }
}

describe.each(KEY_ALPHABETS)('synchronous scheduler ($name keys)', ({ key: k }) => {
  const labelOf = (key: Key) => 'abcdefghijklmnopqrstuvwxyz'.split('').find((l) => k(l) === key) ?? key;

  test('runs closures and returns the requested values', async () => {
    let captured = 10;
    const g = TaskGraph.from([
      dataNode(k('a'), 1),
      task(k('b'), (x: number) => x + captured, [new Ref(k('a'))]),
      task(k('c'), (x: number, y: number) => x * y, [new Ref(k('a')), new Ref(k('b'))]),
    ]);
    captured = 20;
    expect(synchronousScheduler.canRun?.(g)).toBe(true);
    const out = await synchronousScheduler.run(g, [k('c'), k('b')], { callbacks: [] });
    expect(out).toEqual(
      new Map([
        [k('c'), 21],
        [k('b'), 21],
      ]),
    );
  });

  test('runs one task at a time, even when tasks are async', async () => {
    let active = 0;
    let most = 0;
    const work = async (i: number) => {
      active++;
      most = Math.max(most, active);
      await sleep(2);
      active--;
      return i;
    };
    //   w0 … w7 (independent, async) ──▶ sum
    const nodes: GraphNode[] = Array.from({ length: 8 }, (_, i) => task(k(`w${i}`), work, [i]));
    nodes.push(
      task(
        k('s'),
        (...xs: number[]) => xs.reduce((a, b) => a + b, 0),
        nodes.map((n) => new Ref(n.key)),
      ),
    );
    const out = await runGraph(TaskGraph.from(nodes), [k('s')], new SynchronousExecutor());
    expect(out.get(k('s'))).toBe(28);
    expect(most).toBe(1);
  });

  test('awaits a promise-returning task before starting the next, and passes on its value', async () => {
    const log: string[] = [];
    const g = TaskGraph.from([
      task(k('p'), async () => {
        log.push('p start');
        await sleep(5);
        log.push('p end');
        return 7;
      }, []),
      task(k('q'), () => log.push('q ran'), []),
      task(k('r'), (x: unknown, _q: unknown) => x, [new Ref(k('p')), new Ref(k('q'))]),
    ]);
    const out = await runGraph(g, [k('r')], new SynchronousExecutor());
    expect(out.get(k('r'))).toBe(7);
    const p = log.indexOf('p start');
    expect(log[p + 1]).toBe('p end');
    expect(log).toHaveLength(3);
  });

  test('finishes one branch before starting the next', async () => {
    //   a ──▶ d ──▶ e ──┐
    //                   ├──▶ c
    //   b ──▶ f ──▶ g ──┘
    const log: string[] = [];
    const g = logged(k, { a: [], d: ['a'], e: ['d'], b: [], f: ['b'], g: ['f'], c: ['e', 'g'] }, log);
    await runGraph(g, [k('c')], new SynchronousExecutor());
    const runs = log.map((l) => l.slice(4)).join('');
    expect(['adebfgc', 'bfgadec']).toContain(runs);
  });

  test('runs tasks in the static priority order (checked against a plain replay of the priorities)', async () => {
    //   a ──▶ b ──▶ d ──▶ f ──▶ h
    //   a ──▶ c ──▶ e ──▶ f      g ──▶ h      c ──▶ g
    const spec = { a: [], b: ['a'], c: ['a'], d: ['b'], e: ['c'], f: ['d', 'e'], g: ['c'], h: ['f', 'g'] };
    const log: string[] = [];
    const g = logged(k, spec, log);
    await runGraph(g, [k('h')], new SynchronousExecutor());
    // Reference: repeatedly run the ready task of lowest priority (a plain loop over the priorities).
    const c = compileGraph(g);
    const priority = order(c, [c.index.get(k('h'))!]);
    const done = new Set<number>();
    const expected: string[] = [];
    while (done.size < c.size) {
      let best = -1;
      for (let v = 0; v < c.size; v++) {
        if (done.has(v)) continue;
        const deps = c.deps.subarray(c.depStart[v], c.depStart[v + 1]);
        if (![...deps].every((d) => done.has(d))) continue;
        if (best < 0 || priority[v] < priority[best]) best = v;
      }
      done.add(best);
      expected.push(`run ${labelOf(c.keys[best])}`);
    }
    expect(log).toEqual(expected);
  });

  describe('releasing intermediates', () => {
    //   a ──▶ b ──▶ c ──▶ d ──▶ e
    //   a ────────▶ c                 c reads a and b
    //         b ────────▶ d           d reads b and c
    //               c ────────▶ e     e reads c and d      (so the only possible order is a, b, c, d, e)
    const spec = { a: [], b: ['a'], c: ['a', 'b'], d: ['b', 'c'], e: ['c', 'd'] };

    test('each intermediate is deleted right after its last reader finishes (log by hand)', async () => {
      const log: string[] = [];
      const store = new LoggingStore(log, labelOf);
      const out = await runGraph(logged(k, spec, log), [k('e')], new SynchronousExecutor(), { store });
      expect(log).toEqual([
        'run a',
        'set a',
        'run b',
        'set b',
        'run c',
        'set c',
        'delete a', // c was a's last reader
        'run d',
        'set d',
        'delete b', // d was b's last reader
        'run e',
        'set e',
        'delete c',
        'delete d',
      ]);
      expect(out.get(k('e'))).toBe('e(c(a(),b(a())),d(b(a()),c(a(),b(a()))))');
      expect([...store.map.keys()]).toEqual([k('e')]);
    });

    test('a requested key that others read is kept to the end', async () => {
      const log: string[] = [];
      const store = new LoggingStore(log, labelOf);
      const out = await runGraph(logged(k, spec, log), [k('e'), k('b')], new SynchronousExecutor(), {
        store,
      });
      expect(log.filter((l) => l.startsWith('delete'))).toEqual(['delete a', 'delete c', 'delete d']);
      expect(out.get(k('b'))).toBe('b(a())');
    });

    test('async tasks release the same way', async () => {
      const log: string[] = [];
      const store = new LoggingStore(log, labelOf);
      await runGraph(logged(k, spec, log, { async: true }), [k('e')], new SynchronousExecutor(), { store });
      expect(log.filter((l) => !l.startsWith('run')).join('; ')).toBe(
        'set a; set b; set c; delete a; set d; delete b; set e; delete c; delete d',
      );
    });

    test('on a wider graph, every delete happens exactly when a plain reader count says it should', async () => {
      //        ┌─▶ b ──┬──▶ e ──┐
      //   a ───┼─▶ c ──┘        ├──▶ g
      //        └─▶ d ──▶ f ─────┘        h ──▶ f
      const wide: Record<string, string[]> = {
        a: [],
        h: [],
        b: ['a'],
        c: ['a'],
        d: ['a'],
        e: ['b', 'c'],
        f: ['d', 'h'],
        g: ['e', 'f'],
      };
      const log: string[] = [];
      await runGraph(logged(k, wide, log), [k('g')], new SynchronousExecutor(), {
        store: new LoggingStore(log, labelOf),
      });
      // Reference: walk the runs in the order they happened, counting readers by hand.
      const left = new Map<string, number>();
      for (const deps of Object.values(wide)) for (const d of deps) left.set(d, (left.get(d) ?? 0) + 1);
      const expected: string[] = [];
      for (const label of log.filter((l) => l.startsWith('run')).map((l) => l.slice(4))) {
        expected.push(`run ${label}`);
        if (label === 'g' || left.has(label)) expected.push(`set ${label}`);
        for (const d of wide[label]) {
          const n = left.get(d)! - 1;
          left.set(d, n);
          if (n === 0) expected.push(`delete ${d}`);
        }
      }
      expect(log).toEqual(expected);
      expect(log.filter((l) => l.startsWith('run'))).toHaveLength(8);
    });

    test('a task nothing reads and nobody asked for is run but never stored', async () => {
      const log: string[] = [];
      await runGraph(logged(k, { a: [], b: ['a'], z: ['a'] }, log), [k('b')], new SynchronousExecutor(), {
        store: new LoggingStore(log, labelOf),
      });
      expect(log).toContain('run z');
      expect(log).not.toContain('set z');
      expect(log).toContain('delete a');
    });
  });

  describe('callbacks', () => {
    test('start, then taskStart/taskFinish per task, strictly alternating, then finish', async () => {
      const events: string[] = [];
      const infos: Record<string, unknown[]> = { start: [], taskStart: [], taskFinish: [], finish: [] };
      const record =
        <I>(name: string, label: (info: I) => string = () => '') =>
        (info: I) => {
          events.push(`${name}${label(info)}`);
          infos[name].push(info);
        };
      const byKey = (info: { key: Key }) => ` ${labelOf(info.key)}`;
      const cb: Callbacks = {
        start: record('start'),
        taskStart: record('taskStart', byKey),
        taskFinish: record('taskFinish', byKey),
        finish: record('finish'),
      };
      const log: string[] = [];
      const g = logged(k, { a: [], b: ['a'], c: ['a', 'b'] }, log);
      await runGraph(g, [k('c')], new SynchronousExecutor(), { callbacks: [cb] });
      expect(events).toEqual([
        'start',
        'taskStart a',
        'taskFinish a',
        'taskStart b',
        'taskFinish b',
        'taskStart c',
        'taskFinish c',
        'finish',
      ]);
      expect(infos.start).toEqual([{ scheduler: 'synchronous', tasks: 3, keys: [k('c')], workers: 1 }]);
      expect(infos.taskStart[0]).toEqual({ key: k('a'), functionName: 'fn', worker: 'main' });
      expect(infos.finish).toEqual([{ ok: true, durationMs: expect.any(Number), tasksDone: 3 }]);
    });

    test('taskFinish reports the task’s duration and times', async () => {
      const finished: { durationMs: number; startTime: number; endTime: number; worker: string }[] = [];
      const g = TaskGraph.from([task(k('slow'), () => sleep(30).then(() => 1), [])]);
      const before = performance.timeOrigin + performance.now();
      await runGraph(g, [k('slow')], new SynchronousExecutor(), {
        callbacks: [{ taskFinish: (i) => finished.push(i) }],
      });
      const after = performance.timeOrigin + performance.now();
      expect(finished).toHaveLength(1);
      const [f] = finished;
      expect(f.worker).toBe('main');
      expect(f.durationMs).toBeGreaterThanOrEqual(25); // it slept 30 ms (timers may fire a little early)
      expect(f.durationMs).toBeCloseTo(f.endTime - f.startTime, 6);
      expect(f.startTime).toBeGreaterThanOrEqual(before);
      expect(f.endTime).toBeLessThanOrEqual(after);
    });

    test('config callbacks and per-call callbacks are both called by compute', async () => {
      const seen: string[] = [];
      const x = delayed((a: number) => a + 1)(1);
      const v = await withConfig({ callbacks: [{ finish: () => seen.push('config') }] }, () =>
        compute(x, { scheduler: 'synchronous', callbacks: [{ finish: () => seen.push('call') }] }),
      );
      expect(v).toEqual([2]);
      expect(seen).toEqual(['config', 'call']);
    });

    test('a callback that throws is reported as a warning and does not stop the run', async () => {
      const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
      try {
        const g = TaskGraph.from([task(k('a'), () => 1, [])]);
        const out = await runGraph(g, [k('a')], new SynchronousExecutor(), {
          callbacks: [
            {
              taskStart: () => {
                throw new Error('bad callback');
              },
            },
          ],
        });
        expect(out.get(k('a'))).toBe(1);
        expect(warn).toHaveBeenCalledTimes(1);
        expect(String(warn.mock.calls[0][0])).toContain('bad callback');
      } finally {
        warn.mockRestore();
      }
    });
  });

  describe('failures', () => {
    function explode(_x: number): number {
      throw new RangeError('out of range');
    }

    test('a task that throws rejects with TaskError carrying key, function name and cause with stack', async () => {
      const ran: string[] = [];
      const events: string[] = [];
      const g = TaskGraph.from([
        dataNode(k('a'), 1),
        task(k('b'), explode, [new Ref(k('a'))]),
        task(k('c'), (x: number) => ran.push(`c ${x}`), [new Ref(k('b'))]),
      ]);
      let finishInfo: { ok: boolean; error?: unknown } | undefined;
      const err = await runGraph(g, [k('c')], new SynchronousExecutor(), {
        callbacks: [{ taskFinish: (i) => events.push(i.key), finish: (i) => (finishInfo = i) }],
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TaskError);
      const te = err as TaskError;
      expect(te.key).toBe(k('b'));
      expect(te.functionName).toBe('explode');
      expect(te.cause).toBeInstanceOf(RangeError);
      expect((te.cause as Error).message).toBe('out of range');
      expect((te.cause as Error).stack).toContain('explode');
      expect(te.taskStack).toBe((te.cause as Error).stack);
      expect(te.message).toContain(k('b'));
      expect(te.message).toContain('explode');
      expect(te.message).toContain('RangeError: out of range');
      expect(ran).toEqual([]);
      expect(events).toEqual([k('a')]);
      expect(finishInfo).toEqual({ ok: false, error: te, durationMs: expect.any(Number), tasksDone: 1 });
    });

    test('a rejected promise is a TaskError too; so is a thrown non-Error', async () => {
      const boom = new Error('async boom');
      const g1 = TaskGraph.from([
        task(
          k('p'),
          async function fetchThing() {
            await sleep(1);
            throw boom;
          },
          [],
        ),
      ]);
      const e1 = await runGraph(g1, [k('p')], new SynchronousExecutor()).catch((e: unknown) => e);
      expect(e1).toBeInstanceOf(TaskError);
      expect(e1).toMatchObject({ key: k('p'), functionName: 'fetchThing', cause: boom });

      const g2 = TaskGraph.from([
        task(
          k('q'),
          function throwsString() {
            throw 'just a string';
          },
          [],
        ),
      ]);
      const e2 = await runGraph(g2, [k('q')], new SynchronousExecutor()).catch((e: unknown) => e);
      expect(e2).toBeInstanceOf(TaskError);
      expect(e2).toMatchObject({ key: k('q'), functionName: 'throwsString', cause: 'just a string' });
      expect((e2 as TaskError).taskStack).toBeUndefined();
    });

    test('compute rejects with the TaskError of the delayed call that failed', async () => {
      const bad = delayed(explode)(delayed((x: number) => x)(1));
      const err = await bad.compute({ scheduler: 'synchronous' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TaskError);
      expect(err).toMatchObject({ key: bad.key, functionName: 'explode' });
    });
  });

  describe('cancellation', () => {
    test('an abort during the run rejects with CancelledError and runs nothing more', async () => {
      const ac = new AbortController();
      const ran: string[] = [];
      //   a (slow, aborts while it runs) ──▶ b ──▶ c
      const g = TaskGraph.from([
        task(k('a'), async () => {
          ran.push('a');
          setTimeout(() => ac.abort('user pressed stop'), 1);
          await sleep(20);
          return 1;
        }, []),
        task(k('b'), (x: number) => ran.push('b') && x, [new Ref(k('a'))]),
        task(k('c'), (x: number) => ran.push('c') && x, [new Ref(k('b'))]),
      ]);
      const err = await runGraph(g, [k('c')], new SynchronousExecutor(), { signal: ac.signal }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(CancelledError);
      expect((err as Error).message).toContain('user pressed stop');
      await sleep(30);
      expect(ran).toEqual(['a']);
    });

    test('an already aborted signal runs nothing', async () => {
      const ran: string[] = [];
      const g = TaskGraph.from([task(k('a'), () => ran.push('a'), [])]);
      const err = await runGraph(g, [k('a')], new SynchronousExecutor(), {
        signal: AbortSignal.abort(),
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CancelledError);
      expect(ran).toEqual([]);
    });

    test('an abort right after compute() is called (while the run is being prepared) runs nothing', async () => {
      const ac = new AbortController();
      let ran = 0;
      const x = delayed(() => ++ran)();
      const pending = x.compute({ scheduler: 'synchronous', signal: ac.signal });
      ac.abort();
      await expect(pending).rejects.toBeInstanceOf(CancelledError);
      expect(ran).toBe(0);
    });
  });
});

describe('scheduler names', () => {
  test('an unknown scheduler name is refused with UnknownSchedulerError listing the valid names', async () => {
    const x = delayed((a: number) => a)(1);
    const err = await x.compute({ scheduler: 'nope' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownSchedulerError);
    const u = err as UnknownSchedulerError;
    expect(u.scheduler).toBe('nope');
    expect(u.available).toEqual(expect.arrayContaining(['auto', 'synchronous']));
    expect(u.message).toContain("'nope'");
    expect(u.message).toContain("'auto'");
    expect(u.message).toContain("'synchronous'");
  });

  test('the same from config, and for getScheduler', async () => {
    const x = delayed((a: number) => a)(1);
    await expect(withConfig({ scheduler: 'nope' }, () => x.compute())).rejects.toBeInstanceOf(
      UnknownSchedulerError,
    );
    expect(() => getScheduler('nope')).toThrow(UnknownSchedulerError);
  });

  test("asking for 'threads' without @tusk/schedulers says what to import", async () => {
    const err = await delayed((a: number) => a)(1)
      .compute({ scheduler: 'threads' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownSchedulerError);
    expect((err as Error).message).toContain("import '@tusk/schedulers'");
  });

  test("'auto' falls back to synchronous when no parallel scheduler is registered", async () => {
    let inThisThread = false;
    const x = delayed(() => {
      inThisThread = true;
      return 5;
    })();
    expect(await x.compute()).toBe(5);
    expect(inThisThread).toBe(true);
  });
});
