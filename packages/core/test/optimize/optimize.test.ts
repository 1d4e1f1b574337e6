/**
 * The optimisation pipeline: cull, then inline, then fuse, each switchable; all off returns the graph
 * untouched. Checked on a literal graph under two key alphabets.
 */

import { describe, expect, test } from 'vitest';
import { TaskGraph } from '../../src/graph/task-graph.js';
import { optimize } from '../../src/optimize/optimize.js';
import { runGraph } from '../../src/schedule/loop.js';
import { SynchronousExecutor } from '../../src/schedule/synchronous.js';
import { dataNode, Ref, task } from '../../src/task.js';
import { KEY_ALPHABETS } from '../helpers/keys.js';

const all = { cull: true, inline: true, fuse: true, fuseMaxLength: 1_000_000 };
const sorted = (keys: Iterable<string>) => [...keys].sort();

describe.each(KEY_ALPHABETS)('optimize ($name keys)', ({ key: k }) => {
  //   n = 2 (small data) ──▶ b ──▶ c ──▶ d (requested)
  //   x (large data) ───────▶┘
  //   z ──▶ unused (nothing requested reads it)
  const graph = () =>
    TaskGraph.from([
      dataNode(k('n'), 2),
      dataNode(k('x'), Float64Array.of(1, 2, 3)),
      task(k('b'), (n: number, x: Float64Array) => x.length * n, [new Ref(k('n')), new Ref(k('x'))]),
      task(k('c'), (v: number) => v + 1, [new Ref(k('b'))]),
      task(k('d'), (v: number) => v * 10, [new Ref(k('c'))]),
      dataNode(k('z'), 0),
      task(k('u'), (v: number) => v, [new Ref(k('z'))]),
    ]);

  test('all passes: z and u culled, n inlined into b, then x ──▶ b ──▶ c ──▶ d is one chain, fused into d', async () => {
    const g = optimize(graph(), [k('d')], all);
    expect(sorted(g.keys())).toEqual([k('d')]);
    const d = g.get(k('d'));
    expect(d.kind === 'fused' && d.nodes.map((m) => m.key)).toEqual([k('x'), k('b'), k('c'), k('d')]);
    expect((await runGraph(g, [k('d')], new SynchronousExecutor())).get(k('d'))).toBe(70); // (3·2 + 1)·10
  });

  test('no passes: the same graph', () => {
    const full = graph();
    expect(optimize(full, [k('d')], { ...all, cull: false, inline: false, fuse: false })).toBe(full);
  });

  test('each pass alone', () => {
    expect(sorted(optimize(graph(), [k('d')], { ...all, inline: false, fuse: false }).keys())).toEqual(
      sorted([k('n'), k('x'), k('b'), k('c'), k('d')]),
    );
    // Inline alone also drops data nodes nothing reads once inlined (z is read by u, so it goes into u).
    expect(sorted(optimize(graph(), [k('d')], { ...all, cull: false, fuse: false }).keys())).toEqual(
      sorted([k('x'), k('b'), k('c'), k('d'), k('u')]),
    );
    // Fuse alone: z ──▶ u fuses too, since u is not requested but nothing else reads z.
    const fusedOnly = optimize(graph(), [k('d')], { ...all, cull: false, inline: false });
    expect(sorted(fusedOnly.keys())).toEqual(sorted([k('n'), k('x'), k('d'), k('u')]));
  });
});
