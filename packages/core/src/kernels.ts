/**
 * Core kernels: the small built-in functions core graphs call (field access, building a structure
 * out of computed parts). They are exported by this module and referenced by its URL, so every
 * scheduler — workers included — can run them.
 */

import { defineTasks, functionRef } from './function-ref.js';

/** `obj[field]`. */
export function getitem(obj: unknown, field: string | number): unknown {
  if (obj === null || obj === undefined) {
    throw new TypeError(`Cannot read field ${JSON.stringify(field)} of ${obj}.`);
  }
  if (typeof field === 'number' && field < 0 && typeof (obj as any).at === 'function')
    return (obj as any).at(field);
  return (obj as any)[field];
}

/** The argument itself (builds a structure whose Refs have been replaced by values). */
export function identity<T>(x: T): T {
  return x;
}

defineTasks(import.meta.url, { getitem, identity });
// Both only select or pass on values they are given: the scheduler runs them in its own thread.
functionRef(getitem, { module: import.meta.url, cheap: true });
functionRef(identity, { module: import.meta.url, cheap: true });
