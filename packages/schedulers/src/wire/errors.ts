/**
 * Errors across the worker boundary. A worker turns whatever a task threw into a WireError (name,
 * message, the worker-side stack, cloneable own fields such as `code`, and its cause); the main
 * side rebuilds an Error with the same name, message and stack, which the scheduler loop then wraps
 * in a TaskError carrying the key and function name. A TaskError raised in the worker (core names
 * the inner task of a fused chain that failed) is rebuilt as a TaskError, so it keeps that key.
 */

import { TaskError } from '@tusk/core';
import type { WireError } from '../protocol.js';

/** How deep `cause` chains are followed. */
const MAX_CAUSES = 4;

function cloneable(v: unknown): boolean {
  const t = typeof v;
  return (
    v === null || t === 'string' || t === 'number' || t === 'boolean' || t === 'bigint' || t === 'undefined'
  );
}

/** Describe a thrown value for the trip to the main side. */
export function serializeError(err: unknown, depth = 0): WireError {
  if (err instanceof Error) {
    let fields: Record<string, unknown> | undefined;
    for (const k of Object.keys(err)) {
      const v = (err as unknown as Record<string, unknown>)[k];
      if (k !== 'name' && k !== 'message' && k !== 'stack' && cloneable(v)) {
        fields ??= {};
        fields[k] = v;
      }
    }
    const cause =
      err.cause instanceof Error && depth < MAX_CAUSES ? serializeError(err.cause, depth + 1) : undefined;
    return { name: err.name, message: err.message, stack: err.stack, fields, cause };
  }
  let message: string;
  try {
    message = typeof err === 'string' ? err : (JSON.stringify(err) ?? String(err));
  } catch {
    message = String(err);
  }
  return {
    name: 'Error',
    message: `A non-Error value was thrown: ${message}`,
    stack: undefined,
    fields: undefined,
  };
}

/** Rebuild a thrown error on the main side (`worker` is added as a non-enumerable field). */
export function deserializeError(wire: WireError, worker: string): Error {
  const cause = wire.cause === undefined ? undefined : deserializeError(wire.cause, worker);
  const fields = wire.fields;
  if (
    wire.name === 'TaskError' &&
    typeof fields?.key === 'string' &&
    typeof fields.functionName === 'string'
  ) {
    return new TaskError(fields.key, fields.functionName, cause, worker);
  }
  const err = new Error(wire.message, cause === undefined ? undefined : { cause });
  err.name = wire.name;
  err.stack = wire.stack ?? `${wire.name}: ${wire.message}\n    at <${worker}>`;
  if (fields) Object.assign(err, fields);
  Object.defineProperty(err, 'worker', { value: worker, enumerable: false });
  return err;
}
