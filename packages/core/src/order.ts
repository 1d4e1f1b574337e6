/**
 * order: static priorities that keep memory low when tasks run in priority order.
 *
 * The policy, in the spirit of `dask.order`: finish one branch before starting the next, and run a
 * reducer as soon as its inputs are ready, so few intermediate results are alive at once.
 *
 * The algorithm is a depth-first post-order walk of the dependency graph starting from its sinks
 * (nodes nothing reads: the requested outputs after culling):
 *   1. Each node gets a Sethi–Ullman "need": how many results must be held at once to compute it
 *      if its dependencies are computed one after the other, the neediest first. For a node with
 *      dependency needs sorted descending n₀ ≥ n₁ ≥ …, need = max(1, max_i(n_i + i)). Computed in
 *      one pass in topological order (on a DAG a shared dependency counts in each reader: an
 *      estimate, exact on trees).
 *   2. Sinks are walked in the order the outputs were requested (then by graph order). At every node
 *      the dependencies are visited neediest first (ties: argument order), and a node is numbered
 *      when its last dependency has been numbered — so a reducer's number follows directly after
 *      its inputs', and a branch is completed before its sibling starts.
 * Priorities are 0..n-1, lower runs first; they depend only on graph structure and argument order,
 * never on how keys sort as strings. O((nodes + edges) · log(degree)), iterative (deep chains are fine).
 *
 * Reference: R. Sethi and J. D. Ullman, "The Generation of Optimal Code for Arithmetic Expressions",
 * J. ACM 17(4), 1970; dask/order.py.
 */

import type { CompiledGraph } from './graph/compile.js';

/** Priorities (lower first) for every node of `graph`; `outputs` are node indices in request order. */
export function order(graph: CompiledGraph, outputs: readonly number[] = []): Int32Array {
  const n = graph.size;
  const { depStart, deps, dependentStart, topo } = graph;
  const need = new Float64Array(n);
  const scratch: number[] = [];
  for (let t = 0; t < n; t++) {
    const v = topo[t];
    const a = depStart[v];
    const b = depStart[v + 1];
    if (a === b) {
      need[v] = 1;
      continue;
    }
    scratch.length = 0;
    for (let j = a; j < b; j++) scratch.push(need[deps[j]]);
    scratch.sort((x, y) => y - x);
    let m = 1;
    for (let i = 0; i < scratch.length; i++) if (scratch[i] + i > m) m = scratch[i] + i;
    need[v] = m;
  }

  const priority = new Int32Array(n).fill(-1);
  const visited = new Uint8Array(n);
  let next = 0;
  // Explicit stack of (node, sorted dependency list, position).
  const stackNode: number[] = [];
  const stackDeps: number[][] = [];
  const stackPos: number[] = [];
  const sortedDeps = (v: number): number[] => {
    const list: number[] = [];
    for (let j = depStart[v]; j < depStart[v + 1]; j++) list.push(deps[j]);
    if (list.length > 1) {
      const argPos = new Map<number, number>();
      list.forEach((d, i) => argPos.has(d) || argPos.set(d, i));
      list.sort((x, y) => need[y] - need[x] || argPos.get(x)! - argPos.get(y)!);
    }
    return list;
  };
  const walk = (root: number): void => {
    if (visited[root]) return;
    visited[root] = 1;
    stackNode.push(root);
    stackDeps.push(sortedDeps(root));
    stackPos.push(0);
    while (stackNode.length > 0) {
      const top = stackNode.length - 1;
      const list = stackDeps[top];
      if (stackPos[top] < list.length) {
        const d = list[stackPos[top]++];
        if (!visited[d]) {
          visited[d] = 1;
          stackNode.push(d);
          stackDeps.push(sortedDeps(d));
          stackPos.push(0);
        }
      } else {
        priority[stackNode[top]] = next++;
        stackNode.pop();
        stackDeps.pop();
        stackPos.pop();
      }
    }
  };
  for (const o of outputs) walk(o);
  for (let v = 0; v < n; v++) if (dependentStart[v] === dependentStart[v + 1]) walk(v);
  for (let v = 0; v < n; v++) walk(v); // unreachable from sinks only if a cycle slipped through
  return priority;
}
