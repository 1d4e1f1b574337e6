/**
 * order: static priorities that keep memory low when tasks run in priority order.
 *
 * The policy, in the spirit of `dask.order`: finish one branch before starting the next, and run a
 * reducer as soon as its inputs are ready, so few intermediate results are alive at once.
 *
 * The algorithm is a depth-first post-order walk of the dependency graph from its sinks (the nodes
 * nothing reads: the requested outputs, after culling), with one addition for shared results:
 *   1. Each node gets a Sethi–Ullman "need": how many results must be held at once to compute it if its
 *      dependencies are computed one after the other, the neediest first. For a node with dependency
 *      needs sorted descending n₀ ≥ n₁ ≥ …, need = max(1, max_i(n_i + i)). Computed in one pass in
 *      topological order (on a DAG a shared dependency counts in each reader: an estimate, exact on
 *      trees).
 *   2. The sinks are walked neediest first — as if they were the dependencies of one virtual root whose
 *      inputs (the outputs) stay alive to the end; ties go to the order the outputs were requested, then
 *      to graph order. At every node the dependencies are visited neediest first (ties: argument order)
 *      and a node is numbered when its last dependency has been numbered, so a branch is completed
 *      before its sibling starts and a reducer's number follows directly after its inputs'.
 *   3. Eager reducers. On a DAG a result may also be read outside the branch being walked. Whenever
 *      numbering a node makes one of its dependents ready (all its dependencies numbered) and that
 *      dependent is the last reader of some dependency that is not an output, the dependent is numbered
 *      at once (and so on, transitively). Running it frees at least one result and adds one, so this
 *      never raises the number of live results at any later point of the order, and it stops shared
 *      intermediates from waiting for the far end of the walk.
 * Priorities are 0..n-1, lower runs first, and every dependency comes before its readers. They depend only
 * on graph structure, argument order, request order and graph order — never on how keys sort as strings.
 * O((nodes + edges) · log(degree)); the walk uses an explicit stack, so long chains do not overflow.
 *
 * On trees this order is the optimal one-worker schedule (the Sethi–Ullman result); on general DAGs it
 * is a heuristic (finding the least peak is NP-hard). test/order.test.ts measures it against an
 * exhaustive search on small random DAGs.
 *
 * Reference: R. Sethi and J. D. Ullman, "The Generation of Optimal Code for Arithmetic Expressions",
 * J. ACM 17(4), 1970; dask/order.py.
 */

import type { CompiledGraph } from './graph/compile.js';

/**
 * Priorities (lower first) for every node of `graph`; `outputs` are node indices in request order.
 *
 * @example
 * const g = compileGraph(TaskGraph.from([dataNode('x-1', 1), task('inc-1', inc, [new Ref('x-1')])]));
 * order(g, [g.index.get('inc-1')!]); // Int32Array [0, 1]
 */
export function order(graph: CompiledGraph, outputs: readonly number[] = []): Int32Array {
  const n = graph.size;
  const { depStart, deps, dependentStart, dependents, topo } = graph;

  // 1. Sethi–Ullman need, dependencies first.
  const need = new Float64Array(n);
  const scratch: number[] = [];
  for (let t = 0; t < n; t++) {
    const v = topo[t];
    scratch.length = 0;
    for (let j = depStart[v]; j < depStart[v + 1]; j++) scratch.push(need[deps[j]]);
    scratch.sort((x, y) => y - x);
    let m = scratch.length + 1; // the inputs and the output, side by side
    for (let i = 0; i < scratch.length; i++) if (scratch[i] + i > m) m = scratch[i] + i;
    need[v] = scratch.length === 0 ? 1 : m;
  }
  // Dependencies neediest first; Array.prototype.sort is stable, so ties keep argument order.
  const byNeed = (x: number, y: number): number => need[y] - need[x];
  const sortedDeps = (v: number): number[] => {
    const list: number[] = [];
    for (let j = depStart[v]; j < depStart[v + 1]; j++) list.push(deps[j]);
    return list.length > 1 ? list.sort(byNeed) : list;
  };

  const priority = new Int32Array(n).fill(-1);
  const visited = new Uint8Array(n); // on the walk's stack, or numbered
  const isOutput = new Uint8Array(n);
  for (const o of outputs) isOutput[o] = 1;
  const waiting = new Int32Array(n); // dependencies not yet numbered
  const readers = new Int32Array(n); // readers not yet numbered
  for (let v = 0; v < n; v++) {
    waiting[v] = depStart[v + 1] - depStart[v];
    readers[v] = dependentStart[v + 1] - dependentStart[v];
  }
  let next = 0;

  // 3. Number `v`, then every node that is ready and would free a result (transitively). `frees[w]`
  // counts the dependencies of `w` (not outputs) that have no other reader left to be numbered.
  const frees = new Int32Array(n);
  for (let d = 0; d < n; d++) if (readers[d] === 1 && !isOutput[d]) frees[dependents[dependentStart[d]]]++;
  const eager: number[] = []; // free two or more results: numbered at once
  const deferred: number[] = []; // free one: numbered before the walk next adds a result
  const consider = (w: number): void => {
    if (visited[w] || waiting[w] !== 0 || frees[w] === 0) return;
    if (frees[w] === 1) {
      deferred.push(w);
    } else {
      visited[w] = 1;
      eager.push(w);
    }
  };
  const numberNode = (v: number): void => {
    priority[v] = next++;
    for (let j = depStart[v]; j < depStart[v + 1]; j++) {
      const d = deps[j];
      if (--readers[d] === 1 && !isOutput[d]) {
        // One reader of `d` is left (found once per node): running it will free `d`.
        for (let k = dependentStart[d]; k < dependentStart[d + 1]; k++) {
          const w = dependents[k];
          if (priority[w] < 0) {
            frees[w]++;
            consider(w);
          }
        }
      }
    }
    // Dependents that `v` makes ready.
    for (let j = dependentStart[v]; j < dependentStart[v + 1]; j++) {
      const w = dependents[j];
      if (--waiting[w] === 0) consider(w);
    }
  };
  const numberWithEager = (v: number): void => {
    numberNode(v);
    while (eager.length > 0) numberNode(eager.pop()!);
  };
  // The walk numbers `v`; if `v` frees nothing, the deferred nodes go first.
  const number = (v: number): void => {
    if (frees[v] === 0) {
      for (let i = 0; i < deferred.length; i++) {
        const w = deferred[i];
        if (!visited[w]) {
          visited[w] = 1;
          numberWithEager(w);
        }
      }
      deferred.length = 0;
    }
    numberWithEager(v);
  };

  // 2. Depth-first post-order from each sink; explicit stack of (node, sorted dependencies, position).
  const stackNode: number[] = [];
  const stackDeps: number[][] = [];
  const stackPos: number[] = [];
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
        const v = stackNode.pop()!;
        stackDeps.pop();
        stackPos.pop();
        number(v);
      }
    }
  };

  // Sinks: neediest first, then requested outputs in request order, then graph order.
  const rank = new Float64Array(n);
  for (let v = 0; v < n; v++) rank[v] = outputs.length + v;
  for (let i = outputs.length - 1; i >= 0; i--) rank[outputs[i]] = i;
  const sinks: number[] = [];
  for (let v = 0; v < n; v++) if (dependentStart[v] === dependentStart[v + 1]) sinks.push(v);
  sinks.sort((x, y) => need[y] - need[x] || rank[x] - rank[y]);
  for (const s of sinks) walk(s);
  for (let v = 0; v < n; v++) walk(v); // only reached if a cycle slipped past compileGraph
  return priority;
}
