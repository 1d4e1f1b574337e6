/**
 * Graph nodes on the wire: `encodeNode` (main side) turns a core GraphNode into a WireNode — the
 * function as a per-pool integer id, arguments encoded (Refs become markers); `decodeNode` (worker
 * side) rebuilds a GraphNode whose function reference points at the worker's loaded function, so
 * core's `executeNode` runs it unchanged.
 */

import type { FunctionRef, GraphNode } from '@tusk/core';
import type { WireNode } from '../protocol.js';
import { decodeValue, encodeValue, type ValueSink } from './values.js';

/** Encode `node`; `fid` gives the id of a function reference (and notes it for the batch). */
export function encodeNode(node: GraphNode, fid: (ref: FunctionRef) => number, sink: ValueSink): WireNode {
  switch (node.kind) {
    case 'task':
      return {
        k: 'task',
        key: node.key,
        f: fid(node.fn),
        a: encodeValue(node.args, sink) as unknown[],
        d: node.deps,
        r: node.hasRefs,
      };
    case 'data':
      return { k: 'data', key: node.key, v: encodeValue(node.value, sink) };
    case 'alias':
      return { k: 'alias', key: node.key, target: node.target };
    case 'fused':
      return {
        k: 'fused',
        key: node.key,
        n: node.nodes.map((n) => encodeNode(n, fid, sink)),
        d: node.deps,
        l: node.linear === true,
      };
  }
}

/** A function reference as a worker holds it: filled in once its module is imported. */
export interface WorkerFunction {
  readonly name: string;
  readonly module: string;
  readonly exportName: string;
  fn: ((...args: any[]) => unknown) | undefined;
  /** The import in progress. */
  loading: Promise<void> | undefined;
  /** Why the import failed, if it did. */
  error: unknown;
}

/** Rebuild a node; `decode` says whether arguments hold markers. */
export function decodeNode(
  wire: WireNode,
  fns: ReadonlyMap<number, WorkerFunction>,
  decode: boolean,
): GraphNode {
  switch (wire.k) {
    case 'task': {
      const fn = fns.get(wire.f);
      if (fn === undefined) throw new Error(`Worker protocol error: unknown function id ${wire.f}.`);
      const args = decode ? (decodeValue(wire.a) as unknown[]) : wire.a;
      return { kind: 'task', key: wire.key, fn, args, deps: wire.d, hasRefs: wire.r };
    }
    case 'data':
      return { kind: 'data', key: wire.key, value: decode ? decodeValue(wire.v) : wire.v, deps: [] };
    case 'alias':
      return { kind: 'alias', key: wire.key, target: wire.target, deps: [wire.target] };
    case 'fused':
      return {
        kind: 'fused',
        key: wire.key,
        nodes: wire.n.map((n) => decodeNode(n, fns, decode)),
        deps: wire.d,
        linear: wire.l,
      };
  }
}

/** The first function `node` calls that is not loaded yet (or failed to load), if any. */
export function pendingFunction(node: GraphNode): WorkerFunction | undefined {
  if (node.kind === 'task') {
    const fn = node.fn as WorkerFunction;
    return fn.fn === undefined ? fn : undefined;
  }
  if (node.kind === 'fused') {
    for (const n of node.nodes) {
      const p = pendingFunction(n);
      if (p !== undefined) return p;
    }
  }
  return undefined;
}
