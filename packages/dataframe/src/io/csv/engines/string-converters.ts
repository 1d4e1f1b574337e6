/**
 * Per-column converters from field strings (papaparse rows) into builders. Each returns false when
 * the value does not fit the column's dtype, and the engine turns that into a CsvDtypeError.
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
import { parseBoolString } from '../text-bool.js';
import { parseDateString, parseTimestampString } from '../text-datetime.js';
import { parseFloatString, parseIntString } from '../text-number.js';

/** Appends one field's value; false when it does not fit the dtype. */
export type StringConverter = (value: string) => boolean;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * The converter appending strings of `dtype` to `builder` (a builder made by newColumnBuilder(dtype)).
 *
 * @example
 * const b = new Int32Builder();
 * const put = stringConverter('int32', b, new NaMatcher(['']));
 * put('12'); // true
 * put(''); // true (null)
 * put('1.5'); // false
 */
export function stringConverter(dtype: CsvDtype, builder: AnyBuilder, na: NaMatcher): StringConverter {
  switch (dtype) {
    case 'int32': {
      const b = builder as Int32Builder;
      return (s) => {
        const v = parseIntString(s);
        if ((v | 0) === v && !(na.maybeNumericNa(v) && na.isNaString(s))) b.append(v);
        else if (na.isNaString(s)) b.appendNull();
        else return false;
        return true;
      };
    }
    case 'int64': {
      const b = builder as Int64Builder;
      return (s) => {
        const v = parseIntString(s);
        if (na.isNaString(s)) b.appendNull();
        else {
          if (Number.isSafeInteger(v)) b.append(v);
          else if (Number.isNaN(v)) return false;
          else {
            const big = BigInt(s.trim());
            if (big < INT64_MIN || big > INT64_MAX) return false;
            b.appendBigInt(big);
          }
        }
        return true;
      };
    }
    case 'float64': {
      const b = builder as Float64Builder;
      return (s) => {
        const v = parseFloatString(s);
        if (v !== undefined && !(na.maybeNumericNa(v) && na.isNaString(s))) b.append(v);
        else if (na.isNaString(s)) b.appendNull();
        else return false;
        return true;
      };
    }
    case 'bool': {
      const b = builder as BoolBuilder;
      return (s) => {
        if (na.isNaString(s)) b.appendNull();
        else {
          const v = parseBoolString(s);
          if (v < 0) return false;
          b.append(v === 1);
        }
        return true;
      };
    }
    case 'date':
    case 'timestamp': {
      const b = builder as Int32Builder | Int64Builder;
      const parse = dtype === 'date' ? parseDateString : parseTimestampString;
      return (s) => {
        if (na.isNaString(s)) b.appendNull();
        else {
          const v = parse(s);
          if (Number.isNaN(v)) return false;
          b.append(v);
        }
        return true;
      };
    }
    case 'string':
    case 'category': {
      const b = builder as Utf8Builder | DictionaryBuilder;
      return (s) => {
        if (na.isNaString(s)) b.appendNull();
        else b.appendString(s);
        return true;
      };
    }
  }
}
