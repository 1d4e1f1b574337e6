/**
 * TaskGraph: a whole graph of nodes keyed by key, as compute() sees it.
 *
 * Storage is a Map from key to node (each node carries its own dependency list), which is what the
 * hot path needs: building it costs ~0.2 µs per task. For analysis — dependents, graph algorithms,
 * drawing — `toGraphology()` materialises the same graph as a graphology DirectedGraph (edges point
 * from a dependency to its dependent), built once per TaskGraph and cached; it costs 3–5 µs per task,
 * so the scheduler never needs it. TaskGraphs are immutable: optimisation passes return new ones.
 */

import { DirectedGraph } from 'graphology';
import { KeyNotFoundError } from '../errors.js';
import type { Key } from '../key.js';
import type { GraphNode } from '../task.js';
import { type CompiledGraph, compileGraph } from './compile.js';
import { collectLayers, type Layer, layerNames, layerNodes } from './layer.js';

export type GraphologyGraph = DirectedGraph;

export class TaskGraph {
  private dependentsCache?: Map<Key, Key[]>;
  private graphologyCache?: GraphologyGraph;
  private layerOfCache?: ReadonlyMap<Key, string>;
  private compiledCache?: CompiledGraph;

  constructor(
    readonly nodes: ReadonlyMap<Key, GraphNode>,
    /** The layers the nodes came from, when known (the DOT layer view groups by them). */
    readonly layers: readonly Layer[] = [],
  ) {}

  /** Merge the graphs of several layer stacks; keys shared between them appear once. */
  static fromLayers(roots: readonly Layer[]): TaskGraph {
    const layers = collectLayers(roots);
    return new TaskGraph(layerNodes(layers), layers);
  }

  /** Layer name of each key whose layer is known. */
  get layerOf(): ReadonlyMap<Key, string> {
    this.layerOfCache ??= layerNames(this.layers);
    return this.layerOfCache;
  }

  /** The same layers over other nodes (what optimisation passes return). */
  withNodes(nodes: ReadonlyMap<Key, GraphNode>): TaskGraph {
    return new TaskGraph(nodes, this.layers);
  }

  /** A graph from nodes (an iterable, or an object of key → node). */
  static from(nodes: Iterable<GraphNode> | Record<Key, GraphNode>): TaskGraph {
    const map = new Map<Key, GraphNode>();
    const list = Symbol.iterator in (nodes as object) ? (nodes as Iterable<GraphNode>) : Object.values(nodes);
    for (const n of list) map.set(n.key, n);
    return new TaskGraph(map);
  }

  /** Merge several graphs; on a shared key the first graph's node is kept. */
  static merge(...graphs: readonly TaskGraph[]): TaskGraph {
    if (graphs.length === 1) return graphs[0];
    const nodes = new Map<Key, GraphNode>();
    for (const g of graphs) for (const [k, n] of g.nodes) if (!nodes.has(k)) nodes.set(k, n);
    return new TaskGraph(nodes, [...new Set(graphs.flatMap((g) => g.layers))]);
  }

  get size(): number {
    return this.nodes.size;
  }

  has(key: Key): boolean {
    return this.nodes.has(key);
  }

  /** The node of `key` (throws KeyNotFoundError). */
  get(key: Key): GraphNode {
    const n = this.nodes.get(key);
    if (n === undefined) throw new KeyNotFoundError(key);
    return n;
  }

  keys(): IterableIterator<Key> {
    return this.nodes.keys();
  }

  /** Keys `key` reads. */
  dependencies(key: Key): readonly Key[] {
    return this.get(key).deps;
  }

  /** Keys that read `key`. */
  dependents(key: Key): readonly Key[] {
    this.get(key);
    return this.dependentsMap().get(key) ?? [];
  }

  /** key → dependents, for every key (computed once). */
  dependentsMap(): ReadonlyMap<Key, readonly Key[]> {
    if (!this.dependentsCache) {
      const m = new Map<Key, Key[]>();
      for (const [k, n] of this.nodes) {
        for (const d of n.deps) {
          const list = m.get(d);
          if (list) list.push(k);
          else m.set(d, [k]);
        }
      }
      this.dependentsCache = m;
    }
    return this.dependentsCache;
  }

  /**
   * The integer-indexed form (CSR arrays, a topological order), compiled once per TaskGraph and
   * cached: optimisation passes that keep a graph unchanged return the same TaskGraph, so ordering
   * and the scheduler loop reuse the arrays the passes already built. Throws MissingDependencyError /
   * CycleError.
   */
  compiled(): CompiledGraph {
    this.compiledCache ??= compileGraph(this);
    return this.compiledCache;
  }

  /** Check every dependency exists and there is no cycle; throws MissingDependencyError / CycleError. */
  validate(): this {
    this.compiled();
    return this;
  }

  /** A graphology DirectedGraph with one node per key (attributes: `node`, `layer`), edges dependency → dependent. */
  toGraphology(): GraphologyGraph {
    if (!this.graphologyCache) {
      const g = new DirectedGraph({ allowSelfLoops: true });
      for (const [k, n] of this.nodes) g.addNode(k, { node: n, layer: this.layerOf.get(k) });
      for (const [k, n] of this.nodes) {
        for (const d of n.deps) {
          if (!g.hasNode(d)) g.addNode(d, { node: undefined, missing: true });
          g.mergeDirectedEdge(d, k);
        }
      }
      this.graphologyCache = g;
    }
    return this.graphologyCache;
  }
}
