/**
 * Test helpers for graph algorithms: small graphs written as sketches, built under interchangeable key
 * alphabets, and replays that measure how many results a priority order keeps alive.
 *
 * A sketch lists nodes as `[label, dependency labels]` in graph (insertion) order; a node without
 * dependencies becomes a `dataNode`, any other a `task` whose arguments are `Ref`s to its dependencies in
 * the order given. Labels are turned into keys by an alphabet: `ascending` numbers the labels in string
 * order (`a-000000`, `a-000001`, …), `descending` numbers them backwards (`z-999999`, `z-999998`, …), so
 * the two alphabets sort keys in opposite orders and an algorithm that leans on string order shows it.
 *
 * `replay` runs a graph in priority order on W workers (unit-time tasks, in lockstep rounds: each round
 * starts the W ready tasks of lowest priority) and counts live results: a result is live from when its
 * task runs until its last dependent has run; requested outputs stay live to the end. While a task runs
 * its inputs and its output are both live. `optimalPeak` is the exact minimum of that peak over every
 * one-worker schedule (dynamic programming over the sets of finished tasks; small graphs only).
 */

import { type CompiledGraph, compileGraph } from '../../src/graph/compile.js';
import { TaskGraph } from '../../src/graph/task-graph.js';
import type { Key } from '../../src/key.js';
import { dataNode, type GraphNode, Ref, task } from '../../src/task.js';

/** Nodes as `[label, dependency labels]`, in graph order. */
export type Sketch = ReadonlyArray<readonly [label: string, deps: readonly string[]]>;

/** How labels become keys. */
export interface Alphabet {
  readonly name: string;
  keys(labels: readonly string[]): Map<string, Key>;
}

const byString = (labels: readonly string[]): string[] =>
  [...labels].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));

/** Keys in the labels' string order: `a-000000` < `a-000001` < …. */
export const ascending: Alphabet = {
  name: 'ascending a-0…',
  keys: (labels) => new Map(byString(labels).map((l, i) => [l, `a-${String(i).padStart(6, '0')}`])),
};

/** Keys in the reverse of the labels' string order: `z-999999` > `z-999998` > …. */
export const descending: Alphabet = {
  name: 'descending z-999…',
  keys: (labels) => new Map(byString(labels).map((l, i) => [l, `z-${String(999_999 - i).padStart(6, '0')}`])),
};

export const ALPHABETS: readonly Alphabet[] = [ascending, descending];

function combine(...xs: unknown[]): unknown {
  return xs;
}

/** A graph built from a sketch under an alphabet. */
export interface Built {
  readonly compiled: CompiledGraph;
  readonly keyOf: ReadonlyMap<string, Key>;
  /** Node index of a label. */
  indexOf(label: string): number;
  /** Label of a node index. */
  labelOf(index: number): string;
}

export function build(sketch: Sketch, alphabet: Alphabet): Built {
  const keyOf = alphabet.keys(sketch.map(([l]) => l));
  const key = (l: string): Key => {
    const k = keyOf.get(l);
    if (k === undefined) throw new Error(`sketch refers to unknown label '${l}'`);
    return k;
  };
  const nodes: GraphNode[] = sketch.map(([l, deps]) =>
    deps.length === 0
      ? dataNode(key(l), l)
      : task(
          key(l),
          combine,
          deps.map((d) => new Ref(key(d))),
        ),
  );
  const compiled = compileGraph(TaskGraph.from(nodes));
  const labels = new Map<Key, string>();
  for (const [l, k] of keyOf) labels.set(k, l);
  return {
    compiled,
    keyOf,
    indexOf: (l) => compiled.index.get(key(l))!,
    labelOf: (i) => labels.get(compiled.keys[i])!,
  };
}

/** Labels of the nodes nothing reads, in graph order. */
export function sinks(sketch: Sketch): string[] {
  const read = new Set<string>();
  for (const [, deps] of sketch) for (const d of deps) read.add(d);
  return sketch.map(([l]) => l).filter((l) => !read.has(l));
}

export interface Replay {
  /** Most results alive at once. */
  readonly peak: number;
  /** Node indices in the order they ran (within a round: by priority). */
  readonly sequence: readonly number[];
}

/** Run `graph` in `priority` order on `workers` workers (lockstep rounds) and count live results. */
export function replay(
  graph: CompiledGraph,
  priority: Int32Array,
  outputs: readonly number[],
  workers = 1,
): Replay {
  const n = graph.size;
  const { depStart, deps, dependentStart, dependents } = graph;
  const waiting = new Int32Array(n);
  const readers = new Int32Array(n);
  const keep = new Uint8Array(n);
  for (const o of outputs) keep[o] = 1;
  const ready = new MinHeap(priority);
  for (let v = 0; v < n; v++) {
    waiting[v] = depStart[v + 1] - depStart[v];
    readers[v] = dependentStart[v + 1] - dependentStart[v];
    if (waiting[v] === 0) ready.push(v);
  }
  const sequence: number[] = [];
  let live = 0;
  let peak = 0;
  while (ready.size > 0) {
    const round: number[] = [];
    while (round.length < workers && ready.size > 0) round.push(ready.pop());
    live += round.length;
    if (live > peak) peak = live;
    for (const v of round) {
      sequence.push(v);
      for (let j = depStart[v]; j < depStart[v + 1]; j++) {
        const d = deps[j];
        if (--readers[d] === 0 && !keep[d]) live--;
      }
      if (readers[v] === 0 && !keep[v]) live--;
    }
    for (const v of round) {
      for (let j = dependentStart[v]; j < dependentStart[v + 1]; j++) {
        const w = dependents[j];
        if (--waiting[w] === 0) ready.push(w);
      }
    }
  }
  if (sequence.length !== n) throw new Error(`replay ran ${sequence.length} of ${n} tasks`);
  return { peak, sequence };
}

