/**
 * The task spec: the one format every part of Tusk reads.
 *
 * A graph maps keys to immutable nodes; each node lists its dependencies, computed once when the node
 * is built:
 *   - `task`:  call `fn(...args)`. Arguments are literals, `Ref`s to other keys, and plain arrays or
 *              objects nesting either; `hasRefs` says whether any Ref is inside, so literal arguments
 *              are passed as they are without a walk;
 *   - `data`:  a value already known (a persisted result, an inlined constant);
 *   - `alias`: the value of another key;
 *   - `fused`: a chain of nodes run as one task; the inner nodes refer to each other by key and the last
 *              one produces the fused node's key.
 * Only plain arrays (`Array.isArray`) and plain objects (prototype `Object.prototype` or `null`) are
 * walked for references; typed arrays, Dates, class instances and the like are literals.
 */

import { type FunctionRef, functionRef } from './function-ref.js';
import type { Key } from './key.js';
import { TOKENIZE } from './tokenize.js';

const REF_BRAND = Symbol.for('tusk.ref');

/** A reference to the value of another key, placed inside a task's arguments. */
export class Ref {
  readonly [REF_BRAND] = true;
  constructor(readonly key: Key) {}
  [TOKENIZE](): unknown {
    return ['ref', this.key];
  }
  toString(): string {
    return `Ref(${this.key})`;
  }
}

/** Is `v` a Ref (brand check, safe across module copies)? */
export function isRef(v: unknown): v is Ref {
  return typeof v === 'object' && v !== null && (v as any)[REF_BRAND] === true;
}

export interface Task {
  readonly kind: 'task';
  readonly key: Key;
  readonly fn: FunctionRef;
  readonly args: readonly unknown[];
  readonly deps: readonly Key[];
  readonly hasRefs: boolean;
}

export interface DataNode {
  readonly kind: 'data';
  readonly key: Key;
  readonly value: unknown;
  readonly deps: readonly Key[];
}

export interface Alias {
  readonly kind: 'alias';
  readonly key: Key;
  readonly target: Key;
  readonly deps: readonly Key[];
}

export interface Fused {
  readonly kind: 'fused';
  readonly key: Key;
  /** Inner nodes in execution order; the last one produces `key`. */
  readonly nodes: readonly GraphNode[];
  /** Keys from outside the fused chain that it reads. */
  readonly deps: readonly Key[];
  /** Each inner node reads the one before it and no other inner node (values pass straight along). */
  readonly linear?: boolean;
}

export type GraphNode = Task | DataNode | Alias | Fused;

const NO_DEPS: readonly Key[] = Object.freeze([]);

/** Is `v` a plain object or array that may hold Refs? */
export function isPlainContainer(v: unknown): v is unknown[] | Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) return true;
  const p = Object.getPrototypeOf(v);
  return (p === Object.prototype || p === null) && !(REF_BRAND in v);
}

/** Collect the keys of all Refs inside `v` into `out`; return whether any was found. */
export function collectRefs(v: unknown, out: Set<Key>): boolean {
  if (typeof v !== 'object' || v === null) return false;
  if (isRef(v)) {
    out.add(v.key);
    return true;
  }
  let found = false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (collectRefs(v[i], out)) found = true;
  } else if (isPlainContainer(v)) {
    for (const k in v) if (collectRefs((v as Record<string, unknown>)[k], out)) found = true;
  }
  return found;
}

/**
 * Build a task node. `fn` is a function (recorded by reference, see function-ref.ts) or a FunctionRef.
 *
 * @example
 * const t = task('inc-1', (x: number) => x + 1, [new Ref('x-1')]);
 * t.deps; // ['x-1']
 */
export function task(key: Key, fn: FunctionRef | ((...a: any[]) => unknown), args: readonly unknown[]): Task {
  const ref = typeof fn === 'function' ? functionRef(fn) : fn;
  let deps: readonly Key[] = NO_DEPS;
  let hasRefs = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (typeof a === 'object' && a !== null) {
      const set = new Set<Key>();
      for (let j = i; j < args.length; j++) collectRefs(args[j], set);
      hasRefs = set.size > 0;
      deps = hasRefs ? [...set] : NO_DEPS;
      break;
    }
  }
  return { kind: 'task', key, fn: ref, args, deps, hasRefs };
}

/** A node holding a known value. */
export function dataNode(key: Key, value: unknown): DataNode {
  return { kind: 'data', key, value, deps: NO_DEPS };
}

/** A node whose value is the value of `target`. */
export function alias(key: Key, target: Key): Alias {
  return { kind: 'alias', key, target, deps: [target] };
}

/** A chain of nodes run as one; `deps` are the keys read from outside the chain. */
export function fused(key: Key, nodes: readonly GraphNode[]): Fused {
  // Linear chains (each node reads only the one before it among the inner nodes) are the common case
  // and run without any bookkeeping; detect them first without building the inner key set.
  let linear = nodes.length > 0;
  const inner = new Set<Key>();
  for (const n of nodes) inner.add(n.key);
  const deps = new Set<Key>();
  for (let i = 0; i < nodes.length; i++) {
    const prev = i > 0 ? nodes[i - 1].key : undefined;
    let readsPrev = i === 0;
    for (const d of nodes[i].deps) {
      if (!inner.has(d)) deps.add(d);
      else if (d === prev) readsPrev = true;
      else linear = false;
    }
    if (!readsPrev) linear = false;
  }
  return { kind: 'fused', key, nodes, deps: [...deps], linear };
}

/** Replace every Ref inside `v` by `get(ref.key)`; containers without Refs are returned as they are. */
export function substitute(v: unknown, get: (key: Key) => unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (isRef(v)) return get(v.key);
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      const y = substitute(x, get);
      if (y !== x && out === undefined) out = v.slice(0, i);
      if (out !== undefined) out.push(y);
    }
    return out ?? v;
  }
  if (isPlainContainer(v)) {
    let out: Record<string, unknown> | undefined;
    for (const k in v) {
      const x = (v as Record<string, unknown>)[k];
      const y = substitute(x, get);
      if (y !== x && out === undefined) out = { ...(v as Record<string, unknown>) };
      if (out !== undefined) out[k] = y;
    }
    return out ?? v;
  }
  return v;
}

/** The function name a node reports in errors and profiles. */
export function nodeFunctionName(node: GraphNode): string {
  switch (node.kind) {
    case 'task':
      return node.fn.name;
    case 'fused':
      return node.nodes.map(nodeFunctionName).join('+');
    case 'alias':
      return 'alias';
    default:
      return 'data';
  }
}
