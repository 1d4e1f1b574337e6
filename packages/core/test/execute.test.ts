/**
 * executeNode: one node in this thread — tasks (sync and promise-returning), data, aliases, and fused
 * chains, whose inner values are released as soon as their last inner reader has run. Portable
 * functions must be loaded first (loadNodeFunctions); running an unloaded one is a typed error.
 */

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, test } from 'vitest';
import { FunctionReferenceError, TaskError } from '../src/errors.js';
import { executeNode, isPromiseLike, loadNodeFunctions } from '../src/execute.js';
import { moduleRef } from '../src/function-ref.js';
import { alias, dataNode, fused, type GraphNode, Ref, task } from '../src/task.js';

const fixtures = new URL('./fixtures/tasks.ts', import.meta.url).href;
const noDeps = (k: string): unknown => {
  throw new Error(`unexpected read of ${k}`);
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A `get` over a fixed set of values. */
const from =
  (values: Record<string, unknown>) =>
  (k: string): unknown => {
    if (!(k in values)) throw new Error(`unexpected read of ${k}`);
    return values[k];
  };

describe('executeNode', () => {
  test('calls a task with its Refs replaced by dependency values', () => {
    const t = task('s', (a: number, o: { b: number[] }) => a + o.b[0] + o.b[1], [
      new Ref('a'),
      { b: [new Ref('b'), 10] },
    ]);
    expect(executeNode(t, from({ a: 1, b: 100 }))).toBe(111);
  });

  test('passes literal arguments as the same objects (no copy, no walk)', () => {
    const arg = { big: new Float64Array(3) };
    const t = task('id', (x: unknown) => x, [arg]);
    expect(executeNode(t, noDeps)).toBe(arg);
  });

  test('returns a data node value, and an alias target value', () => {
    const v = [1, 2];
    expect(executeNode(dataNode('d', v), noDeps)).toBe(v);
    expect(executeNode(alias('b', 'a'), from({ a: v }))).toBe(v);
  });

  test('returns the promise of a promise-returning task', async () => {
    const t = task(
      'p',
      async (x: number) => {
        await sleep(1);
        return x * 3;
      },
      [new Ref('x')],
    );
    const out = executeNode(t, from({ x: 5 }));
    expect(isPromiseLike(out)).toBe(true);
    expect(await out).toBe(15);
  });

  test('lets a task throw through (the scheduler wraps it)', () => {
    const boom = new Error('boom');
    const t = task('bad', () => {
      throw boom;
    }, []);
    expect(() => executeNode(t, noDeps)).toThrow(boom);
  });
});

describe('executeNode on a fused chain', () => {
  //   x ──▶ a ──▶ b ──▶ c          (fused into one node keyed c; x read from outside)
  //   y ──────────────▶┘
  const chain = () => {
    const a = task('a', (x: number) => x + 1, [new Ref('x')]);
    const b = task('b', (v: number) => v * 10, [new Ref('a')]);
    const c = task('c', (v: number, y: number) => v - y, [new Ref('b'), new Ref('y')]);
    return fused('c', [a, b, c]);
  };

  test('gives the value of its last node, computed through the chain', () => {
    // Reference by hand: ((4 + 1) * 10) - 7 = 43.
    expect(executeNode(chain(), from({ x: 4, y: 7 }))).toBe(43);
  });

  test('reads only keys from outside the chain through get', () => {
    const read: string[] = [];
    executeNode(chain(), (k) => {
      read.push(k);
      return ({ x: 1, y: 2 } as Record<string, number>)[k];
    });
    expect(read.sort()).toEqual(['x', 'y']);
  });

  test('handles promise-returning inner nodes anywhere in the chain', async () => {
    const a = task(
      'a',
      async (x: number) => {
        await sleep(1);
        return x + 1;
      },
      [new Ref('x')],
    );
    const b = task('b', (v: number) => v * 10, [new Ref('a')]);
    const c = task('c', async (v: number) => v - 1, [new Ref('b')]);
    const out = executeNode(fused('c', [a, b, c]), from({ x: 1 }));
    expect(isPromiseLike(out)).toBe(true);
    expect(await out).toBe(19);
  });

  test('an inner value read by two inner nodes reaches both', () => {
    //   a ──▶ b ──▶ c      c = f(b, a)
    //    └─────────▶┘
    const a = task('a', () => 3, []);
    const b = task('b', (v: number) => v + 1, [new Ref('a')]);
    const c = task('c', (v: number, w: number) => v * w, [new Ref('b'), new Ref('a')]);
    expect(executeNode(fused('c', [a, b, c]), noDeps)).toBe(12);
  });
});

describe('failures inside a fused chain', () => {
  //   a ──▶ b ──▶ c      (fused as c; the failing inner node is named, not the chain)
  function explode(): number {
    throw new RangeError('inner failure');
  }
  const chain = (first: GraphNode) =>
    fused('c', [
      first,
      task('b', (v: number) => v + 1, [new Ref('a')]),
      task('c', (v: number) => v * 2, [new Ref('b')]),
    ]);

  test('a throwing inner node gives a TaskError with its own key, function name and cause', () => {
    let err: unknown;
    try {
      executeNode(chain(task('a', explode, [])), noDeps);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TaskError);
    expect(err).toMatchObject({ key: 'a', functionName: 'explode' });
    expect((err as TaskError).cause).toBeInstanceOf(RangeError);
    expect((err as TaskError).taskStack).toContain('explode');
  });

  test('a rejecting inner node does the same', async () => {
    const cause = new Error('async inner failure');
    const err = await Promise.resolve(
      executeNode(
        chain(
          task(
            'a',
            async function fetchA() {
              await sleep(1);
              throw cause;
            },
            [],
          ),
        ),
        noDeps,
      ),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskError);
    expect(err).toMatchObject({ key: 'a', functionName: 'fetchA', cause });
  });

  test('a TuskError from an inner node passes through as it is', () => {
    const own = new FunctionReferenceError('f', 'not loaded', 'a');
    expect(() =>
      executeNode(
        chain(
          task('a', () => {
            throw own;
          }, []),
        ),
        noDeps,
      ),
    ).toThrow(own);
  });
});

describe('fused chains release inner values', () => {
  // Whether a value is still held is observed through a WeakRef after a forced collection. The value is
  // made (and the WeakRef taken) in one job, and checked in a later one: WeakRef targets are kept alive
  // until the end of the job that created them.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;

  /** a makes a big value; b reads its length; c (async) reports whether a's value is still alive. */
  function probe(cAlsoReadsA: boolean) {
    let weak: WeakRef<object> | undefined;
    const a = task(
      'a',
      () =>
        Promise.resolve().then(() => {
          const value = { payload: new Float64Array(100_000) };
          weak = new WeakRef(value);
          return value;
        }),
      [],
    );
    const b = task('b', (v: { payload: Float64Array }) => v.payload.length, [new Ref('a')]);
    const cArgs = cAlsoReadsA ? [new Ref('b'), new Ref('a')] : [new Ref('b')];
    const c = task(
      'c',
      async (n: number) => {
        await sleep(5);
        gc();
        return { n, aliveWhileCRan: weak?.deref() !== undefined };
      },
      cArgs,
    );
    return fused('c', [a, b, c]);
  }

  test('a value is dropped once its last inner reader has run', async () => {
    //   a ──▶ b ──▶ c       a's value is no longer needed once b has run
    expect(await executeNode(probe(false), noDeps)).toEqual({ n: 100_000, aliveWhileCRan: false });
  });

  test('a value still needed by a later inner node is kept (the probe can tell)', async () => {
    //   a ──▶ b ──▶ c       c reads a too, so a's value must be alive while c runs
    //    └─────────▶┘
    expect(await executeNode(probe(true), noDeps)).toEqual({ n: 100_000, aliveWhileCRan: true });
  });
});

describe('portable functions', () => {
  test('an unloaded portable function is refused with FunctionReferenceError naming it and the key', () => {
    const t = task('sum-1', moduleRef(fixtures, 'add', 'sum'), [3, 4]);
    let err: unknown;
    try {
      executeNode(t, noDeps);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FunctionReferenceError);
    expect(err).toMatchObject({ functionName: 'sum', key: 'sum-1' });
  });

  test('loadNodeFunctions imports them (inside fused nodes too), then they run', async () => {
    const a = task('a', moduleRef(fixtures, 'square'), [new Ref('x')]);
    const b = task('b', moduleRef(fixtures, 'double'), [new Ref('a')]);
    const node = fused('b', [a, b]);
    const pending = loadNodeFunctions(node);
    expect(isPromiseLike(pending)).toBe(true);
    await pending;
    expect(executeNode(node, from({ x: 3 }))).toBe(18);
    // Already loaded: nothing left to wait for.
    expect(loadNodeFunctions(node)).toBeUndefined();
  });

  test('loadNodeFunctions has nothing to do for live functions and data', () => {
    expect(loadNodeFunctions(task('t', (x: number) => x, [1]))).toBeUndefined();
    expect(loadNodeFunctions(dataNode('d', 1))).toBeUndefined();
    expect(loadNodeFunctions(alias('b', 'a'))).toBeUndefined();
  });
});
