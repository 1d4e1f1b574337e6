/**
 * delayed: wrapping functions and values, Delayed arguments nested in arrays and plain objects, keys
 * (pure calls share them and run once, impure calls never do), compute and persist, field and index
 * access, destructuring with nout. Results are checked against values worked out by hand.
 */

import { beforeEach, describe, expect, test } from 'vitest';
import {
  compute,
  Delayed,
  delayed,
  isDelayed,
  parseKey,
  persist,
  prepareRun,
  TaskGraph,
  TuskError,
} from '../src/index.js';
import { add, calls, double, square } from './fixtures/tasks.js';

const fixturesUrl = new URL('./fixtures/tasks.ts', import.meta.url).href;
const sync = { scheduler: 'synchronous' } as const;

/** Counts calls per name; `counted(name, fn)` wraps fn so each call is counted. */
function counter() {
  const counts = new Map<string, number>();
  const counted =
    <A extends unknown[], R>(name: string, fn: (...a: A) => R) =>
    (...a: A): R => {
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return fn(...a);
    };
  return { counts, counted, of: (name: string) => counts.get(name) ?? 0 };
}

/** The keys of every node in a collection's graph. */
const graphKeys = (d: Delayed) => [...TaskGraph.fromLayers([d.__tusk_layer()]).keys()];

beforeEach(() => {
  calls.double = calls.add = calls.square = 0;
});

describe('delayed(fn)', () => {
  test('calling the wrapper builds a task and runs nothing', () => {
    let ran = 0;
    const inc = delayed((x: number) => {
      ran++;
      return x + 1;
    });
    const d = inc(1);
    expect(isDelayed(d)).toBe(true);
    expect(d).toBeInstanceOf(Delayed);
    expect(ran).toBe(0);
  });

  test('compute runs the chain', async () => {
    const inc = delayed((x: number) => x + 1);
    const addf = delayed((a: number, b: number) => a + b);
    expect(await addf(inc(1), inc(2)).compute(sync)).toBe(5);
  });

  test('Delayed arguments nested in arrays and plain objects become dependencies and arrive as values', async () => {
    const a = delayed(2);
    const b = delayed((x: number) => x * 10)(3);
    const c = delayed(() => 'c')();
    const f = delayed((o: { xs: number[]; y: { z: string; w: number } }, tail: [number, string]) => ({
      sum: o.xs[0] + o.xs[1] + o.y.w + tail[0],
      label: o.y.z + tail[1],
    }));
    const d = f({ xs: [a, b], y: { z: c, w: 100 } }, [b, c]);
    const node = TaskGraph.fromLayers([d.__tusk_layer()]).get(d.key);
    expect([...node.deps].sort()).toEqual([a.key, b.key, c.key].sort());
    // By hand: 2 + 30 + 100 + 30 = 162; 'c' + 'c'.
    expect(await d.compute(sync)).toEqual({ sum: 162, label: 'cc' });
  });

  test('arguments that are not plain containers are passed as they are (a Delayed inside a Map stays a Delayed)', async () => {
    const inner = delayed(1);
    const m = new Map([['k', inner]]);
    const typed = Float64Array.of(1, 2);
    const f = delayed((map: Map<string, unknown>, t: Float64Array) => [map.get('k') === inner, t === typed]);
    expect(await f(m, typed).compute(sync)).toEqual([true, true]);
  });

  test('the key has the function name as prefix and a token', () => {
    function scaleBy(x: number, k: number) {
      return x * k;
    }
    const d = delayed(scaleBy)(1, 2);
    expect(parseKey(d.key).prefix).toBe('scaleBy');
    expect(parseKey(d.key).token).toMatch(/^[0-9a-f]{32}$/);
    expect(parseKey(delayed(scaleBy, { name: 'scale' })(1, 2).key).prefix).toBe('scale');
    expect(String(d)).toBe(`Delayed('${d.key}')`);
  });

  test('promise-returning functions are awaited', async () => {
    const slow = delayed(async (x: number) => {
      await new Promise((r) => setTimeout(r, 2));
      return x * 2;
    });
    expect(await delayed((x: number) => x + 1)(slow(4)).compute(sync)).toBe(9);
  });

  test('a bad nout is refused', () => {
    for (const nout of [-1, 1.5, Number.NaN]) {
      expect(() => delayed((x: number) => [x], { nout })).toThrow(TuskError);
    }
    expect(() => delayed((x: number) => [x], { nout: -1 })).toThrow(/nout must be a non-negative integer/);
  });
});

