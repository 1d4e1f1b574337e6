/**
 * cull: keep exactly the nodes the requested keys need — checked against reachability computed by a
 * plain walk — and refuse unknown or missing keys with typed errors. Switchable in config and per call.
 */

import { describe, expect, test } from 'vitest';
import { KeyNotFoundError, MissingDependencyError } from '../../src/errors.js';
import { Layer } from '../../src/graph/layer.js';
import { TaskGraph } from '../../src/graph/task-graph.js';
import { Delayed, prepareRun, withConfig } from '../../src/index.js';
import { cull } from '../../src/optimize/cull.js';
import { dataNode, type GraphNode, Ref, task } from '../../src/task.js';
import { KEY_ALPHABETS } from '../helpers/keys.js';

const list = (...xs: unknown[]) => xs;
const t = (key: string, deps: string[]): GraphNode =>
  deps.length === 0
    ? dataNode(key, new Float64Array(8))
    : task(
        key,
        list,
        deps.map((d) => new Ref(d)),
      );
const sorted = (keys: Iterable<string>) => [...keys].sort();

describe.each(KEY_ALPHABETS)('cull ($name keys)', ({ key: k }) => {
  //   a ──▶ b ──▶ d
  //     └─▶ c            (c: nothing requested reads it)
  //   x ──▶ y            (a separate component)
  const graph = () =>
    TaskGraph.from([
      t(k('a'), []),
      t(k('b'), [k('a')]),
      t(k('c'), [k('a')]),
      t(k('d'), [k('b')]),
      t(k('x'), []),
      t(k('y'), [k('x')]),
    ]);

  test('requesting d keeps a, b, d and drops c and the other component', () => {
    const g = cull(graph(), [k('d')]);
    expect(sorted(g.keys())).toEqual(sorted([k('a'), k('b'), k('d')]));
  });

  test('the kept nodes are the same node objects', () => {
    const full = graph();
    const g = cull(full, [k('d')]);
    for (const key of g.keys()) expect(g.get(key)).toBe(full.get(key));
  });

  test('several requested keys keep the union of what each needs', () => {
    expect(sorted(cull(graph(), [k('c'), k('y')]).keys())).toEqual(sorted([k('a'), k('c'), k('x'), k('y')]));
    expect(sorted(cull(graph(), [k('d'), k('c'), k('d')]).keys())).toEqual(
      sorted([k('a'), k('b'), k('c'), k('d')]),
    );
  });

  test('matches reachability computed by a plain recursive walk, for every single key', () => {
    const full = graph();
    for (const out of full.keys()) {
      const need = new Set<string>();
      const walk = (key: string) => {
        if (need.has(key)) return;
        need.add(key);
        for (const d of full.get(key).deps) walk(d);
      };
      walk(out);
      expect(sorted(cull(full, [out]).keys()), out).toEqual(sorted(need));
    }
  });

  test('nothing to drop: the same graph comes back', () => {
    const full = graph();
    expect(cull(full, [k('d'), k('c'), k('y')])).toBe(full);
  });

  test('an unknown requested key is refused with KeyNotFoundError naming it', () => {
    expect(() => cull(graph(), [k('d'), k('q')])).toThrow(KeyNotFoundError);
    expect(() => cull(graph(), [k('q')])).toThrow(expect.objectContaining({ key: k('q') }));
  });

  test('a needed dependency that no node produces is refused with MissingDependencyError', () => {
    //   a ──▶ b ◀── q (missing)
    const g = TaskGraph.from([t(k('a'), []), t(k('b'), [k('a'), k('q')])]);
    expect(() => cull(g, [k('b')])).toThrow(MissingDependencyError);
    expect(() => cull(g, [k('b')])).toThrow(expect.objectContaining({ key: k('b'), missing: k('q') }));
  });

  test('a broken node that nothing requested reads is dropped, not reported', () => {
    //   a ──▶ b (requested)
    //   c ◀── q (missing; nothing requested reads c)
    const g = TaskGraph.from([t(k('a'), []), t(k('b'), [k('a')]), t(k('c'), [k('q')])]);
    expect(sorted(cull(g, [k('b')]).keys())).toEqual(sorted([k('a'), k('b')]));
  });

  test('a cycle that nothing requested reads is dropped', () => {
    //   a ──▶ b (requested);  c ⇄ e
    const g = TaskGraph.from([t(k('a'), []), t(k('b'), [k('a')]), t(k('c'), [k('e')]), t(k('e'), [k('c')])]);
    expect(sorted(cull(g, [k('b')]).keys())).toEqual(sorted([k('a'), k('b')]));
  });

  test('the compiled form built for the walk is kept on the graph for ordering and the loop', () => {
    const full = graph();
    const compiled = full.compiled();
    expect(cull(full, [k('d'), k('c'), k('y')]).compiled()).toBe(compiled);
    // a culled graph is a new graph whose compiled form holds only the kept nodes
    expect(cull(full, [k('d')]).compiled().keys).toHaveLength(3);
  });
});

describe('cull in compute', () => {
  //   x ──▶ y (requested)
  //     └─▶ z (in the same layer, not needed)
  const collection = () => {
    const x = dataNode('x-1', new Float64Array(100)); // large: inline leaves it alone
    const y = task('y-1', (v: Float64Array) => v.length, [new Ref('x-1')]);
    const z = task('z-1', (v: Float64Array) => v.length * 2, [new Ref('x-1')]);
    return new Delayed<number>('y-1', new Layer('y-1', [x, y, z]));
  };

  test('is on by default', () => {
    expect(prepareRun([collection()], { optimize: { fuse: false } }).graph.has('z-1')).toBe(false);
  });

  test('can be switched off in config', () => {
    const g = withConfig({ optimize: { cull: false, fuse: false } }, () => prepareRun([collection()]).graph);
    expect(sorted(g.keys())).toEqual(['x-1', 'y-1', 'z-1']);
  });

  test('can be switched off per call, alone or with every pass', () => {
    expect(prepareRun([collection()], { optimize: { cull: false, fuse: false } }).graph.has('z-1')).toBe(
      true,
    );
    expect(prepareRun([collection()], { optimize: false }).graph.has('z-1')).toBe(true);
  });

  test('the result is the same either way', async () => {
    expect(await collection().compute({ scheduler: 'synchronous' })).toBe(100);
    expect(await collection().compute({ scheduler: 'synchronous', optimize: false })).toBe(100);
  });
});
