/**
 * Dtypes of @tusk/array and the rules that decide the dtype of every result.
 *
 * A block's data is a typed array: float64 → Float64Array, float32 → Float32Array, int32/int16/int8 →
 * Int32Array/Int16Array/Int8Array, uint8/uint16/uint32 → Uint8Array/Uint16Array/Uint32Array, and bool →
 * Uint8Array holding 0 or 1. There is no 64-bit integer dtype (typed arrays would need BigInt).
 *
 * Promotion of two arrays (`promoteTypes`), following NumPy's table where it can:
 *   - the same dtype gives that dtype; bool with anything gives the other dtype;
 *   - two signed (or two unsigned) integers give the wider one;
 *   - unsigned with signed gives the smallest signed integer holding both (uint8+int8 → int16,
 *     uint16+int16 → int32); uint32 with any signed integer gives float64 (NumPy: int64);
 *   - an integer with float32 gives float32 when the integer has at most 16 bits, else float64;
 *     float32 with float64 gives float64.
 * A JS number combined with an array is "weak" (NumPy 2, NEP 50): it takes the array's dtype, except
 * that a non-integer number with an integer or bool array gives float64, and an integer number with a
 * bool array gives int32 (`resultWithScalar`).
 *
 * Operation rules (see ops/elementwise.ts): `div` of integers or bools gives float64; the float
 * functions (sqrt exp log sin cos tan tanh, and floor ceil round of integers) keep float32 and give
 * float64 for everything else; comparisons give bool; neg/abs keep the dtype (neg of bool is refused).
 * Integer results wrap around as the typed array stores them (C semantics, as NumPy). Reductions:
 * sum/prod/cumsum/cumprod of integers or bools accumulate and return float64 (no int64); mean/std/var
 * keep float32 and give float64 otherwise; min/max keep the dtype; argmin/argmax give int32; any/all bool.
 */

/** The element types an array can have. */
export type DType =
  | 'float64'
  | 'float32'
  | 'int32'
  | 'int16'
  | 'int8'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'bool';

/** A typed array of any dtype. */
export type TypedArray =
  | Float64Array
  | Float32Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint8Array
  | Uint16Array
  | Uint32Array;

type TypedArrayConstructor = {
  new (length: number): TypedArray;
  new (buffer: ArrayBufferLike, byteOffset?: number, length?: number): TypedArray;
  readonly BYTES_PER_ELEMENT: number;
};

const CONSTRUCTORS: Readonly<Record<DType, TypedArrayConstructor>> = {
  float64: Float64Array,
  float32: Float32Array,
  int32: Int32Array,
  int16: Int16Array,
  int8: Int8Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
  uint32: Uint32Array,
  bool: Uint8Array,
};

/** All dtype names. */
export const DTYPES: readonly DType[] = Object.keys(CONSTRUCTORS) as DType[];

/** Is `v` a dtype name? */
export function isDType(v: unknown): v is DType {
  return typeof v === 'string' && Object.hasOwn(CONSTRUCTORS, v);
}

/** The typed-array class of `dtype`. */
export function arrayClass(dtype: DType): TypedArrayConstructor {
  return CONSTRUCTORS[dtype];
}

/** Arrays of at least this many bytes are allocated in shared memory (see `allocate`). */
export const SHARED_BYTES = 1 << 20;

const canShare = typeof SharedArrayBuffer === 'function';

/**
 * A zero-filled typed array of `dtype`. Large ones live in a SharedArrayBuffer, so a block made on a
 * worker thread goes back to the scheduler and on to the next worker without a copy (each is written
 * once by the task that makes it and only read afterwards; message passing orders the accesses).
 */
export function allocate(dtype: DType, length: number): TypedArray {
  const C = CONSTRUCTORS[dtype];
  const bytes = length * C.BYTES_PER_ELEMENT;
  if (canShare && bytes >= SHARED_BYTES) return new C(new SharedArrayBuffer(bytes), 0, length);
  return new C(length);
}

let scratchSlot: number | undefined;
const scratch = new Map<string, TypedArray>();
const SCRATCH_ENTRIES = 16;

/**
 * Run `fn` with scratch slot `slot` armed: the first `allocateOutput` call inside takes a buffer
 * kept for that slot (and that length) from earlier calls instead of fresh memory. Fresh memory costs
 * a page fault per 4 KiB on first touch, more than generating or summing the values; scratch memory
 * is already touched. Only for values a single consumer reads and drops (graph/fuse-scratch.ts).
 */