describe('pure and impure calls', () => {
  test('impure (the default): identical calls get unique keys and each runs', async () => {
    const c = counter();
    const inc = delayed(c.counted('inc', (x: number) => x + 1));
    const x = inc(1);
    const y = inc(1);
    expect(x.key).not.toBe(y.key);
    const both = delayed((a: number, b: number) => a + b)(x, y);
    expect(await both.compute(sync)).toBe(4);
    expect(c.of('inc')).toBe(2);
  });

  test('pure: identical calls share one key and run once', async () => {
    const c = counter();
    const inc = delayed(
      c.counted('inc', (x: number) => x + 1),
      { pure: true },
    );
    const x = inc(1);
    const y = inc(1);
    expect(x.key).toBe(y.key);
    expect(inc(2).key).not.toBe(x.key);
    const both = delayed((a: number, b: number) => a + b, { pure: true })(x, y);
    expect(await both.compute(sync)).toBe(4);
    expect(c.of('inc')).toBe(1);
  });

  test('pure calls with equal structured arguments (in any key order) share a key', () => {
    const f = delayed((o: object) => o, { pure: true });
    expect(f({ a: 1, b: [2] }).key).toBe(f({ b: [2], a: 1 }).key);
    expect(f({ a: 1, b: [2] }).key).not.toBe(f({ a: 1, b: [3] }).key);
  });

  test('pure calls of two different closures never share a key', () => {
    const make = () => (x: number) => x;
    expect(delayed(make(), { pure: true })(1).key).not.toBe(delayed(make(), { pure: true })(1).key);
  });

  test('pure calls of a portable function share keys across separately made wrappers', async () => {
    const d1 = delayed(double, { pure: true });
    const d2 = delayed(double, { pure: true });
    expect(d1(21).key).toBe(d2(21).key);
    expect(await compute(d1(21), d2(21), sync)).toEqual([42, 42]);
    expect(calls.double).toBe(1);
  });
});

describe('delayed(value)', () => {
  test('wraps a plain value as data; its key is deterministic and named by type', async () => {
    const d = delayed({ a: [1, 2] });
    expect(await d.compute(sync)).toEqual({ a: [1, 2] });
    expect(parseKey(d.key).prefix).toBe('object');
    expect(parseKey(delayed([1]).key).prefix).toBe('array');
    expect(parseKey(delayed(5).key).prefix).toBe('number');
    expect(parseKey(delayed('s', { name: 'label' }).key).prefix).toBe('label');
    expect(graphKeys(d)).toEqual([d.key]);
  });

  test('returns the same object for a Delayed', () => {
    const d = delayed(1);
    expect(delayed(d)).toBe(d);
  });

  test('a structure containing Delayed values computes to the structure of their values', async () => {
    const a = delayed((x: number) => x + 1)(1);
    const b = delayed('two');
    const d = delayed([a, { b, list: [a, 3] }, 'lit']);
    expect(await d.compute(sync)).toEqual([2, { b: 'two', list: [2, 3] }, 'lit']);
    expect(d.nout).toBe(3);
    expect(graphKeys(d).sort()).toEqual([a.key, b.key, d.key].sort());
  });

  test('as a function argument, a wrapped value is read like any other dependency', async () => {
    const big = delayed(Float64Array.from({ length: 5 }, (_, i) => i));
    const total = delayed((v: Float64Array) => v.reduce((s, x) => s + x, 0))(big);
    expect(await total.compute(sync)).toBe(10);
  });
});

describe('.get and .at', () => {
  const rec = () => delayed(() => ({ name: 'tusk', sizes: [10, 20, 30] }))();

  test('.get(field) is a Delayed of value[field]', async () => {
    const r = rec();
    expect(await r.get('name').compute(sync)).toBe('tusk');
    expect(await r.get('sizes').at(1).compute(sync)).toBe(20);
  });

  test('.at(index) counts negative indices from the end', async () => {
    const list = delayed((n: number) => Array.from({ length: n }, (_, i) => i * i))(5);
    expect(await list.at(0).compute(sync)).toBe(0);
    expect(await list.at(4).compute(sync)).toBe(16);
    expect(await list.at(-1).compute(sync)).toBe(16);
    expect(await list.at(-5).compute(sync)).toBe(0);
    expect(await list.at(5).compute(sync)).toBeUndefined();
  });

  test('.at works on typed arrays and strings too', async () => {
    expect(
      await delayed(() => Int8Array.of(1, 2, 3))()
        .at(-2)
        .compute(sync),
    ).toBe(2);
    expect(
      await delayed(() => 'abc')()
        .at(-1)
        .compute(sync),
    ).toBe('c');
  });

  test('field access is pure: the same access twice is one key', () => {
    const r = rec();
    expect(r.get('name').key).toBe(r.get('name').key);
    expect(r.at(-1).key).not.toBe(r.at(1).key);
    expect(parseKey(r.get('name').key).prefix).toBe('getitem');
  });

  test('a field of null is a TaskError naming getitem', async () => {
    const err = await delayed(() => null)()
      .get('x' as never)
      .compute(sync)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'TaskError', functionName: 'getitem' });
    expect((err as Error).message).toContain('Cannot read field "x" of null');
  });
});

