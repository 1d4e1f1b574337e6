/**
 * Dtypes: the small, plain-string names Tusk uses for Arrow column types, and the promotion rules.
 *
 * A dtype is a string (`'int32'`, `'float64'`, `'string'`, `'category'`, `'timestamp[ms]'`, ...), so it
 * crosses to workers as plain data inside expressions and kernel arguments. `dtypeOf` maps an Arrow
 * DataType to its dtype; `arrowType` maps back (`'category'` is `Dictionary<Int32, Utf8>`, `'date'` is
 * DateDay, `'timestamp[ms]'` is TimestampMillisecond).
 *
 * Promotion (used by arithmetic, `fillNull` and joins), chosen to be predictable and data-independent:
 *   - bool in arithmetic counts as int8 (true = 1);
 *   - int ∘ int (add, sub, mul, mod) → the wider int; signed ∘ unsigned → a signed int wide enough for
 *     both (int64 at most). The result is computed exactly in float64 and an out-of-range result throws
 *     an OverflowError naming the operation (cast to 'int64' or 'float64' first) — no silent wrap-around.
 *   - any float involved → float64; `div` is true division and always gives float64 (like pandas `/`).
 *   - int64/uint64 values are handled as JavaScript numbers: exact up to 2^53, rounded beyond.
 * Reference: NumPy/pandas type promotion; DuckDB's overflow errors for integer arithmetic.
 */

import {
  Bool,
  type DataType,
  DateDay,
  DateMillisecond,
  Dictionary,
  Float32,
  Float64,
  Int8,
  Int16,
  Int32,
  Int64,
  Null,
  TimestampMicrosecond,
  TimestampMillisecond,
  TimestampNanosecond,
  TimestampSecond,
  Type,
  Uint8,
  Uint16,
  Uint32,
  Uint64,
  Utf8,
} from 'apache-arrow';
import { DTypeError } from './errors.js';

/** A column type by name. `'category'` is a dictionary-encoded string column. */
export type DType =
  | 'null'
  | 'bool'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'float32'
  | 'float64'
  | 'string'
  | 'category'
  | 'date'
  | 'date[ms]'
  | 'timestamp[s]'
  | 'timestamp[ms]'
  | 'timestamp[us]'
  | 'timestamp[ns]';

/** Every dtype name, for validation and messages. */
export const DTYPES: readonly DType[] = [
  'null',
  'bool',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'float32',
  'float64',
  'string',
  'category',
  'date',
  'date[ms]',
  'timestamp[s]',
  'timestamp[ms]',
  'timestamp[us]',
  'timestamp[ns]',
];

const INT_RANGES: Record<string, [number, number]> = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
  int64: [-(2 ** 63), 2 ** 63],
  uint8: [0, 255],
  uint16: [0, 65535],
  uint32: [0, 4294967295],
  uint64: [0, 2 ** 64],
  bool: [0, 1],
};

/** Is `s` a dtype name? */
export function isDType(s: unknown): s is DType {
  return typeof s === 'string' && (DTYPES as readonly string[]).includes(s);
}

/** Throw a DTypeError unless `s` is a dtype name. */
export function checkDType(s: unknown, context: string): DType {
  if (!isDType(s)) {
    throw new DTypeError(
      `${context}: unknown dtype ${JSON.stringify(s)}; expected one of ${DTYPES.join(', ')}.`,
    );
  }
  return s;
}

/** Integer dtypes (not bool). */
export function isInteger(d: DType): boolean {
  return d in INT_RANGES && d !== 'bool';
}

/** Float dtypes. */
export function isFloat(d: DType): boolean {
  return d === 'float32' || d === 'float64';
}

/** Integers and floats. */
export function isNumeric(d: DType): boolean {
  return isInteger(d) || isFloat(d);
}

/** string or category. */
export function isStringLike(d: DType): boolean {
  return d === 'string' || d === 'category';
}

/** date, date[ms] and timestamps. */
export function isTemporal(d: DType): boolean {
  return d === 'date' || d === 'date[ms]' || d.startsWith('timestamp');
}

/** Dtypes whose values are read as JavaScript numbers (numeric, bool, temporal). */
export function isNumberLike(d: DType): boolean {
  return isNumeric(d) || d === 'bool' || isTemporal(d);
}

/** Dtypes stored as 64-bit integers in Arrow (read as doubles, written back through int32 pairs). */
export function is64Bit(d: DType): boolean {
  return d === 'int64' || d === 'uint64' || d === 'date[ms]' || d.startsWith('timestamp');
}

/** [min, max] of an integer dtype (bool counts as [0, 1]). */
export function intRange(d: DType): [number, number] {
  const r = INT_RANGES[d];
  if (!r) throw new DTypeError(`${d} is not an integer dtype.`);
  return r;
}

/** Milliseconds per unit of a temporal dtype (days for 'date'). */
export function msPerUnit(d: DType): number {
  switch (d) {
    case 'date':
      return 86_400_000;
    case 'date[ms]':
    case 'timestamp[ms]':
      return 1;
    case 'timestamp[s]':
      return 1000;
    case 'timestamp[us]':
      return 1e-3;
    case 'timestamp[ns]':
      return 1e-6;
    default:
      throw new DTypeError(`${d} is not a date or timestamp dtype.`);
  }
}

