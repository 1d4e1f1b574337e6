/**
 * inline: small constant data nodes are copied into the tasks that read them and removed; large ones,
 * requested outputs, and constants read by anything but a task stay nodes. Switchable in config and
 * per call.
 */

import { describe, expect, test } from 'vitest';
import { TaskGraph } from '../../src/graph/task-graph.js';
import { delayed, prepareRun, withConfig } from '../../src/index.js';
import { inline, isCheapConstant } from '../../src/optimize/inline.js';
import { runGraph } from '../../src/schedule/loop.js';
import { SynchronousExecutor } from '../../src/schedule/synchronous.js';
import { alias, dataNode, fused, isRef, Ref, type Task, task } from '../../src/task.js';
import { KEY_ALPHABETS } from '../helpers/keys.js';

const sorted = (keys: Iterable<string>) => [...keys].sort();
const scale = (x: Float64Array, opts: { n: number }) => x.map((v) => v * opts.n);

describe.each(KEY_ALPHABETS)('inline ($name keys)', ({ key: k }) => {
  //   n = 3 (data, small) ──▶ f(x, {n}) ──▶ g
  //   x = [1, 2] (data, Float64Array: large)──▶┘
  const graph = () =>
    TaskGraph.from([
      dataNode(k('n'), 3),
      dataNode(k('x'), Float64Array.from([1, 2])),
      task(k('f'), scale, [new Ref(k('x')), { n: new Ref(k('n')) }]),
      task(k('g'), (v: Float64Array) => [...v], [new Ref(k('f'))]),
    ]);

  test('a small constant is copied into its reader (even nested in an object) and its node removed', () => {
    const full = graph();
    const g = inline(full, [k('g')]);
    expect(sorted(g.keys())).toEqual(sorted([k('x'), k('f'), k('g')]));
    const f = g.get(k('f')) as Task;
    expect(f.args[1]).toEqual({ n: 3 });
    expect(isRef(f.args[0])).toBe(true);
    expect(f.deps).toEqual([k('x')]);
    expect(f.hasRefs).toBe(true);
    expect(g.get(k('g'))).toBe(full.get(k('g'))); // a task reading no constant is left as it was
  });

  test('the large constant stays a node', () => {
    const g = inline(graph(), [k('g')]);
    expect(g.get(k('x')).kind).toBe('data');
  });

  test('the inlined graph computes the same result (reference by hand: [3, 6])', async () => {
    const out = await runGraph(inline(graph(), [k('g')]), [k('g')], new SynchronousExecutor());
    expect(out.get(k('g'))).toEqual([3, 6]);
  });

  test('a task whose only dependencies were constants has no Refs left', () => {
    const g = inline(
      TaskGraph.from([
        dataNode(k('a'), 2),
        dataNode(k('b'), 'x'),
        task(k('f'), (n: number, s: string) => s.repeat(n), [new Ref(k('a')), [new Ref(k('b'))]]),
      ]),
      [k('f')],
    );
    expect(g.size).toBe(1);
    expect(g.get(k('f'))).toMatchObject({ args: [2, ['x']], deps: [], hasRefs: false });
  });

  test('a constant read by several tasks reaches each of them', () => {
    const g = inline(
      TaskGraph.from([
        dataNode(k('c'), [1, 2, 3]),
        task(k('p'), (xs: number[]) => xs.length, [new Ref(k('c'))]),
        task(k('q'), (xs: number[]) => xs[0], [new Ref(k('c'))]),
      ]),
      [k('p'), k('q')],
    );
    expect(sorted(g.keys())).toEqual(sorted([k('p'), k('q')]));
    expect((g.get(k('p')) as Task).args).toEqual([[1, 2, 3]]);
    expect((g.get(k('q')) as Task).args).toEqual([[1, 2, 3]]);
  });

  test('a requested constant stays a node', () => {
    const g = inline(graph(), [k('g'), k('n')]);
    expect(g.get(k('n')).kind).toBe('data');
    expect((g.get(k('f')) as Task).deps).toContain(k('n'));
  });

  test('a constant read by an alias or a fused node stays, and its task readers keep their Refs', () => {
    //   c ──▶ a (alias)      c ──▶ t (task)      d ──▶ [u] (fused)
    const u = task(k('u'), (x: number) => x, [new Ref(k('d'))]);
    const full = TaskGraph.from([
      dataNode(k('c'), 1),
      dataNode(k('d'), 2),
      alias(k('a'), k('c')),
      task(k('t'), (x: number) => x, [new Ref(k('c'))]),
      fused(k('u'), [u]),
    ]);
    const g = inline(full, [k('a'), k('t'), k('u')]);
    expect(g).toBe(full);
  });

  test('nothing cheap to inline: the same graph comes back', () => {
    const full = TaskGraph.from([
      dataNode(k('x'), new Float64Array(2)),
      task(k('f'), (v: unknown) => v, [new Ref(k('x'))]),
    ]);
    expect(inline(full, [k('f')])).toBe(full);
  });

  test('maxItems bounds the size of inlined arrays and objects', () => {
    const full = () =>
      TaskGraph.from([
        dataNode(k('s'), [1, 2]),
        dataNode(k('l'), [1, 2, 3]),
        task(k('f'), (a: number[], b: number[]) => a.length + b.length, [new Ref(k('s')), new Ref(k('l'))]),
      ]);
    expect(sorted(inline(full(), [k('f')], { maxItems: 2 }).keys())).toEqual(sorted([k('l'), k('f')]));
    expect(sorted(inline(full(), [k('f')]).keys())).toEqual([k('f')]);
  });
});