describe('destructuring with nout', () => {
  test('a call with nout can be destructured into that many Delayed items', async () => {
    const c = counter();
    const divmod = delayed(
      c.counted('divmod', (a: number, b: number) => [Math.floor(a / b), a % b]),
      { nout: 2 },
    );
    const [q, r] = divmod(17, 5);
    expect(isDelayed(q) && isDelayed(r)).toBe(true);
    expect(await compute(q, r, sync)).toEqual([3, 2]);
    expect(c.of('divmod')).toBe(1);
    expect([...divmod(1, 1)]).toHaveLength(2);
  });

  test('nout 0 gives no items', () => {
    expect([...delayed(() => [], { nout: 0 })()]).toEqual([]);
  });

  test('a wrapped array has its length as nout', async () => {
    const [a, b, c] = delayed([1, 'two', delayed(3)]);
    expect(await compute(a, b, c, sync)).toEqual([1, 'two', 3]);
    const [x, y] = delayed([4, 5]);
    expect(await compute(x, y, sync)).toEqual([4, 5]);
  });

  test('without nout, destructuring is refused with an error that says what to do', () => {
    const d = delayed((x: number) => [x, x])(1);
    let err: unknown;
    try {
      const [first] = d;
      expect(first).toBeUndefined(); // not reached
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TuskError);
    expect((err as Error).message).toContain(d.key);
    expect((err as Error).message).toContain('nout');
    expect((err as Error).message).toContain('.at(i)');
  });
});

describe('compute and persist', () => {
  test('.compute() resolves to the value', async () => {
    expect(await delayed((x: number) => x * 2)(21).compute(sync)).toBe(42);
  });

  test('compute(a, b, options) resolves to an array and runs shared tasks once', async () => {
    const c = counter();
    const base = delayed(c.counted('base', () => 10))();
    const a = delayed(c.counted('a', (x: number) => x + 1))(base);
    const b = delayed(c.counted('b', (x: number) => x * 2))(base);
    const result = await compute(a, b, sync);
    expect(result).toEqual([11, 20]);
    expect(Object.fromEntries(c.counts)).toEqual({ base: 1, a: 1, b: 1 });
  });

  test('compute passes non-collections through, in place', async () => {
    const a = delayed(() => 'A')();
    const obj = new Map([[1, 2]]);
    expect(await compute(1, a, 'x', null, obj, a, sync)).toEqual([1, 'A', 'x', null, obj, 'A']);
  });

  test('.persist() computes once; later computations run no task of the original', async () => {
    const c = counter();
    const base = delayed(c.counted('base', () => 5))();
    const sq = delayed(c.counted('sq', (x: number) => x * x))(base);
    const p = await sq.persist(sync);
    expect(Object.fromEntries(c.counts)).toEqual({ base: 1, sq: 1 });
    expect(p).toBeInstanceOf(Delayed);
    expect(p.key).toBe(sq.key);
    expect(graphKeys(p)).toEqual([sq.key]);
    expect(await p.compute(sync)).toBe(25);
    const next = delayed(c.counted('next', (x: number) => x + 1))(p);
    expect(await next.compute(sync)).toBe(26);
    expect(Object.fromEntries(c.counts)).toEqual({ base: 1, sq: 1, next: 1 });
  });

  test('persist(a, b) persists several, keeps nout, and passes non-collections through', async () => {
    const c = counter();
    const pair = delayed(
      c.counted('pair', () => [1, 2]),
      { nout: 2 },
    )();
    const other = delayed(c.counted('other', () => 'o'))();
    const [pp, po, lit] = await persist(pair, other, 7, sync);
    expect(lit).toBe(7);
    expect((pp as Delayed).nout).toBe(2);
    const [x, y] = pp as Delayed<number[]>;
    expect(await compute(x, y, po, sync)).toEqual([1, 2, 'o']);
    expect(Object.fromEntries(c.counts)).toEqual({ pair: 1, other: 1 });
  });

  test('a Delayed can be computed again; impure tasks then run again', async () => {
    const c = counter();
    const d = delayed(c.counted('d', () => 1))();
    await d.compute(sync);
    await d.compute(sync);
    expect(c.of('d')).toBe(2);
  });
});

describe('portable functions', () => {
  test('delayed(fn, { module }) makes a portable task that runs', async () => {
    const sq = delayed(square, { module: fixturesUrl, pure: true });
    const d = sq(7);
    const { graph } = prepareRun([d], { optimize: false });
    const node = graph.get(d.key);
    expect(node.kind === 'task' && node.fn).toMatchObject({ module: fixturesUrl, exportName: 'square' });
    expect(await d.compute(sync)).toBe(49);
  });

  test('functions registered with defineTasks are portable without options', async () => {
    const d = delayed(add)(delayed(double)(2), 1);
    const { graph } = prepareRun([d], { optimize: false });
    const node = graph.get(d.key);
    expect(node.kind === 'task' && node.fn).toMatchObject({ module: fixturesUrl, exportName: 'add' });
    expect(await d.compute(sync)).toBe(5);
  });
});
