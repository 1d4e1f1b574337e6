/**
 * compileGraph: the integer-indexed form of a TaskGraph that ordering and the scheduler loop use.
 *
 * Keys are numbered 0..n-1; dependencies and dependents are stored as CSR arrays (the neighbours of
 * node i are `deps[depStart[i] .. depStart[i+1])`). Compiling also validates the graph: a dependency
 * that no node produces raises MissingDependencyError, a cycle raises CycleError (Kahn's algorithm,
 * whose order is kept as `topo`). O(nodes + edges), no per-edge objects.
 */

import { CycleError, MissingDependencyError } from '../errors.js';
import type { Key } from '../key.js';
import type { GraphNode } from '../task.js';
import type { TaskGraph } from './task-graph.js';

export interface CompiledGraph {
  readonly size: number;
  readonly keys: readonly Key[];
  readonly index: ReadonlyMap<Key, number>;
  readonly nodes: readonly GraphNode[];
  readonly depStart: Int32Array;
  readonly deps: Int32Array;
  readonly dependentStart: Int32Array;
  readonly dependents: Int32Array;
  /** A dependency-first order of all nodes. */
  readonly topo: Int32Array;
}

export function compileGraph(graph: TaskGraph): CompiledGraph {
  const n = graph.size;
  const keys: Key[] = new Array(n);
  const nodes: GraphNode[] = new Array(n);
  const index = new Map<Key, number>();
  let i = 0;
  let edges = 0;
  for (const [k, node] of graph.nodes) {
    keys[i] = k;
    nodes[i] = node;
    index.set(k, i++);
    edges += node.deps.length;
  }
  const depStart = new Int32Array(n + 1);
  const deps = new Int32Array(edges);
  const indegree = new Int32Array(n);
  const outdegree = new Int32Array(n);
  let e = 0;
  for (i = 0; i < n; i++) {
    depStart[i] = e;
    const ds = nodes[i].deps;
    for (let j = 0; j < ds.length; j++) {
      const d = index.get(ds[j]);
      if (d === undefined) throw new MissingDependencyError(keys[i], ds[j]);
      deps[e++] = d;
      outdegree[d]++;
    }
    indegree[i] = ds.length;
  }
  depStart[n] = e;
  const dependentStart = new Int32Array(n + 1);
  for (i = 0; i < n; i++) dependentStart[i + 1] = dependentStart[i] + outdegree[i];
  const fill = dependentStart.slice(0, n);
  const dependents = new Int32Array(edges);
  for (i = 0; i < n; i++) {
    for (let j = depStart[i]; j < depStart[i + 1]; j++) dependents[fill[deps[j]]++] = i;
  }
  const topo = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (i = 0; i < n; i++) if (indegree[i] === 0) topo[tail++] = i;
  while (head < tail) {
    const v = topo[head++];
    for (let j = dependentStart[v]; j < dependentStart[v + 1]; j++) {
      const w = dependents[j];
      if (--indegree[w] === 0) topo[tail++] = w;
    }
  }
  if (tail < n) throw new CycleError(findCycle(keys, depStart, deps, indegree));
  return { size: n, keys, index, nodes, depStart, deps, dependentStart, dependents, topo };
}

function findCycle(
  keys: readonly Key[],
  depStart: Int32Array,
  deps: Int32Array,
  indegree: Int32Array,
): Key[] {
  let v = indegree.findIndex((d) => d > 0);
  const at = new Map<number, number>();
  const path: number[] = [];
  while (!at.has(v)) {
    at.set(v, path.length);
    path.push(v);
    for (let j = depStart[v]; j < depStart[v + 1]; j++) {
      if (indegree[deps[j]] > 0) {
        v = deps[j];
        break;
      }
    }
  }
  const cycle = path.slice(at.get(v)!).map((x) => keys[x]);
  cycle.push(keys[v]);
  return cycle;
}
