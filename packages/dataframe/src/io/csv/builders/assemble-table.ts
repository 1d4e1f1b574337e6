/**
 * From a CsvSchema to builders, and from filled builders to the Arrow Table a partition returns:
 * one RecordBatch whose columns are the builders' Data (made with `makeData`), plus the optional
 * path column — a one-entry dictionary whose indices are all 0.
 */

import { type Data, makeData, makeVector, RecordBatch, Struct, Table, Utf8 } from 'apache-arrow';
import { type CsvSchema, toArrowSchema } from '../csv-schema.js';
import type { CsvDtype } from '../options.js';
import { BoolBuilder } from './bool-builder.js';
import { DictionaryBuilder } from './dictionary-builder.js';
import { Float64Builder } from './float64-builder.js';
import { Int32Builder } from './int32-builder.js';
import { Int64Builder } from './int64-builder.js';
import { Utf8Builder } from './utf8-builder.js';

/** Any column builder. */
export type AnyBuilder =
  | Int32Builder
  | Int64Builder
  | Float64Builder
  | BoolBuilder
  | Utf8Builder
  | DictionaryBuilder;

/**
 * A fresh builder for a dtype.
 *
 * @example
 * newColumnBuilder('date') instanceof Int32Builder; // true (DateDay stores Int32 days)
 */
export function newColumnBuilder(dtype: CsvDtype): AnyBuilder {
  switch (dtype) {
    case 'int32':
    case 'date':
      return new Int32Builder();
    case 'int64':
    case 'timestamp':
      return new Int64Builder();
    case 'float64':
      return new Float64Builder();
    case 'bool':
      return new BoolBuilder();
    case 'string':
      return new Utf8Builder();
    case 'category':
      return new DictionaryBuilder();
  }
}

/**
 * The table of `rows` rows made of `builders` (one per selected column, in schema order) and, when
 * the schema has a path column, `path` repeated.
 *
 * @example
 * const schema = { names: ['a'], fieldCount: 1, pathColumn: 'path',
 *   columns: [{ name: 'a', index: 0, dtype: 'int32' as const, inferred: true }] };
 * const b = new Int32Builder();
 * b.append(1);
 * assembleTable(schema, [b], 1, 'x.csv').toArray()[0].toJSON(); // { a: 1, path: 'x.csv' }
 */
export function assembleTable(
  schema: CsvSchema,
  builders: readonly AnyBuilder[],
  rows: number,
  path: string,
): Table {
  const arrowSchema = toArrowSchema(schema);
  const children: Data[] = builders.map((b, i) => b.finish(arrowSchema.fields[i].type as never));
  if (schema.pathColumn !== null) {
    const dict = new Utf8Builder();
    dict.appendString(path);
    children.push(
      makeData({
        type: arrowSchema.fields[children.length].type,
        length: rows,
        nullCount: 0,
        data: new Int32Array(rows),
        dictionary: makeVector(dict.finish(new Utf8())),
      }),
    );
  }
  const struct = makeData({ type: new Struct(arrowSchema.fields), length: rows, nullCount: 0, children });
  return new Table([new RecordBatch(arrowSchema, struct)]);
}