export function inScratch<T>(slot: number, fn: () => T): T {
  const prev = scratchSlot;
  scratchSlot = slot;
  try {
    return fn();
  } finally {
    scratchSlot = prev;
  }
}

/**
 * An array the caller overwrites completely (its contents are undefined): scratch memory when a slot
 * is armed (see `inScratch`), else `allocate`.
 */
export function allocateOutput(dtype: DType, length: number): TypedArray {
  if (scratchSlot === undefined) return allocate(dtype, length);
  const id = `${scratchSlot}:${dtype}:${length}`;
  scratchSlot = undefined;
  let a = scratch.get(id);
  if (a === undefined) {
    if (scratch.size >= SCRATCH_ENTRIES) scratch.clear();
    a = new CONSTRUCTORS[dtype](length);
    scratch.set(id, a);
  }
  return a;
}

/** Bytes per element. */
export function itemsize(dtype: DType): number {
  return CONSTRUCTORS[dtype].BYTES_PER_ELEMENT;
}

/** The dtype a typed array stands for (Uint8Array reads as uint8). */
export function dtypeOfTypedArray(a: ArrayBufferView): DType | undefined {
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Int32Array) return 'int32';
  if (a instanceof Int16Array) return 'int16';
  if (a instanceof Int8Array) return 'int8';
  if (a instanceof Uint8Array) return 'uint8';
  if (a instanceof Uint16Array) return 'uint16';
  if (a instanceof Uint32Array) return 'uint32';
  return undefined;
}

export function isFloat(d: DType): boolean {
  return d === 'float64' || d === 'float32';
}

export function isSignedInt(d: DType): boolean {
  return d === 'int32' || d === 'int16' || d === 'int8';
}

export function isUnsignedInt(d: DType): boolean {
  return d === 'uint8' || d === 'uint16' || d === 'uint32';
}

export function isInteger(d: DType): boolean {
  return isSignedInt(d) || isUnsignedInt(d);
}

function bits(d: DType): number {
  return itemsize(d) * 8;
}

function signedOfBits(b: number): DType {
  return b <= 8 ? 'int8' : b <= 16 ? 'int16' : b <= 32 ? 'int32' : 'float64';
}

/**
 * The dtype of a binary operation's result on arrays of dtypes `a` and `b` (rules in the header).
 *
 * @example
 * promoteTypes('uint8', 'int8'); // 'int16'
 * promoteTypes('int32', 'float32'); // 'float64'
 */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  if (a === 'bool') return b;
  if (b === 'bool') return a;
  if (isFloat(a) || isFloat(b)) {
    if (a === 'float64' || b === 'float64') return 'float64';
    const other = a === 'float32' ? b : a;
    return bits(other) <= 16 ? 'float32' : 'float64';
  }
  if (isSignedInt(a) === isSignedInt(b)) return bits(a) >= bits(b) ? a : b;
  const [u, s] = isUnsignedInt(a) ? [a, b] : [b, a];
  return signedOfBits(Math.max(bits(s), bits(u) * 2));
}

/**
 * The dtype of an operation between an array of dtype `d` and the JS number `x` (a weak scalar).
 *
 * @example
 * resultWithScalar('int8', 3); // 'int8'
 * resultWithScalar('int8', 0.5); // 'float64'
 */
export function resultWithScalar(d: DType, x: number | boolean): DType {
  if (typeof x === 'boolean') return d;
  if (isFloat(d)) return d;
  if (!Number.isInteger(x)) return 'float64';
  return d === 'bool' ? 'int32' : d;
}

/** The dtype a JS value standing alone would have (number → float64 or int32, boolean → bool). */
export function scalarDType(x: number | boolean): DType {
  if (typeof x === 'boolean') return 'bool';
  return Number.isInteger(x) && Math.abs(x) < 2 ** 31 ? 'int32' : 'float64';
}

/** The dtype of sqrt/exp/log/... of `d`: float32 stays, everything else float64. */
export function floatResult(d: DType): DType {
  return d === 'float32' ? 'float32' : 'float64';
}

/** The dtype sum/prod accumulate to: floats keep theirs, integers and bools float64. */
export function sumResult(d: DType): DType {
  return isFloat(d) ? d : 'float64';
}
