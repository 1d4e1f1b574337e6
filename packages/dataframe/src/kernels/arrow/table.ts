/**
 * Tables as the kernels see them: a schema plus one chunk (`Data`) per column.
 *
 * Kernels take any Arrow Table; `columnsOf` hands them one chunk per column, concatenating only when
 * the table has several record batches (a partition straight from the CSV reader has one). Every
 * kernel returns a table of exactly one record batch built by `makeTable` — so outputs stay cheap to
 * index and to send as IPC. Zero-row tables also carry one (empty) batch, which keeps their schema
 * through IPC. `emptyTable(schema)` is the "meta" of a partition: running any kernel on it yields the
 * output schema without data.
 */

import {
  Data,
  type DataType,
  Dictionary,
  Field,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  Type,
} from 'apache-arrow';
import { ColumnNotFoundError, InvalidArgumentError } from '../../expr/errors.js';
import { concatData, emptyData } from './concat.js';

/**
 * One chunk per column of `table` (chunks of multi-batch tables are concatenated).
 *
 * @example
 * const [x, y] = columnsOf(table);
 */
export function columnsOf(table: Table): Data[] {
  const fields = table.schema.fields;
  if (table.batches.length === 1)
    return fields.map((f, i) => asData(table.batches[0].data.children[i], f.type));
  return fields.map((f, i) =>
    concatData(
      table.batches.map((b) => asData(b.data.children[i], f.type)),
      f.type,
    ),
  );
}

/**
 * A batch child as a Data. (Arrow's `new Table({ col: emptyVector })` stores a Vector where a Data
 * belongs; treat it — and anything else that is not Data — by its chunks.)
 */
function asData(child: unknown, type: DataType): Data {
  if (Data.isData(child)) return child;
  const chunks = (child as { data?: Data[] } | undefined)?.data;
  return Array.isArray(chunks) && chunks.every((c) => Data.isData(c))
    ? concatData(chunks, type)
    : emptyData(type);
}

/**
 * A one-batch table from fields and one chunk per field (all of the same length).
 *
 * @example
 * makeTable([new Field('x', new Int32(), true)], [data]).numRows; // data.length
 */
export function makeTable(
  fields: readonly Field[],
  columns: readonly Data[],
  metadata?: Map<string, string>,
): Table {
  // a field's type is its chunk's type (dictionary ids and index widths can change in concatenation)
  fields = fields.map((f, i) =>
    columns[i] && columns[i].type !== f.type ? new Field(f.name, columns[i].type, f.nullable, f.metadata) : f,
  );
  [fields, columns] = uniqueDictionaryIds(fields, columns);
  const schema = new Schema(fields as Field[], metadata);
  const length = columns.length ? columns[0].length : 0;
  for (let i = 0; i < columns.length; i++) {
    if (columns[i].length !== length) {
      throw new InvalidArgumentError(
        `makeTable: column '${fields[i].name}' has ${columns[i].length} rows, expected ${length}.`,
      );
    }
  }
  const struct = makeData({
    type: new Struct(schema.fields),
    length,
    nullCount: 0,
    children: columns as Data[],
  });
  return new Table(schema, [new RecordBatch(schema, struct)]);
}

/**
 * Give every dictionary column its own dictionary id (Arrow refuses a schema where two fields share an
 * id with different dictionaries — which happens when an expression copies a category column, or when
 * a join puts side by side columns of tables made in different threads, whose id counters overlap).
 * A repeated id is replaced by one that no field of the table uses.
 */
function uniqueDictionaryIds(fields: readonly Field[], columns: readonly Data[]): [Field[], Data[]] {
  const used = new Set<number>();
  for (const f of fields) if (f.type.typeId === Type.Dictionary) used.add((f.type as Dictionary).id);
  const seen = new Set<number>();
  let next = 0;
  let outFields: Field[] | null = null;
  let outCols: Data[] | null = null;
  for (let i = 0; i < fields.length; i++) {
    const t = fields[i].type;
    if (t.typeId !== Type.Dictionary) continue;
    const id = (t as Dictionary).id;
    if (!seen.has(id)) {
      seen.add(id);
      continue;
    }
    const d = t as Dictionary;
    while (used.has(next)) next++;
    used.add(next);
    const fresh = new Dictionary(d.dictionary, d.indices, next, d.isOrdered);
    seen.add(fresh.id);
    outFields ??= [...fields];
    outCols ??= [...columns];
    outFields[i] = new Field(fields[i].name, fresh, fields[i].nullable, fields[i].metadata);
    if (columns[i]) outCols[i] = columns[i].clone(fresh);
  }
  return [outFields ?? (fields as Field[]), outCols ?? (columns as Data[])];
}

/**
 * A zero-row, one-batch table with `schema` (a partition's "meta").
 *
 * @example
 * emptyTable(table.schema).numRows; // 0
 */
export function emptyTable(schema: Schema): Table {
  return makeTable(
    schema.fields,
    schema.fields.map((f) => emptyData(f.type)),
    schema.metadata,
  );
}

/**
 * A nullable field.
 *
 * @example
 * field('x', new Float64()).nullable; // true
 */
export function field(name: string, type: DataType): Field {
  return new Field(name, type, true);
}

/**
 * Index of column `name` in `schema`, or a ColumnNotFoundError listing the columns.
 *
 * @example
 * columnIndex(table.schema, 'x', 'filter'); // 0
 */
export function columnIndex(schema: Schema, name: string, context?: string): number {
  const fields = schema.fields;
  for (let i = 0; i < fields.length; i++) if (fields[i].name === name) return i;
  throw new ColumnNotFoundError(
    name,
    fields.map((f) => f.name),
    context,
  );
}

/**
 * Normalize a column list argument (a name or names) and check every name exists.
 *
 * @example
 * columnList(table.schema, 'x', 'groupby'); // ['x']
 */
export function columnList(
  schema: Schema,
  names: string | readonly string[] | undefined,
  context: string,
): string[] {
  if (names === undefined) return schema.fields.map((f) => f.name);
  const list = typeof names === 'string' ? [names] : [...names];
  for (const n of list) {
    if (typeof n !== 'string')
      throw new InvalidArgumentError(`${context}: column names must be strings, got ${typeof n}.`);
    columnIndex(schema, n, context);
  }
  return list;
}