/**
 * The dtype of an Arrow DataType, or undefined when Tusk has no name for it (lists, structs, ...).
 *
 * @example
 * dtypeOf(new Int32()); // 'int32'
 * dtypeOf(new Dictionary(new Utf8(), new Int32())); // 'category'
 */
export function dtypeOf(type: DataType): DType | undefined {
  switch (type.typeId) {
    case Type.Null:
      return 'null';
    case Type.Bool:
      return 'bool';
    case Type.Int: {
      const t = type as unknown as { bitWidth: number; isSigned: boolean };
      return `${t.isSigned ? 'int' : 'uint'}${t.bitWidth}` as DType;
    }
    case Type.Float: {
      const p = (type as unknown as { precision: number }).precision;
      return p === 1 ? 'float32' : p === 2 ? 'float64' : undefined;
    }
    case Type.Utf8:
    case Type.LargeUtf8:
      return 'string';
    case Type.Dictionary: {
      const v = (type as Dictionary).dictionary;
      return v.typeId === Type.Utf8 || v.typeId === Type.LargeUtf8 ? 'category' : undefined;
    }
    case Type.Date:
      return (type as unknown as { unit: number }).unit === 0 ? 'date' : 'date[ms]';
    case Type.Timestamp:
      return (['timestamp[s]', 'timestamp[ms]', 'timestamp[us]', 'timestamp[ns]'] as const)[
        (type as unknown as { unit: number }).unit
      ];
    default:
      return undefined;
  }
}

/** Like dtypeOf, but throws a DTypeError naming the column when the type is not supported. */
export function requireDType(type: DataType, column: string): DType {
  const d = dtypeOf(type);
  if (d === undefined) {
    throw new DTypeError(
      `Column '${column}' has Arrow type ${type} which Tusk expressions do not support; ` +
        `supported dtypes: ${DTYPES.join(', ')}.`,
      column,
    );
  }
  return d;
}

/**
 * A fresh Arrow DataType for a dtype.
 *
 * @example
 * arrowType('float64').toString(); // 'Float64'
 */
export function arrowType(d: DType): DataType {
  switch (d) {
    case 'null':
      return new Null();
    case 'bool':
      return new Bool();
    case 'int8':
      return new Int8();
    case 'int16':
      return new Int16();
    case 'int32':
      return new Int32();
    case 'int64':
      return new Int64();
    case 'uint8':
      return new Uint8();
    case 'uint16':
      return new Uint16();
    case 'uint32':
      return new Uint32();
    case 'uint64':
      return new Uint64();
    case 'float32':
      return new Float32();
    case 'float64':
      return new Float64();
    case 'string':
      return new Utf8();
    case 'category':
      return new Dictionary(new Utf8(), new Int32());
    case 'date':
      return new DateDay();
    case 'date[ms]':
      return new DateMillisecond();
    case 'timestamp[s]':
      return new TimestampSecond();
    case 'timestamp[ms]':
      return new TimestampMillisecond();
    case 'timestamp[us]':
      return new TimestampMicrosecond();
    case 'timestamp[ns]':
      return new TimestampNanosecond();
  }
}

const SIGNED = ['int8', 'int16', 'int32', 'int64'] as const;
const WIDTH: Record<string, number> = {
  bool: 8,
  int8: 8,
  int16: 16,
  int32: 32,
  int64: 64,
  uint8: 8,
  uint16: 16,
  uint32: 32,
  uint64: 64,
};

/**
 * The result dtype of integer arithmetic (add, sub, mul, mod) on two integer (or bool) dtypes.
 *
 * @example
 * promoteInts('int32', 'int8'); // 'int32'
 * promoteInts('int32', 'uint32'); // 'int64'
 */
export function promoteInts(a: DType, b: DType): DType {
  const ua = a.startsWith('uint');
  const ub = b.startsWith('uint');
  const wa = WIDTH[a];
  const wb = WIDTH[b];
  if (ua && ub) return `uint${Math.max(wa, wb)}` as DType;
  if (!ua && !ub) return `int${Math.max(wa, wb)}` as DType;
  // signed with unsigned: the signed type must be wider than the unsigned one
  const uw = ua ? wa : wb;
  const sw = ua ? wb : wa;
  const w = Math.min(64, Math.max(sw, uw * 2));
  return SIGNED.find((s) => WIDTH[s] >= w) ?? 'int64';
}

/**
 * The result dtype of `a ∘ b` for add/sub/mul/mod on number-like dtypes (bool counts as int8).
 *
 * @example
 * promoteArith('int32', 'float32'); // 'float64'
 */
export function promoteArith(a: DType, b: DType): DType {
  if (isFloat(a) || isFloat(b)) return 'float64';
  return promoteInts(a === 'bool' ? 'int8' : a, b === 'bool' ? 'int8' : b);
}

/**
 * The common dtype two values can be put into (for `fillNull`, coalesced join keys, concatenation of a
 * literal with a column), or undefined when there is none.
 *
 * @example
 * commonType('int32', 'float64'); // 'float64'
 * commonType('category', 'string'); // 'string'
 */
export function commonType(a: DType, b: DType): DType | undefined {
  if (a === b) return a;
  if (a === 'null') return b;
  if (b === 'null') return a;
  if (isNumeric(a) && isNumeric(b)) return promoteArith(a, b);
  if (isStringLike(a) && isStringLike(b)) return 'string';
  if (isTemporal(a) && isTemporal(b)) return 'timestamp[ms]';
  return undefined;
}
