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
 * O(nodes + edges).
 */

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
  const outputs = new Set(keys);
  // The sole dependent of each key that has exactly one (null once a second one is seen).
  const sole = new Map<Key, Key | null>();
  for (const [k, n] of graph.nodes) {
    for (const d of n.deps) sole.set(d, sole.has(d) ? null : k);
  }
  const next = (k: Key): Key | undefined => {
    if (outputs.has(k)) return undefined;
    const d = sole.get(k);
    if (d === undefined || d === null) return undefined;
    return graph.nodes.get(d)!.deps.length === 1 ? d : undefined;
  };
  // The first node of a chain is one whose dependency (if any) does not continue into it.
  const absorbed = new Set<Key>();
  const chains: Key[][] = [];
  for (const [k, n] of graph.nodes) {
    if (n.deps.length === 1 && next(n.deps[0]) === k) continue; // not a chain start
    let nk = next(k);
    if (nk === undefined) continue;
    const chain = [k];
    while (nk !== undefined) {
      chain.push(nk);
      nk = next(nk);
    }
    // Long chains are cut into pieces of at most maxLength; each piece keeps its last key.
    for (let i = 0; i < chain.length; i += maxLength) {
      const piece = chain.slice(i, Math.min(chain.length, i + maxLength));
      if (piece.length < 2) continue;
      chains.push(piece);
      for (let j = 0; j < piece.length - 1; j++) absorbed.add(piece[j]);
    }
  }
  if (chains.length === 0) return graph;
  const out = new Map<Key, GraphNode>();
  const replaced = new Map<Key, GraphNode>();
  for (const chain of chains) {
    const last = chain[chain.length - 1];
    const inner: GraphNode[] = [];
    for (const k of chain) {
      const n = graph.nodes.get(k)!;
      if (n.kind === 'fused') inner.push(...n.nodes);
      else inner.push(n);
    }
    replaced.set(last, fused(last, inner));
  }
  for (const [k, n] of graph.nodes) {
    if (absorbed.has(k)) continue;
    out.set(k, replaced.get(k) ?? n);
  }
  return graph.withNodes(out);
}
