/**
 * Per-column converters from byte ranges (fast engine) into builders, with the same grammar as the
 * string converters: numbers, booleans and dates are parsed from the bytes; strings are copied as
 * UTF-8; categories are looked up by bytes. Returns false when the value does not fit the dtype.
 */

import type { AnyBuilder } from '../builders/assemble-table.js';
import type { BoolBuilder } from '../builders/bool-builder.js';
import type { DictionaryBuilder } from '../builders/dictionary-builder.js';
import type { Float64Builder } from '../builders/float64-builder.js';
import type { Int32Builder } from '../builders/int32-builder.js';
import type { Int64Builder } from '../builders/int64-builder.js';
import type { Utf8Builder } from '../builders/utf8-builder.js';
import type { NaMatcher } from '../na-values.js';
import type { CsvDtype } from '../options.js';
import { parseBoolBytes } from '../text-bool.js';
import { parseDateBytes, parseTimestampBytes } from '../text-datetime.js';
import { parseFloatBytes, parseIntBytes } from '../text-number.js';

/** Appends the value in `bytes[start, end)`; false when it does not fit the dtype. */
export type ByteConverter = (bytes: Uint8Array, start: number, end: number) => boolean;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

/**
 * The converter appending byte ranges of `dtype` to `builder` (made by newColumnBuilder(dtype)).
 *
 * @example
 * const b = new Float64Builder();
 * const put = byteConverter('float64', b, new NaMatcher(['']));
 * put(new TextEncoder().encode('2.5'), 0, 3); // true
 */
export function byteConverter(dtype: CsvDtype, builder: AnyBuilder, na: NaMatcher): ByteConverter {
  switch (dtype) {
    case 'int32': {
      const b = builder as Int32Builder;
      return (bytes, start, end) => {
        const v = parseIntBytes(bytes, start, end);
        if ((v | 0) === v && !(na.maybeNumericNa(v) && na.isNaBytes(bytes, start, end))) b.append(v);
        else if (na.isNaBytes(bytes, start, end)) b.appendNull();
        else return false;
        return true;
      };
    }
    case 'int64': {
      const b = builder as Int64Builder;
      return (bytes, start, end) => {
        if (na.isNaBytes(bytes, start, end)) {
          b.appendNull();
          return true;
        }
        const v = parseIntBytes(bytes, start, end);
        if (Number.isSafeInteger(v)) b.append(v);
        else if (Number.isNaN(v)) return false;
        else {
          const big = BigInt(latin1(bytes, start, end).trim());
          if (big < INT64_MIN || big > INT64_MAX) return false;
          b.appendBigInt(big);
        }
        return true;
      };
    }
    case 'float64': {
      const b = builder as Float64Builder;
      return (bytes, start, end) => {
        const v = parseFloatBytes(bytes, start, end);
        if (v !== undefined && !(na.maybeNumericNa(v) && na.isNaBytes(bytes, start, end))) b.append(v);
        else if (na.isNaBytes(bytes, start, end)) b.appendNull();
        else return false;
        return true;
      };
    }
    case 'bool': {
      const b = builder as BoolBuilder;
      return (bytes, start, end) => {
        if (na.isNaBytes(bytes, start, end)) b.appendNull();
        else {
          const v = parseBoolBytes(bytes, start, end);
          if (v < 0) return false;
          b.append(v === 1);
        }
        return true;
      };
    }
    case 'date':
    case 'timestamp': {
      const b = builder as Int32Builder | Int64Builder;
      const parse = dtype === 'date' ? parseDateBytes : parseTimestampBytes;
      return (bytes, start, end) => {
        if (na.isNaBytes(bytes, start, end)) b.appendNull();
        else {
          const v = parse(bytes, start, end);
          if (Number.isNaN(v)) return false;
          b.append(v);
        }
        return true;
      };
    }
    case 'string':
    case 'category': {
      const b = builder as Utf8Builder | DictionaryBuilder;
      return (bytes, start, end) => {
        if (na.isNaBytes(bytes, start, end)) b.appendNull();
        else b.appendBytes(bytes, start, end);
        return true;
      };
    }
  }
}
