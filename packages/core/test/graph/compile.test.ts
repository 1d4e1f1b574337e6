/**
 * compileGraph: the integer CSR form agrees with the graph it came from, `topo` is a dependency-first
 * order, and invalid graphs are refused with typed errors that name the keys involved.
 */

import { describe, expect, test } from 'vitest';
import { CycleError, MissingDependencyError } from '../../src/errors.js';
import { type CompiledGraph, compileGraph } from '../../src/graph/compile.js';
import { TaskGraph } from '../../src/graph/task-graph.js';
import { dataNode, type GraphNode, Ref, task } from '../../src/task.js';
import { KEY_ALPHABETS } from '../helpers/keys.js';

const list = (...xs: unknown[]) => xs;
const t = (key: string, deps: string[]): GraphNode =>
  deps.length === 0
    ? dataNode(key, key)
    : task(
        key,
        list,
        deps.map((d) => new Ref(d)),
      );

/** The error `fn` throws. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

/** Dependencies and dependents of each key, read back from the CSR arrays. */
function neighbours(c: CompiledGraph) {
  const deps = new Map<string, string[]>();
  const dependents = new Map<string, string[]>();
  for (let i = 0; i < c.size; i++) {
    deps.set(
      c.keys[i],
      [...c.deps.subarray(c.depStart[i], c.depStart[i + 1])].map((j) => c.keys[j]),
    );
    dependents.set(
      c.keys[i],
      [...c.dependents.subarray(c.dependentStart[i], c.dependentStart[i + 1])].map((j) => c.keys[j]).sort(),
    );
  }
  return { deps, dependents };
}

describe.each(KEY_ALPHABETS)('compileGraph ($name keys)', ({ key: k }) => {
  //   a ──▶ c ──▶ e
  //   b ──▶ c     │
  //   b ──▶ d ──▶ e        e reads c and d; c reads a and b; d reads b
  const nodes = () => [
    t(k('e'), [k('c'), k('d')]),
    t(k('d'), [k('b')]),
    t(k('c'), [k('a'), k('b')]),
    t(k('a'), []),
    t(k('b'), []),
  ];

  test('numbers keys in graph order and stores each node’s dependencies and dependents', () => {
    const c = compileGraph(TaskGraph.from(nodes()));
    expect(c.size).toBe(5);
    expect(c.keys).toEqual([k('e'), k('d'), k('c'), k('a'), k('b')]);
    for (let i = 0; i < c.size; i++) expect(c.index.get(c.keys[i])).toBe(i);
    expect(c.nodes.map((n) => n.key)).toEqual(c.keys);
    const { deps, dependents } = neighbours(c);
    expect(Object.fromEntries(deps)).toEqual({
      [k('e')]: [k('c'), k('d')],
      [k('d')]: [k('b')],
      [k('c')]: [k('a'), k('b')],
      [k('a')]: [],
      [k('b')]: [],
    });
    expect(Object.fromEntries(dependents)).toEqual({
      [k('e')]: [],
      [k('d')]: [k('e')],
      [k('c')]: [k('e')],
      [k('a')]: [k('c')],
      [k('b')]: [k('c'), k('d')].sort(),
    });
    expect(c.depStart[c.size]).toBe(5);
    expect(c.dependentStart[c.size]).toBe(5);
  });

  test('topo lists every node once, each after all its dependencies', () => {
    const c = compileGraph(TaskGraph.from(nodes()));
    const position = new Map<number, number>();
    for (let p = 0; p < c.size; p++) position.set(c.topo[p], p);
    expect(position.size).toBe(c.size);
    for (let v = 0; v < c.size; v++) {
      for (let j = c.depStart[v]; j < c.depStart[v + 1]; j++) {
        expect(position.get(c.deps[j])!).toBeLessThan(position.get(v)!);
      }
    }
  });

  test('an empty graph compiles to nothing', () => {
    const c = compileGraph(TaskGraph.from([]));
    expect(c.size).toBe(0);
    expect(c.topo).toHaveLength(0);
  });

  test('a missing dependency is refused, naming the reader and the missing key', () => {
    //   a ──▶ b ◀── q (no such node)
    const err = thrown(() => compileGraph(TaskGraph.from([t(k('a'), []), t(k('b'), [k('a'), k('q')])])));
    expect(err).toBeInstanceOf(MissingDependencyError);
    expect(err).toMatchObject({ key: k('b'), missing: k('q') });
    expect((err as Error).message).toContain(`'${k('q')}'`);
  });

  test('a two-node cycle is refused with both keys, the first repeated last', () => {
    //   a ◀──▶ b
    const err = thrown(() => compileGraph(TaskGraph.from([t(k('a'), [k('b')]), t(k('b'), [k('a')])])));
    expect(err).toBeInstanceOf(CycleError);
    const { cycle } = err as CycleError;
    expect(cycle).toHaveLength(3);
    expect(cycle[0]).toBe(cycle[2]);
    expect(new Set(cycle)).toEqual(new Set([k('a'), k('b')]));
  });

  test('a self-loop is a cycle of one key', () => {
    const err = thrown(() => compileGraph(TaskGraph.from([t(k('x'), []), t(k('a'), [k('x'), k('a')])])));
    expect(err).toBeInstanceOf(CycleError);
    expect((err as CycleError).cycle).toEqual([k('a'), k('a')]);
  });

  test('a cycle below acyclic parts is reported as exactly the cycle, in dependency order', () => {
    //   s ──▶ a ──▶ b ──▶ c ──▶ a      (a reads s and c; b reads a; c reads b)
    //                     c ──▶ z      (z reads c: downstream of the cycle, not part of it)
    const g = TaskGraph.from([
      t(k('z'), [k('c')]),
      t(k('s'), []),
      t(k('a'), [k('s'), k('c')]),
      t(k('b'), [k('a')]),
      t(k('c'), [k('b')]),
    ]);
    const { cycle } = thrown(() => compileGraph(g)) as CycleError;
    expect(cycle).toHaveLength(4);
    expect(cycle[0]).toBe(cycle[3]);
    expect(new Set(cycle)).toEqual(new Set([k('a'), k('b'), k('c')]));
    // Each key in the list depends on the next one.
    for (let i = 0; i + 1 < cycle.length; i++) expect(g.dependencies(cycle[i])).toContain(cycle[i + 1]);
  });
});