/** The least peak of live results over all one-worker schedules (exact; at most 24 nodes). */
export function optimalPeak(graph: CompiledGraph, outputs: readonly number[]): number {
  const n = graph.size;
  if (n > 24) throw new Error('optimalPeak: graph too large for the exhaustive search');
  const { depStart, deps, dependentStart, dependents } = graph;
  const depMask = new Int32Array(n);
  const readerMask = new Int32Array(n);
  const keep = new Uint8Array(n);
  for (const o of outputs) keep[o] = 1;
  for (let v = 0; v < n; v++) {
    for (let j = depStart[v]; j < depStart[v + 1]; j++) depMask[v] |= 1 << deps[j];
    for (let j = dependentStart[v]; j < dependentStart[v + 1]; j++) readerMask[v] |= 1 << dependents[j];
  }
  const full = n === 0 ? 0 : 2 ** n - 1;
  const best = new Uint8Array(full + 1).fill(255);
  best[0] = 0;
  for (let s = 0; s < full; s++) {
    if (best[s] === 255) continue;
    let live = 0;
    for (let v = 0; v < n; v++) {
      if (s & (1 << v) && (keep[v] || (readerMask[v] & ~s) !== 0)) live++;
    }
    const cost = Math.max(best[s], live + 1);
    for (let v = 0; v < n; v++) {
      const bit = 1 << v;
      if (!(s & bit) && (depMask[v] & s) === depMask[v]) {
        const t = s | bit;
        if (cost < best[t]) best[t] = cost;
      }
    }
  }
  return best[full];
}

/** A deterministic PRNG (mulberry32): floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * A random DAG of `n` nodes labelled `n0…`: node i reads up to `maxDeps` distinct earlier nodes, mostly
 * nearby ones (so the graph has branches and joins rather than one hub).
 */
export function randomDag(rand: () => number, n: number, maxDeps = 3): Sketch {
  const out: [string, string[]][] = [];
  for (let i = 0; i < n; i++) {
    const k = i === 0 ? 0 : Math.floor(rand() * (maxDeps + 1));
    const deps = new Set<string>();
    for (let j = 0; j < k; j++) {
      const back = 1 + Math.floor(rand() ** 2 * i);
      deps.add(`n${i - back}`);
    }
    out.push([`n${i}`, [...deps]]);
  }
  return out;
}

/** A random tree of `n` nodes labelled `t0…` (`t0` the root): each other node is read by exactly one. */
export function randomTree(rand: () => number, n: number): Sketch {
  const children: string[][] = Array.from({ length: n }, () => []);
  for (let i = 1; i < n; i++) children[Math.floor(rand() * i)].push(`t${i}`);
  // Dependencies first, so graph order is a topological order.
  const out: [string, string[]][] = [];
  for (let i = n - 1; i >= 0; i--) out.push([`t${i}`, children[i]]);
  return out;
}

/** A binary min-heap of node indices keyed by priority. */
class MinHeap {
  private readonly items: number[] = [];
  constructor(private readonly key: Int32Array) {}
  get size(): number {
    return this.items.length;
  }
  push(v: number): void {
    const a = this.items;
    let i = a.push(v) - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.key[a[p]] <= this.key[v]) break;
      a[i] = a[p];
      i = p;
    }
    a[i] = v;
  }
  pop(): number {
    const a = this.items;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= a.length) break;
        if (c + 1 < a.length && this.key[a[c + 1]] < this.key[a[c]]) c++;
        if (this.key[a[c]] >= this.key[last]) break;
        a[i] = a[c];
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}

/**
 * The least peak for a forest (every node read at most once), by the Sethi–Ullman recurrence with the
 * output counted beside the inputs: a leaf needs 1; a node whose k children need p₀ ≥ p₁ ≥ … needs
 * max(max_i(p_i + i), k + 1); the roots (outputs, kept alive) combine as max_i(p_i + i).
 */
export function forestOptimum(graph: CompiledGraph, outputs: readonly number[]): number {
  const { depStart, deps, dependentStart, topo } = graph;
  const peak = new Int32Array(graph.size);
  const combine = (ps: number[]): number => {
    ps.sort((x, y) => y - x);
    let m = 0;
    for (let i = 0; i < ps.length; i++) m = Math.max(m, ps[i] + i);
    return m;
  };
  for (const v of topo) {
    if (dependentStart[v + 1] - dependentStart[v] > 1) throw new Error('forestOptimum: not a forest');
    const ps: number[] = [];
    for (let j = depStart[v]; j < depStart[v + 1]; j++) ps.push(peak[deps[j]]);
    peak[v] = Math.max(combine(ps), ps.length + 1);
  }
  return combine(outputs.map((o) => peak[o]));
}
