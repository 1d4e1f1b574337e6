/**
 * Element types of shared values and arrays: each dtype name maps to its typed-array class, its
 * JavaScript scalar type (number or bigint) and whether `Atomics` read-modify-write works on it
 * (integer types do; floats do not, so their updates go through the lock). Reference: NumPy dtype
 * names; ECMAScript `Atomics` (valid integer typed arrays).
 */

/** The element types a SharedValue or SharedArray can hold. */
export type SharedDtype =
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'float32'
  | 'float64'
  | 'bigint64'
  | 'biguint64';

/** The JavaScript scalar of a dtype: `bigint` for the 64-bit integer types, `number` otherwise. */
export type ScalarOf<D extends SharedDtype> = D extends 'bigint64' | 'biguint64' ? bigint : number;

/** The typed array of a dtype. */
export type TypedArrayOf<D extends SharedDtype> = {
  int8: Int8Array;
  uint8: Uint8Array;
  int16: Int16Array;
  uint16: Uint16Array;
  int32: Int32Array;
  uint32: Uint32Array;
  float32: Float32Array;
  float64: Float64Array;
  bigint64: BigInt64Array;
  biguint64: BigUint64Array;
}[D];

/** Any typed array a dtype maps to. */
export type SharedTypedArray = TypedArrayOf<SharedDtype>;

type TypedArrayClass = {
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): SharedTypedArray;
  readonly BYTES_PER_ELEMENT: number;
};

const CLASSES: Record<SharedDtype, TypedArrayClass> = {
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  float32: Float32Array,
  float64: Float64Array,
  bigint64: BigInt64Array,
  biguint64: BigUint64Array,
};

/**
 * The typed-array class of `dtype`; throws a TypeError naming the valid dtypes for anything else.
 *
 * @example
 * typedArrayClass('float64') === Float64Array; // true
 */
export function typedArrayClass(dtype: SharedDtype): TypedArrayClass {
  const cls = Object.hasOwn(CLASSES, dtype) ? CLASSES[dtype] : undefined;
  if (!cls) {
    throw new TypeError(
      `Unknown dtype ${JSON.stringify(dtype)}: use one of ${Object.keys(CLASSES).join(', ')}.`,
    );
  }
  return cls;
}

/**
 * The dtype of a typed array, or undefined for types without one (Uint8ClampedArray, Float16Array).
 *
 * @example
 * dtypeOf(new Int32Array(2)); // 'int32'
 */
export function dtypeOf(array: ArrayBufferView): SharedDtype | undefined {
  for (const [dtype, cls] of Object.entries(CLASSES))
    if (array.constructor === cls) return dtype as SharedDtype;
  return undefined;
}

/**
 * Whether `Atomics.add`/`sub`/`compareExchange` work on this dtype (the integer types).
 *
 * @example
 * isAtomicDtype('int32'); // true
 * isAtomicDtype('float64'); // false
 */
export function isAtomicDtype(dtype: SharedDtype): boolean {
  return !dtype.startsWith('float');
}

/**
 * Whether values of this dtype are bigints.
 *
 * @example
 * isBigDtype('bigint64'); // true
 */
export function isBigDtype(dtype: SharedDtype): boolean {
  return dtype.startsWith('big');
}
