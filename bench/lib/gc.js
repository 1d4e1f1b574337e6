/**
 * A full garbage collection between samples (never inside a timed region), so one sample does not pay
 * for the garbage of the previous one. `node --expose-gc` is not needed: the flag is switched on at
 * run time and `gc` is fetched from a fresh context (the documented V8 behaviour for
 * `--expose-gc` set after start-up).
 */

import v8 from 'node:v8';
import vm from 'node:vm';

let gcFn = globalThis.gc;
if (typeof gcFn !== 'function') {
  v8.setFlagsFromString('--expose-gc');
  gcFn = vm.runInNewContext('gc');
}

/** Run a full collection (a no-op if the runtime refuses to expose gc). */
export function collectGarbage() {
  if (typeof gcFn === 'function') gcFn();
}
