/**
 * fuse: merge linear chains into single `fused` nodes, so a chain runs as one task (one dispatch,
 * one message to a worker) instead of many.
 *
 * A node joins the chain of its dependent when it has exactly one dependent, that dependent has
 * exactly one dependency, and the node is not a requested output. The fused node keeps the key of
 * the chain's last node, so everything downstream still finds it. Inner values are released as soon
 * as the next node has read them (see execute.ts).
 *
 *     a ──▶ b ──▶ c ──▶ e          a+b+c fuse into one node keyed `c`;
 *                 d ──▶ e          d stays (e has two dependencies).
 *
 * The walk runs over the graph's compiled integer form (cached on the TaskGraph): a graph with no
 * chain comes back unchanged, and its compiled arrays are reused by ordering and the loop.
 * O(nodes + edges).
 */

import { CycleError, MissingDependencyError } from '../errors.js';
import type { CompiledGraph } from '../graph/compile.js';
import type { TaskGraph } from '../graph/task-graph.js';
import type { Key } from '../key.js';
import { fused, type GraphNode } from '../task.js';

export interface FuseOptions {
  /** Longest chain to fuse (default: unlimited). */
  maxLength?: number;
}

export function fuse(graph: TaskGraph, keys: readonly Key[], options: FuseOptions = {}): TaskGraph {
  const maxLength = Math.floor(options.maxLength ?? Number.POSITIVE_INFINITY);
  // Pieces of one node fuse nothing (and a step of 0 below would never end).
  if (!(maxLength >= 2)) return graph;
  let g: CompiledGraph;
  try {
    g = graph.compiled();
  } catch (err) {
    // A graph that does not compile is left as it is: the scheduler reports what is wrong with it.
    if (err instanceof MissingDependencyError || err instanceof CycleError) return graph;
    throw err;
  }
  const n = g.size;
  const { depStart, deps, dependentStart, dependents } = g;
  const isOutput = new Uint8Array(n);
  for (const k of keys) {
    const i = g.index.get(k);
    if (i !== undefined) isOutput[i] = 1;
  }
  // The node a chain continues into after v, or -1: v's sole dependent, when that has v as its sole dependency.
  const next = (v: number): number => {
    if (isOutput[v] === 1 || dependentStart[v + 1] - dependentStart[v] !== 1) return -1;
    const d = dependents[dependentStart[v]];
    return depStart[d + 1] - depStart[d] === 1 ? d : -1;
  };
  // The first node of a chain is one whose dependency (if any) does not continue into it.
  const absorbed = new Uint8Array(n);
  const chains: number[][] = [];
  for (let v = 0; v < n; v++) {
    if (depStart[v + 1] - depStart[v] === 1 && next(deps[depStart[v]]) === v) continue; // not a chain start
    let w = next(v);
    if (w === -1) continue;
    const chain = [v];
    while (w !== -1) {
      chain.push(w);
      w = next(w);
    }
    // Long chains are cut into pieces of at most maxLength; each piece keeps its last key.
    for (let i = 0; i < chain.length; i += maxLength) {
      const piece = chain.slice(i, Math.min(chain.length, i + maxLength));
      if (piece.length < 2) continue;
      chains.push(piece);
      for (let j = 0; j < piece.length - 1; j++) absorbed[piece[j]] = 1;
    }
  }
  if (chains.length === 0) return graph;
  const replaced = new Map<number, GraphNode>();
  for (const chain of chains) {
    const last = chain[chain.length - 1];
    const inner: GraphNode[] = [];
    for (const v of chain) {
      const node = g.nodes[v];
      if (node.kind === 'fused') inner.push(...node.nodes);
      else inner.push(node);
    }
    replaced.set(last, fused(g.keys[last], inner));
  }
  const out = new Map<Key, GraphNode>();
  for (let v = 0; v < n; v++) {
    if (absorbed[v] === 1) continue;
    out.set(g.keys[v], replaced.get(v) ?? g.nodes[v]);
  }
  return graph.withNodes(out);
}
