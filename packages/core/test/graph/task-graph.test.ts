/**
 * TaskGraph: building from nodes and from layer stacks, merging (shared keys appear — and run —
 * once), dependencies and dependents, validation errors, and the graphology view.
 */

import { describe, expect, test } from 'vitest';
import { CycleError, KeyNotFoundError, MissingDependencyError } from '../../src/errors.js';
import { Layer } from '../../src/graph/layer.js';
import { TaskGraph } from '../../src/graph/task-graph.js';
import { runGraph } from '../../src/schedule/loop.js';
import { SynchronousExecutor } from '../../src/schedule/synchronous.js';
import { dataNode, Ref, task } from '../../src/task.js';
import { KEY_ALPHABETS } from '../helpers/keys.js';

const list = (...xs: unknown[]) => xs;
const sorted = (keys: Iterable<string>) => [...keys].sort();

describe.each(KEY_ALPHABETS)('TaskGraph ($name keys)', ({ key: k }) => {
  //   a ──▶ b ──▶ d
  //   │     │     ▲
  //   │     └─▶ c─┘        c reads a and b; d reads b and c
  //   ├────────▶┘
  //   └─▶ e                e reads a (a sink nothing else reads)
  const build = () =>
    TaskGraph.from([
      dataNode(k('a'), 1),
      task(k('b'), list, [new Ref(k('a'))]),
      task(k('c'), list, [new Ref(k('a')), new Ref(k('b'))]),
      task(k('d'), list, [new Ref(k('b')), new Ref(k('c'))]),
      task(k('e'), list, [new Ref(k('a'))]),
    ]);

  test('size, has, get, keys', () => {
    const g = build();
    expect(g.size).toBe(5);
    expect(g.has(k('c'))).toBe(true);
    expect(g.has(k('z'))).toBe(false);
    expect(g.get(k('a'))).toMatchObject({ kind: 'data', value: 1 });
    expect(sorted(g.keys())).toEqual(sorted(['a', 'b', 'c', 'd', 'e'].map(k)));
  });

  test('get of an unknown key throws KeyNotFoundError naming it', () => {
    const g = build();
    expect(() => g.get(k('z'))).toThrow(KeyNotFoundError);
    expect(() => g.get(k('z'))).toThrow(expect.objectContaining({ key: k('z') }));
  });

  test('dependencies are the keys a node reads', () => {
    const g = build();
    expect(g.dependencies(k('a'))).toEqual([]);
    expect(g.dependencies(k('c'))).toEqual([k('a'), k('b')]);
    expect(g.dependencies(k('d'))).toEqual([k('b'), k('c')]);
  });

  test('dependents are the keys that read a node', () => {
    const g = build();
    expect(sorted(g.dependents(k('a')))).toEqual(sorted([k('b'), k('c'), k('e')]));
    expect(sorted(g.dependents(k('b')))).toEqual(sorted([k('c'), k('d')]));
    expect(g.dependents(k('c'))).toEqual([k('d')]);
    expect(g.dependents(k('d'))).toEqual([]);
    expect(g.dependents(k('e'))).toEqual([]);
    expect(() => g.dependents(k('z'))).toThrow(KeyNotFoundError);
  });

  test('dependentsMap agrees with a plain loop over every node', () => {
    const g = build();
    const m = g.dependentsMap();
    for (const key of g.keys()) {
      const expected = [...g.nodes.values()].filter((n) => n.deps.includes(key)).map((n) => n.key);
      expect(sorted(m.get(key) ?? []), key).toEqual(sorted(expected));
    }
  });

  test('validate returns the graph when it is sound', () => {
    const g = build();
    expect(g.validate()).toBe(g);
  });

  test('validate refuses a cycle, listing its keys', () => {
    //   a ──▶ b ──▶ c ──▶ a   (a cycle), x ──▶ a
    const g = TaskGraph.from([
      dataNode(k('x'), 0),
      task(k('a'), list, [new Ref(k('x')), new Ref(k('c'))]),
      task(k('b'), list, [new Ref(k('a'))]),
      task(k('c'), list, [new Ref(k('b'))]),
    ]);
    let err: unknown;
    try {
      g.validate();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CycleError);
    const cycle = (err as CycleError).cycle;
    expect(cycle[0]).toBe(cycle[cycle.length - 1]);
    expect(sorted(new Set(cycle))).toEqual(sorted([k('a'), k('b'), k('c')]));
    expect((err as Error).message).toContain(cycle.join(' -> '));
  });

  test('validate refuses a missing dependency, naming the reader and the missing key', () => {
    const g = TaskGraph.from([dataNode(k('a'), 1), task(k('b'), list, [new Ref(k('a')), new Ref(k('q'))])]);
    expect(() => g.validate()).toThrow(MissingDependencyError);
    expect(() => g.validate()).toThrow(expect.objectContaining({ key: k('b'), missing: k('q') }));
  });

  test('toGraphology: one node per key, one edge per dependency, pointing dependency → dependent', () => {
    const g = build();
    const gg = g.toGraphology();
    expect(gg.order).toBe(5);
    expect(gg.size).toBe(6); // 1 (b) + 2 (c) + 2 (d) + 1 (e), counted by hand
    expect(gg.hasDirectedEdge(k('a'), k('b'))).toBe(true);
    expect(gg.hasDirectedEdge(k('b'), k('a'))).toBe(false);
    expect(gg.hasDirectedEdge(k('c'), k('d'))).toBe(true);
    expect(sorted(gg.outNeighbors(k('a')))).toEqual(sorted([k('b'), k('c'), k('e')]));
    expect(sorted(gg.inNeighbors(k('d')))).toEqual(sorted([k('b'), k('c')]));
    expect(gg.getNodeAttribute(k('c'), 'node')).toBe(g.get(k('c')));
    expect(g.toGraphology()).toBe(gg); // built once
  });

  test('toGraphology shows a missing dependency as a node marked missing', () => {
    const g = TaskGraph.from([task(k('b'), list, [new Ref(k('q'))])]);
    const gg = g.toGraphology();
    expect(gg.order).toBe(2);
    expect(gg.size).toBe(1);
    expect(gg.getNodeAttribute(k('q'), 'missing')).toBe(true);
    expect(gg.hasDirectedEdge(k('q'), k('b'))).toBe(true);
  });

  test('from accepts a record of key → node', () => {
    const g = TaskGraph.from({
      [k('a')]: dataNode(k('a'), 1),
      [k('b')]: task(k('b'), list, [new Ref(k('a'))]),
    });
    expect(g.size).toBe(2);
    expect(g.dependencies(k('b'))).toEqual([k('a')]);
  });
});

