/**
 * The schema of a CSV dataset as plain data (so graphs can carry it to workers): the file's column
 * names and field count, the selected columns with their dtypes, and the optional path column.
 * `toArrowSchema` maps it to the Apache Arrow schema every partition has exactly.
 */

import {
  Bool as ArrowBool,
  type DataType,
  DateDay,
  Dictionary,
  Field,
  Float64,
  Int32,
  Int64,
  Schema,
  TimestampMillisecond,
  Utf8,
} from 'apache-arrow';
import type { CsvDtype } from './options.js';

/** One selected column. */
export interface CsvColumn {
  readonly name: string;
  /** 0-based position of the field in each row of the file. */
  readonly index: number;
  readonly dtype: CsvDtype;
  /** Was the dtype inferred from the sample (false: given in `dtypes`)? Used in error messages. */
  readonly inferred: boolean;
  /** Timestamps only: `'UTC'` when sampled values carried an offset or `Z`, else null (naive). */
  readonly timezone?: string | null;
}

/** What `inferSchema` returns and `readCsvBlock` produces. */
export interface CsvSchema {
  /** Names of all fields of the file, in file order. */
  readonly names: readonly string[];
  /** Number of fields in every well-formed row. */
  readonly fieldCount: number;
  /** Selected columns, in output order. */
  readonly columns: readonly CsvColumn[];
  /** Name of the path column appended last, or null. */
  readonly pathColumn: string | null;
}

/**
 * The Arrow type of a dtype.
 *
 * @example
 * String(arrowType('category')); // 'Dictionary<Int32, Utf8>'
 */
export function arrowType(dtype: CsvDtype, timezone: string | null = null, dictionaryId?: number): DataType {
  switch (dtype) {
    case 'int32':
      return new Int32();
    case 'int64':
      return new Int64();
    case 'float64':
      return new Float64();
    case 'bool':
      return new ArrowBool();
    case 'string':
      return new Utf8();
    case 'category':
      return new Dictionary(new Utf8(), new Int32(), dictionaryId);
    case 'date':
      return new DateDay();
    case 'timestamp':
      return new TimestampMillisecond(timezone);
  }
}

/**
 * The Arrow schema of the tables `readCsvBlock` returns for `schema` (all fields nullable). Dictionary
 * ids are the field positions, so every partition's schema is identical.
 *
 * @example
 * const s = toArrowSchema({ names: ['a'], fieldCount: 1, pathColumn: null,
 *   columns: [{ name: 'a', index: 0, dtype: 'int32', inferred: true }] });
 * s.fields[0].name; // 'a'
 */
export function toArrowSchema(schema: CsvSchema): Schema {
  const fields = schema.columns.map(
    (c, i) => new Field(c.name, arrowType(c.dtype, c.timezone ?? null, i), true),
  );
  if (schema.pathColumn !== null) {
    fields.push(new Field(schema.pathColumn, arrowType('category', null, fields.length), false));
  }
  return new Schema(fields);
}
