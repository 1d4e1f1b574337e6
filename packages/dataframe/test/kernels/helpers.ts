/**
 * Test helpers: build Arrow tables from row objects with Arrow's own builders (independent of the
 * kernels under test), read tables back as plain rows, and a seeded random generator.
 */

import {
  Bool,
  type DataType,
  DateDay,
  Dictionary,
  Float32,
  Float64,
  Int8,
  Int16,
  Int32,
  Int64,
  makeData,
  RecordBatch,
  Struct,
  Table,
  TimestampMillisecond,
  TimestampSecond,
  Type,
  Uint8,
  Uint32,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';

/** Column types the helpers can build. */
export type TestType =
  | 'bool'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint8'
  | 'uint32'
  | 'float32'
  | 'float64'
  | 'string'
  | 'category'
  | 'date'
  | 'timestamp[ms]'
  | 'timestamp[s]';

function typeOf(t: TestType): DataType {
  switch (t) {
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
    case 'uint32':
      return new Uint32();
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
    case 'timestamp[ms]':
      return new TimestampMillisecond();
    case 'timestamp[s]':
      return new TimestampSecond();
  }
}

/** A row: column name → value (dates/timestamps as epoch ms numbers or Dates; int64 as numbers). */
export type Row = Record<string, unknown>;

/**
 * A table from row objects; `types` fixes each column's Arrow type (and the column order).
 */
export function tableOf(rows: readonly Row[], types: Record<string, TestType>): Table {
  const cols: Record<string, ReturnType<typeof vectorFromArray>> = {};
  for (const [name, t] of Object.entries(types)) {
    const values = rows.map((r) => {
      const v = r[name];
      if (v === undefined || v === null) return null;
      if (t === 'int64') return BigInt(v as number);
      if (t === 'date' || t.startsWith('timestamp')) return v instanceof Date ? v : new Date(v as number);
      return v;
    });
    cols[name] = vectorFromArray(values as unknown[], typeOf(t) as never);
  }
  return new Table(cols);
}

/** Plain value of an Arrow value: bigint → number, dictionary/strings as strings. */
export function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.getTime();
  return v ?? null;
}

/** The rows of a table as plain objects (dates and timestamps as epoch ms). */
export function rowsOf(table: Table): Row[] {
  const out: Row[] = [];
  const names = table.schema.fields.map((f) => f.name);
  const cols = names.map((n) => table.getChild(n)!);
  for (let i = 0; i < table.numRows; i++) {
    const r: Row = {};
    names.forEach((n, k) => {
      r[n] = plain(cols[k].get(i));
    });
    out.push(r);
  }
  return out;
}

/** Values of one column as plain values. */
export function columnOf(table: Table, name: string): unknown[] {
  return rowsOf(table).map((r) => r[name]);
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pick from a list. */
export function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

/** Arrow type names of a table's columns (for meta comparisons). */
export function typeNames(table: Table): string[] {
  return table.schema.fields.map(
    (f) => `${f.name}:${f.type.typeId === Type.Dictionary ? 'Dictionary<Utf8>' : String(f.type)}`,
  );
}

/**
 * One table holding the record batches of `tables` (same column names and dtypes) under the first
 * table's schema — e.g. batches whose dictionaries differ, as a stream reader can produce.
 */
export function multiBatch(tables: readonly Table[]): Table {
  const schema = tables[0].schema;
  const batches = tables.flatMap((t) =>
    t.batches.map(
      (b) =>
        new RecordBatch(
          schema,
          makeData({
            type: new Struct(schema.fields),
            length: b.numRows,
            nullCount: 0,
            children: b.data.children.map((c, i) => c.clone(schema.fields[i].type)),
          }),
        ),
    ),
  );
  return new Table(schema, batches);
}