describe.each(KEY_ALPHABETS)('merging graphs ($name keys)', ({ key: k }) => {
  /** A counted task: records each call of the key it computes. */
  const counted = (calls: Map<string, number>, key: string, deps: string[]) =>
    task(
      key,
      (...xs: number[]) => {
        calls.set(key, (calls.get(key) ?? 0) + 1);
        return xs.reduce((s, x) => s + x, 1);
      },
      deps.map((d) => new Ref(d)),
    );

  test('layer stacks that share a layer: its keys appear and run once', async () => {
    //          ┌─▶ p (layer P) ──▶ r (layer R)
    //   s ─────┤
    //  (S)     └─▶ q (layer Q)
    const calls = new Map<string, number>();
    const S = new Layer('S', [counted(calls, k('s'), [])]);
    const P = new Layer('P', [counted(calls, k('p'), [k('s')])], [S]);
    const Q = new Layer('Q', [counted(calls, k('q'), [k('s')])], [S]);
    const R = new Layer('R', [counted(calls, k('r'), [k('p')])], [P]);
    const g = TaskGraph.fromLayers([R, Q]);
    expect(sorted(g.keys())).toEqual(sorted(['s', 'p', 'q', 'r'].map(k)));
    expect(g.layerOf.get(k('s'))).toBe('S');
    expect(g.layerOf.get(k('r'))).toBe('R');
    const out = await runGraph(g, [k('r'), k('q')], new SynchronousExecutor());
    // s = 1, p = 1 + s = 2, r = 1 + p = 3, q = 1 + s = 2
    expect(out).toEqual(
      new Map([
        [k('r'), 3],
        [k('q'), 2],
      ]),
    );
    expect(Object.fromEntries(calls)).toEqual({ [k('s')]: 1, [k('p')]: 1, [k('q')]: 1, [k('r')]: 1 });
  });

  test('the same key built separately in two collections (deterministic keys) is kept once and runs once', async () => {
    const calls = new Map<string, number>();
    // Two copies of the node for s, as two collections building the same pure call would make.
    const S1 = new Layer('S1', [counted(calls, k('s'), [])]);
    const S2 = new Layer('S2', [counted(calls, k('s'), [])]);
    const A = new Layer('A', [counted(calls, k('a'), [k('s')])], [S1]);
    const B = new Layer('B', [counted(calls, k('b'), [k('s')])], [S2]);
    const g = TaskGraph.fromLayers([A, B]);
    expect(g.size).toBe(3);
    await runGraph(g, [k('a'), k('b')], new SynchronousExecutor());
    expect(calls.get(k('s'))).toBe(1);
  });

  test('TaskGraph.merge keeps the first graph’s node for a shared key and runs it once', async () => {
    const calls = new Map<string, number>();
    const g1 = TaskGraph.from([counted(calls, k('s'), []), counted(calls, k('a'), [k('s')])]);
    const g2 = TaskGraph.from([counted(calls, k('s'), []), counted(calls, k('b'), [k('s')])]);
    const g3 = TaskGraph.from([dataNode(k('s'), 100), counted(calls, k('c'), [k('s')])]);
    const m = TaskGraph.merge(g1, g2, g3);
    expect(m.size).toBe(4);
    expect(m.get(k('s'))).toBe(g1.get(k('s')));
    const out = await runGraph(m, [k('a'), k('b'), k('c')], new SynchronousExecutor());
    expect([...out.values()]).toEqual([2, 2, 2]); // s = 1 from g1's node, not 100 from g3's
    expect(calls.get(k('s'))).toBe(1);
    expect(TaskGraph.merge(g1)).toBe(g1);
  });
});
