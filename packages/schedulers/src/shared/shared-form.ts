/**
 * The plain, structured-cloneable form of a shared primitive, and the brand that marks live ones.
 *
 * A class instance loses its prototype in structured clone, so a primitive crosses to a worker as a
 * plain object `{ __tuskShared: kind, buffer, byteOffset, ...meta }` whose `buffer` is the primitive's
 * SharedArrayBuffer (shared, not copied, by `postMessage`). `codec.ts` converts both ways. Live
 * primitives are recognised by a `Symbol.for` brand rather than `instanceof`, so two copies of this
 * module (say, `src/` and `dist/` in one process) still recognise each other's primitives.
 * Reference: apache-arrow JS `Symbol.for` brand checks; the HTML structured clone algorithm.
 */

/** The kinds of shared primitive. */
export type SharedKind = 'Lock' | 'Semaphore' | 'Event' | 'Barrier' | 'SharedValue' | 'SharedArray' | 'Queue';

/** The brand that live shared primitives carry; its value is the primitive's encoder. */
export const SHARED: unique symbol = Symbol.for('tusk.shared') as any;

/**
 * A shared primitive in plain form: what crosses to a worker thread. `meta` fields depend on the kind.
 *
 * @example
 * const form = encodeShared(new Lock()) as SharedForm;
 * form.__tuskShared; // 'Lock'
 */
export interface SharedForm {
  readonly __tuskShared: SharedKind;
  readonly buffer: SharedArrayBuffer;
  readonly byteOffset: number;
  readonly [meta: string]: unknown;
}

/**
 * What every live shared primitive implements: the brand, returning its plain form.
 *
 * @example
 * const lock: SharedPrimitive = new Lock();
 * lock[SHARED]().__tuskShared; // 'Lock'
 */
export interface SharedPrimitive {
  readonly [SHARED]: () => SharedForm;
}

/**
 * Whether `v` is a live shared primitive (Lock, Semaphore, Event, Barrier, SharedValue, SharedArray, Queue).
 *
 * @example
 * isSharedPrimitive(new Event()); // true
 * isSharedPrimitive({}); // false
 */
export function isSharedPrimitive(v: unknown): v is SharedPrimitive {
  return typeof v === 'object' && v !== null && typeof (v as any)[SHARED] === 'function';
}

/**
 * Whether `v` is the plain form of a shared primitive (as produced by `encodeShared`).
 *
 * @example
 * isSharedForm(encodeShared(new Lock())); // true
 */
export function isSharedForm(v: unknown): v is SharedForm {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as any).__tuskShared === 'string' &&
    (v as any).buffer instanceof SharedArrayBuffer
  );
}

/** Check that `buffer`/`byteOffset`/`bytes` describe valid, aligned shared memory (trusted callers pass). */
export function checkMemory(
  kind: SharedKind,
  buffer: unknown,
  byteOffset: number,
  bytes: number,
  align: number,
): SharedArrayBuffer {
  if (!(buffer instanceof SharedArrayBuffer)) {
    throw new TypeError(
      `${kind}: expected a SharedArrayBuffer, got ${Object.prototype.toString.call(buffer)}.`,
    );
  }
  if (!Number.isInteger(byteOffset) || byteOffset < 0 || byteOffset % align !== 0) {
    throw new RangeError(`${kind}: byteOffset ${byteOffset} must be a non-negative multiple of ${align}.`);
  }
  if (byteOffset + bytes > buffer.byteLength) {
    throw new RangeError(
      `${kind}: needs ${bytes} bytes at offset ${byteOffset}, but the buffer has ${buffer.byteLength}.`,
    );
  }
  return buffer;
}
