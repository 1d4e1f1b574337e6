/**
 * Moving shared primitives across thread and process boundaries: the codec the worker protocol calls.
 *
 * `encodeShared` replaces every live primitive inside a value with its plain form (a structured-
 * cloneable `{ __tuskShared: kind, buffer, ... }` whose SharedArrayBuffer `postMessage` shares rather
 * than copies); `reviveShared` does the reverse on the receiving thread, attaching a new primitive
 * object to the same memory. Both walk arrays, plain objects, Maps and Sets (cycles included), leave
 * everything else (typed arrays, class instances, primitives) as is, and return the value itself —
 * no copy — when there is nothing to convert, which is the common case. `assertNoShared` is for the
 * processes side: no memory is shared between processes, so a primitive found on its way to a child
 * process is a `SharedMemoryUnavailableError` naming where it was, rather than a lock that silently
 * synchronises nothing. Reference: piscina's `Transferable` markers; the HTML structured clone algorithm.
 */

import { TuskError } from '@tusk/core';
import { Barrier } from './barrier.js';
import { SharedMemoryUnavailableError } from './errors.js';
import { Event } from './event.js';
import { Lock } from './lock.js';
import { Queue } from './queue.js';
import { Semaphore } from './semaphore.js';
import { SharedArray } from './shared-array.js';
import {
  isSharedForm,
  isSharedPrimitive,
  SHARED,
  type SharedForm,
  type SharedKind,
  type SharedPrimitive,
} from './shared-form.js';
import { SharedValue } from './shared-value.js';

const REVIVERS: Record<SharedKind, (form: SharedForm) => SharedPrimitive> = {
  Lock: (f) => Lock.fromShared(f),
  Semaphore: (f) => Semaphore.fromShared(f),
  Event: (f) => Event.fromShared(f),
  Barrier: (f) => Barrier.fromShared(f),
  SharedValue: (f) => SharedValue.fromShared(f),
  SharedArray: (f) => SharedArray.fromShared(f),
  Queue: (f) => Queue.fromShared(f),
};

function isPlainObject(v: object): v is Record<string, unknown> {
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/** Whether `value` holds anything `match` accepts, looking inside arrays, plain objects, Maps and Sets. */
function contains(value: unknown, match: (v: object) => boolean, seen = new Set<object>()): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (match(value)) return true;
  if (seen.has(value)) return false;
  seen.add(value);
  if (Array.isArray(value)) return value.some((v) => contains(v, match, seen));
  if (value instanceof Map) {
    for (const [k, v] of value) if (contains(k, match, seen) || contains(v, match, seen)) return true;
    return false;
  }
  if (value instanceof Set) {
    for (const v of value) if (contains(v, match, seen)) return true;
    return false;
  }
  if (isPlainObject(value)) {
    for (const k in value) if (contains(value[k], match, seen)) return true;
  }
  return false;
}

/** Copy the containers of `value`, replacing what `match` accepts by `convert` (cycles preserved). */
function rebuild(
  value: unknown,
  match: (v: object) => boolean,
  convert: (v: object) => unknown,
  done = new Map<object, unknown>(),
): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (match(value)) return convert(value);
  const prior = done.get(value);
  if (prior !== undefined) return prior;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    done.set(value, out);
    for (let i = 0; i < value.length; i++) out[i] = rebuild(value[i], match, convert, done);
    return out;
  }
  if (value instanceof Map) {
    const out = new Map();
    done.set(value, out);
    for (const [k, v] of value) out.set(rebuild(k, match, convert, done), rebuild(v, match, convert, done));
    return out;
  }
  if (value instanceof Set) {
    const out = new Set();
    done.set(value, out);
    for (const v of value) out.add(rebuild(v, match, convert, done));
    return out;
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = Object.create(Object.getPrototypeOf(value));
    done.set(value, out);
    for (const k in value) out[k] = rebuild(value[k], match, convert, done);
    return out;
  }
  return value;
}