describe('isCheapConstant', () => {
  test('primitives, Dates, short strings and small flat containers are cheap', () => {
    for (const v of [
      0,
      -1.5,
      'short',
      '',
      true,
      null,
      undefined,
      10n,
      new Date(0),
      [1, 'a', null],
      { a: 1, b: 'x' },
    ]) {
      expect(isCheapConstant(v), String(v)).toBe(true);
    }
    expect(isCheapConstant(Array.from({ length: 64 }, (_, i) => i))).toBe(true);
    expect(isCheapConstant('x'.repeat(1024))).toBe(true);
  });

  test('large or structured values are not', () => {
    const notCheap = [
      'x'.repeat(1025),
      Array.from({ length: 65 }, (_, i) => i),
      ['x'.repeat(1025)],
      [[1]],
      { a: { b: 1 } },
      new Float64Array(1),
      new Map(),
      new Set([1]),
      new (class Point {})(),
      () => 1,
      [() => 1],
      new Ref('a-1'),
    ];
    for (const v of notCheap) expect(isCheapConstant(v)).toBe(false);
  });

  test('maxItems is configurable', () => {
    expect(isCheapConstant([1, 2, 3], 2)).toBe(false);
    expect(isCheapConstant({ a: 1, b: 2 }, 2)).toBe(true);
  });
});

describe('inline in compute', () => {
  // delayed({ n: 2 }) is a small constant data node; scale reads it and a large one.
  const build = () =>
    delayed(scale, { pure: true })(
      delayed(Float64Array.from([1, 2, 3])),
      delayed({ n: 2 }) as unknown as { n: number },
    );

  test('is on by default', () => {
    const { graph } = prepareRun([build()], { optimize: { fuse: false } });
    expect(graph.size).toBe(2); // the Float64Array node and scale; {n: 2} inlined
  });

  test('can be switched off in config', () => {
    expect(
      withConfig({ optimize: { inline: false, fuse: false } }, () => prepareRun([build()]).graph.size),
    ).toBe(3);
  });

  test('can be switched off per call', () => {
    expect(prepareRun([build()], { optimize: { inline: false, fuse: false } }).graph.size).toBe(3);
    expect(prepareRun([build()], { optimize: false }).graph.size).toBe(3);
  });

  test('the result is the same either way', async () => {
    expect([...(await build().compute({ scheduler: 'synchronous' }))]).toEqual([2, 4, 6]);
    expect([...(await build().compute({ scheduler: 'synchronous', optimize: false }))]).toEqual([2, 4, 6]);
  });
});
