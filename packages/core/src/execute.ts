/**
 * Running one graph node in the current thread, given a way to read its dependencies' values.
 * The synchronous scheduler calls this directly; worker threads and processes call it on their side.
 *
 * The result is a value, or a Promise when a function returned one (I/O-bound tasks). Functions must
 * be loaded first for portable references (`loadNodeFunctions`), so execution itself never imports.
 */

import { FunctionReferenceError, TaskError, TuskError } from './errors.js';
import { loadedFunction, loadFunction } from './function-ref.js';
import type { Key } from './key.js';
import { type GraphNode, nodeFunctionName, substitute, type Task } from './task.js';

function isPromiseLike(v: unknown): v is PromiseLike<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as any).then === 'function';
}

function callTask(node: Task, get: (key: Key) => unknown): unknown {
  const fn = loadedFunction(node.fn);
  if (fn === undefined) {
    throw new FunctionReferenceError(
      node.fn.name,
      `Function ${node.fn.name} was not loaded before running.`,
      node.key,
    );
  }
  const args = node.hasRefs ? (substitute(node.args, get) as unknown[]) : node.args;
  return fn(...args);
}

/** Run `node`; `get` returns the value of a dependency key. */
export function executeNode(node: GraphNode, get: (key: Key) => unknown): unknown {
  switch (node.kind) {
    case 'task':
      return callTask(node, get);
    case 'data':
      return node.value;
    case 'alias':
      return get(node.target);
    case 'fused':
      return node.linear
        ? runLinear(node.nodes, get, 0, undefined, undefined)
        : runFused(node.nodes, get, 0, new Map());
  }
}

/** A linear chain: only the previous inner value is ever needed, so it is the only one kept. */
function runLinear(
  nodes: readonly GraphNode[],
  get: (key: Key) => unknown,
  start: number,
  prevKey: Key | undefined,
  prevValue: unknown,
): unknown {
  let pk = prevKey;
  let pv = prevValue;
  const read = (k: Key) => (k === pk ? pv : get(k));
  for (let i = start; i < nodes.length; i++) {
    const node = nodes[i];
    let v: unknown;
    try {
      v = executeNode(node, read);
    } catch (err) {
      throw innerFailure(node, err);
    }
    if (isPromiseLike(v)) {
      return Promise.resolve(v).then(
        (value) => (i === nodes.length - 1 ? value : runLinear(nodes, get, i + 1, node.key, value)),
        (err) => {
          throw innerFailure(node, err);
        },
      );
    }
    pk = node.key;
    pv = v;
  }
  return pv;
}

/** How many inner nodes read each inner key (so values are released after their last inner reader). */
function innerReaders(nodes: readonly GraphNode[]): Map<Key, number> {
  const inner = new Set<Key>();
  for (const n of nodes) inner.add(n.key);
  const readers = new Map<Key, number>();
  for (const n of nodes) for (const d of n.deps) if (inner.has(d)) readers.set(d, (readers.get(d) ?? 0) + 1);
  return readers;
}

function runFused(
  nodes: readonly GraphNode[],
  get: (key: Key) => unknown,
  start: number,
  local: Map<Key, unknown>,
  readers: Map<Key, number> = innerReaders(nodes),
): unknown {
  const read = (k: Key) => (local.has(k) ? local.get(k) : get(k));
  for (let i = start; i < nodes.length; i++) {
    const node = nodes[i];
    let v: unknown;
    try {
      v = executeNode(node, read);
    } catch (err) {
      throw innerFailure(node, err);
    }
    if (isPromiseLike(v)) {
      return Promise.resolve(v).then(
        (value) => {
          if (i === nodes.length - 1) return value;
          release(node, local, readers);
          local.set(node.key, value);
          return runFused(nodes, get, i + 1, local, readers);
        },
        (err) => {
          throw innerFailure(node, err);
        },
      );
    }
    if (i === nodes.length - 1) return v;
    release(node, local, readers);
    local.set(node.key, v);
  }
  return undefined;
}

/** A failure inside a fused chain names the inner node that failed, not the chain (TuskErrors pass as is). */
function innerFailure(node: GraphNode, err: unknown): unknown {
  return err instanceof TuskError ? err : new TaskError(node.key, nodeFunctionName(node), err);
}

/** Drop inner values whose last inner reader (`node`) has now run. */
function release(node: GraphNode, local: Map<Key, unknown>, readers: Map<Key, number>): void {
  for (const d of node.deps) {
    const r = readers.get(d);
    if (r === undefined) continue;
    if (r <= 1) {
      readers.delete(d);
      local.delete(d);
    } else readers.set(d, r - 1);
  }
}

/** Import every portable function `node` calls that is not yet loaded (no-op for local functions). */
export function loadNodeFunctions(node: GraphNode): Promise<void> | undefined {
  if (node.kind === 'task') {
    if (loadedFunction(node.fn) !== undefined) return undefined;
    return loadFunction(node.fn).then(() => undefined);
  }
  if (node.kind === 'fused') {
    const pending = node.nodes.map(loadNodeFunctions).filter((p) => p !== undefined);
    return pending.length === 0 ? undefined : Promise.all(pending).then(() => undefined);
  }
  return undefined;
}

export { isPromiseLike };