/**
 * Replace the shared primitives inside `value` by their plain, structured-cloneable forms, ready for
 * `worker.postMessage` (call it on task arguments before sending them to a worker thread, and on
 * results before sending them back). Returns `value` itself when it holds no primitive.
 *
 * @example
 * const lock = new Lock();
 * worker.postMessage({ args: encodeShared([lock, 42]) });
 * // in the worker: const [lock, n] = reviveShared(msg.args);
 */
export function encodeShared<T>(value: T): unknown {
  if (!contains(value, isSharedPrimitive)) return value;
  return rebuild(value, isSharedPrimitive, (p) => (p as SharedPrimitive)[SHARED]());
}

/**
 * Replace the plain forms inside `value` (as made by `encodeShared`, after `postMessage`) by live
 * primitives attached to the same shared memory. Returns `value` itself when it holds no form.
 *
 * @example
 * parentPort.on('message', (msg) => {
 *   const [lock, n] = reviveShared(msg.args) as [Lock, number];
 * });
 */
export function reviveShared<T = unknown>(value: unknown): T {
  if (!contains(value, isSharedForm)) return value as T;
  return rebuild(value, isSharedForm, (f) => reviveForm(f as SharedForm)) as T;
}

function reviveForm(form: SharedForm): SharedPrimitive {
  const revive = Object.hasOwn(REVIVERS, form.__tuskShared) ? REVIVERS[form.__tuskShared] : undefined;
  if (!revive) {
    throw new TuskError(
      `Cannot revive a shared primitive of unknown kind '${form.__tuskShared}': the sending and receiving ` +
        'threads run different versions of @tusk/schedulers.',
    );
  }
  return revive(form);
}

/**
 * The shared primitives as one value codec, in the shape of the worker protocol's codec registry
 * (`name`, `module`, `test`, `encode`, `decode`): an alternative to calling `encodeShared` /
 * `reviveShared` on whole messages, for a protocol that already walks every value once. Threads only:
 * the processes side must still call `assertNoShared`, since a codec cannot tell where a value goes.
 *
 * @example
 * sharedCodec.test(new Lock()); // true
 * const lock = sharedCodec.decode(structuredClone(sharedCodec.encode(new Lock())));
 */
export const sharedCodec = {
  name: 'tusk-shared',
  module: import.meta.url,
  test: (value: unknown): value is SharedPrimitive => isSharedPrimitive(value),
  encode: (value: SharedPrimitive): SharedForm => value[SHARED](),
  decode: (form: SharedForm): SharedPrimitive => reviveForm(form),
} as const;

function isAnyShared(v: object): boolean {
  return isSharedPrimitive(v) || isSharedForm(v);
}

function kindOf(v: object): string {
  return isSharedPrimitive(v) ? v[SHARED]().__tuskShared : (v as SharedForm).__tuskShared;
}

/** Find the first primitive or form inside `value`; return its kind and path, or undefined. */
function findShared(
  value: unknown,
  path: string,
  seen: Set<object>,
): { kind: string; path: string } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (isAnyShared(value)) return { kind: kindOf(value), path };
  if (seen.has(value)) return undefined;
  seen.add(value);
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [`[${i}]`, v])
    : value instanceof Map
      ? [...value].map(([k, v]) => [`.get(${typeof k === 'string' ? JSON.stringify(k) : String(k)})`, v])
      : value instanceof Set
        ? [...value].map((v) => ['{…}', v])
        : isPlainObject(value)
          ? Object.keys(value).map((k) => [
              /^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`,
              value[k],
            ])
          : [];
  for (const [step, v] of entries) {
    const found = findShared(v, path + step, seen);
    if (found) return found;
  }
  return undefined;
}

/**
 * Throw `SharedMemoryUnavailableError` if `value` holds a shared primitive (live or in plain form)
 * anywhere inside arrays, plain objects, Maps or Sets. The processes side calls it on task arguments
 * and results before they cross to another process; `where` says what the value is, for the message.
 *
 * @example
 * assertNoShared(task.args, `the arguments of task '${task.key}'`);
 */
export function assertNoShared(value: unknown, where: string): void {
  if (!contains(value, isAnyShared)) return; // the common case, without building paths
  const found = findShared(value, '', new Set());
  if (found) throw new SharedMemoryUnavailableError(found.kind, where, found.path);
}
