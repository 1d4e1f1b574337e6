/**
 * order: static priorities that keep memory low when tasks run in priority order.
 *
 * The policy, in the spirit of `dask.order`: finish one branch before starting the next, and run a
 * reducer as soon as its inputs are ready, so few intermediate results are alive at once.
 *
 * Memory model: a result is alive from when its task runs until its last reader has run (outputs: to
 * the end), and while a task runs its inputs and its output are alive together.
 *
 * The algorithm is a depth-first post-order walk from the sinks (the nodes nothing reads: the requested
 * outputs, after culling), guided by a Sethi–Ullman count, plus eager readers for shared results:
 *   1. Need. Each node gets the peak of live results needed to compute it when its dependencies are
 *      computed one after the other, the neediest first: 1 for a node without dependencies; otherwise,
 *      with dependency needs sorted n₀ ≥ n₁ ≥ … ≥ n_{k-1}, need = max(max_i(n_i + i), k + 1) — while
 *      dependency i is computed the i before it are held, and at the end k inputs sit beside the output.
 *      One pass in topological order. Exact on trees; on a DAG a shared dependency is counted in each
 *      reader, so it is an estimate there.
 *   2. Walk. The sinks are walked neediest first, as if they were the inputs of one virtual root (the
 *      outputs stay alive); ties go to request order, then graph order. At every node the dependencies
 *      are visited neediest first (ties: argument order), and a node is numbered once its dependencies
 *      are, so a branch is finished before its sibling starts and a reducer comes right after its inputs.
 *      On trees and forests this is an optimal one-worker order (the Sethi–Ullman argument).
 *   3. Eager readers. On a DAG a result may also be read outside the branch being walked, and the walk
 *      would keep it alive until it reaches that reader. So when a node is numbered, any node that is
 *      ready (all its dependencies numbered) and is the last unnumbered reader of some result that is not
 *      an output is numbered early: at once if it frees two or more results (the live count drops), or,
 *      if it frees exactly one (the count stays the same), just before the walk next numbers a node that
 *      frees nothing — so an unbroken branch is not interrupted for no gain. Transitively. Each such move
 *      runs the reader at a live count no higher than the walk would have reached before running it, and
 *      it holds one result instead of the one or more it frees, so it never raises the peak of a
 *      one-worker run.
 *   4. Selections follow their input. A cheap task (an alias, or a function marked `cheap`: a selection
 *      such as `getitem` or a slice) whose only dependency is `v` is numbered right after `v`, all of
 *      them in dependents order. The count model above sees k pieces instead of one input, but in bytes
 *      the pieces of one input add up to at most that input, and once they exist the input can go. This
 *      is what an all-to-all rechunk (a transpose) needs out of core: each input is cut once, right
 *      after it is made, and the outputs read small pieces, instead of every output reloading every
 *      whole input from disk (n² reloads of chunks instead of one pass over the pieces).
 * Priorities are 0..n-1, lower runs first, and every dependency comes before its readers. They depend only
 * on graph structure, argument order, request order and graph order — never on how keys sort as strings.
 * O(nodes + edges·log(degree)) time, O(nodes + edges) memory; the walk keeps an explicit stack, so long
 * chains do not overflow. test/order.test.ts replays the order and compares its peak with hand-computed
 * bounds and with an exhaustive search over all schedules of small graphs (finding the least peak of a
 * general DAG is NP-hard; this is a heuristic there).
 *
 * Reference: R. Sethi and J. D. Ullman, "The Generation of Optimal Code for Arithmetic Expressions",
 * J. ACM 17(4), 1970; R. Sethi, "Complete Register Allocation Problems", SIAM J. Comput. 4(3), 1975
 * (NP-hardness); dask/order.py.
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

  // 1. Need, dependencies first; each node's dependencies are sorted neediest first on the way (a stable
  // sort: ties keep argument order) into `sorted`, laid out like `deps`.
  const need = new Float64Array(n);
  const sorted = Int32Array.from(deps);
  const byNeed = (x: number, y: number): number => need[y] - need[x];
  const segment: number[] = [];
  for (let t = 0; t < n; t++) {
    const v = topo[t];
    const a = depStart[v];
    const k = depStart[v + 1] - a;
    if (k === 0) {
      need[v] = 1;
      continue;
    }
    if (k === 2) {
      if (need[sorted[a + 1]] > need[sorted[a]]) {
        const x = sorted[a];
        sorted[a] = sorted[a + 1];
        sorted[a + 1] = x;
      }
    } else if (k > 2) {
      segment.length = 0;
      for (let j = a; j < a + k; j++) segment.push(sorted[j]);
      segment.sort(byNeed);
      for (let i = 0; i < k; i++) sorted[a + i] = segment[i];
    }
    let m = k + 1; // the inputs and the output, side by side
    for (let i = 0; i < k; i++) if (need[sorted[a + i]] + i > m) m = need[sorted[a + i]] + i;
    need[v] = m;
  }

  // 4. Whether `w` is a cheap selection of `v` alone.
  const { nodes } = graph;
  const selects = (w: number, v: number): boolean => {
    const node = nodes[w];
    if (node.kind !== 'alias' && !(node.kind === 'task' && node.fn.cheap === true)) return false;
    for (let j = depStart[w]; j < depStart[w + 1]; j++) if (deps[j] !== v) return false;
    return true;
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

  // 3. Eager readers. `frees[w]` counts the dependencies of `w` (not outputs) whose only reader left to be
  // numbered is `w`.
  const frees = new Int32Array(n);
  for (let d = 0; d < n; d++) if (readers[d] === 1 && !isOutput[d]) frees[dependents[dependentStart[d]]]++;
  const eager: number[] = []; // free two or more results: numbered at once
  const deferred: number[] = []; // free one: numbered before the walk next adds a result
  const selections: number[] = []; // 4: cheap selections of the node being numbered
  // A node may be on the walk's stack when it becomes ready (the walk went down one of its inputs and
  // that numbered the others): it is then taken like any other reader, and the walk finds it numbered.
  const queued = new Uint8Array(n); // on the eager or deferred list, or numbered
  const consider = (w: number): void => {
    if (queued[w] || priority[w] >= 0 || waiting[w] !== 0 || frees[w] === 0) return;
    if (frees[w] === 1) {
      deferred.push(w);
    } else {
      visited[w] = 1;
      queued[w] = 1;
      eager.push(w);
    }
  };
  const numberNode = (v: number): void => {
    if (priority[v] >= 0) return;
    queued[v] = 1;
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
    // Dependents that `v` makes ready; its selections are numbered next (4), first dependent first.
    const mark = selections.length;
    for (let j = dependentStart[v]; j < dependentStart[v + 1]; j++) {
      const w = dependents[j];
      if (--waiting[w] === 0) {
        // (A selection may already be on the walk's stack; the walk then finds it numbered.)
        if (priority[w] < 0 && selects(w, v)) {
          visited[w] = 1;
          queued[w] = 1;
          selections.push(w);
        } else consider(w);
      }
    }
    // Onto the eager stack last, so they are numbered before anything else, and reversed, so they pop
    // in dependents order.
    while (selections.length > mark) eager.push(selections.pop()!);
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
        if (priority[w] < 0) {
          visited[w] = 1;
          numberWithEager(w);
        }
      }
      deferred.length = 0;
    }
    numberWithEager(v);
  };

  // 2. Depth-first post-order from each sink; an explicit stack of (node, next position in `sorted`).
  const stackNode = new Int32Array(n);
  const stackPos = new Int32Array(n);
  const walk = (root: number): void => {
    if (visited[root]) return;
    visited[root] = 1;
    let top = 0;
    stackNode[0] = root;
    stackPos[0] = depStart[root];
    while (top >= 0) {
      const v = stackNode[top];
      if (stackPos[top] < depStart[v + 1]) {
        const d = sorted[stackPos[top]++];
        if (!visited[d]) {
          visited[d] = 1;
          top++;
          stackNode[top] = d;
          stackPos[top] = depStart[d];
        }
      } else {
        top--;
        if (priority[v] < 0) number(v);
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
