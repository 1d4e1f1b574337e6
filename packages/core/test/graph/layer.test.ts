/**
 * Layers: collectLayers visits every layer reachable from the roots once, dependencies first, without
 * recursion (deep chains are fine); TaskGraph.fromLayers keeps the first definition of each key.
 */

import { describe, expect, test } from 'vitest';
import { collectLayers, Layer } from '../../src/graph/layer.js';
import { TaskGraph } from '../../src/graph/task-graph.js';
import { dataNode } from '../../src/task.js';

const layer = (name: string, deps: Layer[] = []) => new Layer(name, [dataNode(`${name}-0`, name)], deps);

describe('Layer', () => {
  test('holds a name, nodes, dependencies and a kind (default "delayed")', () => {
    const base = layer('base');
    const l = new Layer('add-1', [dataNode('add-1', 2)], [base], 'array');
    expect(l.name).toBe('add-1');
    expect(l.nodes.map((n) => n.key)).toEqual(['add-1']);
    expect(l.dependencies).toEqual([base]);
    expect(l.kind).toBe('array');
    expect(layer('x').kind).toBe('delayed');
    expect(layer('x').dependencies).toEqual([]);
  });
});

describe('collectLayers', () => {
  /** Check the result against a plain reference: each reachable layer once, after its dependencies. */
  function expectDependencyFirst(out: readonly Layer[], roots: readonly Layer[]): void {
    const reachable = new Set<Layer>();
    const visit = (l: Layer) => {
      if (reachable.has(l)) return;
      reachable.add(l);
      for (const d of l.dependencies) visit(d);
    };
    for (const r of roots) visit(r);
    expect(new Set(out)).toEqual(reachable);
    expect(out).toHaveLength(reachable.size);
    const at = new Map(out.map((l, i) => [l, i]));
    for (const l of out) for (const d of l.dependencies) expect(at.get(d)!).toBeLessThan(at.get(l)!);
  }

  test('a diamond: the shared layer once, before both readers', () => {
    //        ┌─▶ b ─┐
    //   a ───┤      ├──▶ d
    //        └─▶ c ─┘
    const a = layer('a');
    const b = layer('b', [a]);
    const c = layer('c', [a]);
    const d = layer('d', [b, c]);
    const out = collectLayers([d]);
    expect(out.map((l) => l.name)).toEqual(['a', 'b', 'c', 'd']);
    expectDependencyFirst(out, [d]);
  });

  test('several roots sharing layers; a root that another root reaches is listed once', () => {
    //   a ──▶ b ──▶ c        roots: c, b, e
    //   a ──▶ e
    const a = layer('a');
    const b = layer('b', [a]);
    const c = layer('c', [b]);
    const e = layer('e', [a]);
    const out = collectLayers([c, b, e, c]);
    expect(out.map((l) => l.name)).toEqual(['a', 'b', 'c', 'e']);
    expectDependencyFirst(out, [c, b, e]);
  });

  test('a chain of 100,000 layers does not overflow the stack', () => {
    let top = layer('l0');
    for (let i = 1; i < 100_000; i++) top = layer(`l${i}`, [top]);
    const out = collectLayers([top]);
    expect(out).toHaveLength(100_000);
    expect(out[0].name).toBe('l0');
    expect(out[99_999]).toBe(top);
  });

  test('a wide fan-in of layers', () => {
    const leaves = Array.from({ length: 500 }, (_, i) => layer(`leaf${i}`));
    const mid = Array.from({ length: 50 }, (_, i) => layer(`mid${i}`, leaves.slice(i * 10, i * 10 + 20)));
    const root = layer('root', mid);
    expectDependencyFirst(collectLayers([root]), [root]);
  });
});

describe('TaskGraph.fromLayers', () => {
  test('a key defined in two layers keeps its first definition (dependencies first)', () => {
    const a = new Layer('A', [dataNode('k', 'from A')]);
    const b = new Layer('B', [dataNode('k', 'from B'), dataNode('m', 1)], [a]);
    const g = TaskGraph.fromLayers([b]);
    expect(g.size).toBe(2);
    expect(g.get('k')).toMatchObject({ value: 'from A' });
    expect(g.layerOf.get('k')).toBe('A');
    expect(g.layerOf.get('m')).toBe('B');
  });
});
