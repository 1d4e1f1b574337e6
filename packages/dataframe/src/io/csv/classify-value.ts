/**
 * Type inference for one column: classify each sampled (non-missing) string, then join the classes in
 * a small lattice — bool | int32 ⊂ int64 ⊂ float64 | date ⊂ timestamp | string — and finally choose
 * between 'string' and 'category' by the sample's distinct ratio. Also `suggestDtype`: the dtype that
 * would hold a value a later partition found, for the error message's `dtypes: {...}` hint.
 */

import type { CsvDtype } from './options.js';
import { parseBoolString } from './text-bool.js';
import { parseDateString, parseTimestampString, timestampShape } from './text-datetime.js';
import { parseFloatString, parseIntString } from './text-number.js';

/** The narrowest class a single value belongs to. */
export type ValueClass = 'bool' | 'int32' | 'int64' | 'float64' | 'date' | 'timestamp' | 'string';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Is the integer text `s` (already known to match the integer grammar) within int64?
 *
 * @example
 * fitsInt64('9223372036854775808'); // false
 */
export function fitsInt64(s: string): boolean {
  const b = BigInt(s.trim());
  return b >= INT64_MIN && b <= INT64_MAX;
}

/**
 * The narrowest class of one non-missing value.
 *
 * @example
 * classifyValue('12'); // 'int32'
 * classifyValue('3000000000'); // 'int64'
 * classifyValue('2024-01-02'); // 'date'
 * classifyValue('x'); // 'string'
 */
export function classifyValue(s: string): ValueClass {
  const i = parseIntString(s);
  if (!Number.isNaN(i)) {
    if (i >= INT32_MIN && i <= INT32_MAX) return 'int32';
    return fitsInt64(s) ? 'int64' : 'float64';
  }
  if (parseFloatString(s) !== undefined) return 'float64';
  if (parseBoolString(s) >= 0) return 'bool';
  if (!Number.isNaN(parseDateString(s))) return 'date';
  if (!Number.isNaN(parseTimestampString(s))) return 'timestamp';
  return 'string';
}

const NUMERIC_RANK: Partial<Record<ValueClass, number>> = { int32: 1, int64: 2, float64: 3 };

/**
 * Join two classes: the narrowest class holding both.
 *
 * @example
 * joinClass('int32', 'float64'); // 'float64'
 * joinClass('date', 'timestamp'); // 'timestamp'
 * joinClass('bool', 'int32'); // 'string'
 */
export function joinClass(a: ValueClass, b: ValueClass): ValueClass {
  if (a === b) return a;
  const ra = NUMERIC_RANK[a];
  const rb = NUMERIC_RANK[b];
  if (ra !== undefined && rb !== undefined) return ra > rb ? a : b;
  if ((a === 'date' && b === 'timestamp') || (a === 'timestamp' && b === 'date')) return 'timestamp';
  return 'string';
}

/** What column inference needs besides the values. */
export interface InferColumnOptions {
  readonly assumeMissing: boolean;
  readonly parseDates: boolean;
  readonly categoryThreshold: number;
}

/**
 * Infer a column's dtype from its sampled non-missing values; an empty sample gives 'string'
 * (anything can be read as a string later, so no partition can contradict it).
 *
 * @example
 * inferColumnDtype(['1', '2', '2'], { assumeMissing: false, parseDates: true, categoryThreshold: 0.5 });
 * // { dtype: 'int32', timezone: null }
 * inferColumnDtype(['a', 'b', 'a', 'a'], { assumeMissing: false, parseDates: true, categoryThreshold: 0.5 });
 * // { dtype: 'category', timezone: null }
 */
export function inferColumnDtype(
  values: readonly string[],
  options: InferColumnOptions,
): { dtype: CsvDtype; timezone: string | null } {
  if (values.length === 0) return { dtype: 'string', timezone: null };
  let cls: ValueClass | undefined;
  for (const v of values) {
    const c = classifyValue(v);
    cls = cls === undefined ? c : joinClass(cls, c);
    if (cls === 'string') break;
  }
  if ((cls === 'date' || cls === 'timestamp') && !options.parseDates) cls = 'string';
  if (cls === 'int32' || cls === 'int64')
    return { dtype: options.assumeMissing ? 'float64' : cls, timezone: null };
  if (cls === 'timestamp') {
    const offset = values.some((v) => timestampShape(v).offset);
    return { dtype: 'timestamp', timezone: offset ? 'UTC' : null };
  }
  if (cls !== 'string') return { dtype: cls as CsvDtype, timezone: null };
  const distinct = new Set(values).size;
  return {
    dtype: distinct <= options.categoryThreshold * values.length ? 'category' : 'string',
    timezone: null,
  };
}

/**
 * The dtype to suggest when `value` does not fit `dtype` (the widest class holding both).
 *
 * @example
 * suggestDtype('int32', '3.5'); // 'float64'
 * suggestDtype('int32', '3000000000'); // 'int64'
 * suggestDtype('date', '2024-01-01T10:00'); // 'timestamp'
 * suggestDtype('float64', 'abc'); // 'string'
 */
export function suggestDtype(dtype: CsvDtype, value: string): CsvDtype {
  const own: ValueClass = dtype === 'category' ? 'string' : dtype === 'bool' ? 'bool' : (dtype as ValueClass);
  const joined = joinClass(own, classifyValue(value));
  return joined === 'string' ? 'string' : (joined as CsvDtype);
}
