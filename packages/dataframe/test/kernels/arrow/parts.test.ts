/**
 * Tables as parts (the form they take to and from worker threads): through a structured clone that
 * transfers their buffers, every column layout comes back with the same rows as the source rows
 * (nulls, strings, categories, dates, int64, sliced chunks, several batches, no rows); a slice of a
 * large table travels in buffers of its own size; chunks whose types are equal objects to the
 * schema's (as the CSV reader makes a dictionary's value type) travel too, a table read from a CSV
 * file among them; a table whose chunks' types differ from its schema's is refused (it goes as IPC
 * bytes).
 */

import {
  Dictionary,
  Field,
  Int16,
  Int32,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  Utf8,
  Vector,
} from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { inferSchema, planCsv, readCsvBlock } from '../../../src/io/csv/index.js';
import { type TableParts, tableFromParts, tableToParts } from '../../../src/kernels/arrow/parts.js';
import { makeTable } from '../../../src/kernels/arrow/table.js';
import { copyData } from '../../../src/kernels/ipc.js';
import { tempDir } from '../../io/csv/helpers.js';
import { rowsOf, tableOf } from '../helpers.js';
import { layoutRows, layoutTypes } from './layouts.js';

const types = layoutTypes;
const rows = layoutRows(41);

/** What the wire does: a structured clone that moves every buffer of the parts. */
function travel(parts: TableParts): TableParts {
  const buffers = new Set<ArrayBuffer>();
  const walk = (v: unknown): void => {
    if (ArrayBuffer.isView(v)) buffers.add(v.buffer as ArrayBuffer);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(parts);
  return structuredClone(parts, { transfer: [...buffers] });
}

describe('tableToParts / tableFromParts', () => {
  it('every layout comes back with the source rows, from a slice and from several batches too', () => {
    const whole = tableOf(rows, types);
    expect(rowsOf(tableFromParts(travel(tableToParts(whole)!)))).toEqual(rows);
    const slice = tableOf(rows, types).slice(5, 29);
    expect(rowsOf(tableFromParts(travel(tableToParts(slice)!)))).toEqual(rows.slice(5, 29));
    // (travel moved whole's buffers away: the table is made again.)
    const again = tableOf(rows, types);
    const two = new Table(again.schema, [again.batches[0].slice(0, 20), again.batches[0].slice(20)]);
    const back = tableFromParts(travel(tableToParts(two)!));
    expect(back.batches.length).toBe(2);
    expect(rowsOf(back)).toEqual(rows);
    const empty = tableOf([], types);
    const none = tableFromParts(travel(tableToParts(empty)!));
    expect(none.numRows).toBe(0);
    expect(none.schema.fields.map((f) => String(f.type))).toEqual(
      empty.schema.fields.map((f) => String(f.type)),
    );
  });

  it('a slice of a large table travels in buffers of its own size', () => {
    const big = tableOf(
      Array.from({ length: 100_000 }, (_, i) => ({ x: i / 7, s: `v${i}` })),
      { x: 'float64', s: 'string' },
    );
    const parts = tableToParts(big.slice(50_000, 50_010))!;
    let bytes = 0;
    const walk = (v: unknown): void => {
      if (ArrayBuffer.isView(v)) bytes += v.buffer.byteLength;
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v !== null && typeof v === 'object' && !(v === parts.s)) Object.values(v).forEach(walk);
    };
    walk(parts.b);
    // 10 floats, 11 offsets and ~60 bytes of text (+ validity), not the 100,000 rows' megabytes.
    expect(bytes).toBeLessThan(1000);
    expect(rowsOf(tableFromParts(travel(parts)))).toEqual(
      Array.from({ length: 10 }, (_, k) => ({ x: (50_000 + k) / 7, s: `v${50_000 + k}` })),
    );
  });

  it('chunks whose types equal the schema’s but are other objects travel as parts', () => {
    // A dictionary column whose dictionary chunk has its own Utf8 object, as the CSV reader makes it.
    const words = tableOf([{ s: 'a' }, { s: 'bc' }], { s: 'string' }).batches[0].data.children[0];
    const dictData = makeData({
      type: new Utf8(),
      length: 2,
      nullCount: 0,
      valueOffsets: words.valueOffsets,
      data: words.values,
    });
    const type = new Dictionary(new Utf8(), new Int32());
    expect(dictData.type).not.toBe(type.dictionary);
    const keys = makeData({
      type,
      length: 3,
      nullCount: 0,
      data: Int32Array.of(1, 0, 1),
      dictionary: new Vector([dictData]),
    });
    const schema = new Schema([new Field('s', type, true), new Field('x', new Int32(), true)]);
    const x = makeData({ type: new Int32(), length: 3, nullCount: 0, data: Int32Array.of(7, 8, 9) });
    const t = new Table(schema, [
      new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: 3, children: [keys, x] })),
    ]);
    expect(t.batches[0].data.children[1].type).not.toBe(schema.fields[1].type);
    const parts = tableToParts(t);
    expect(parts).toBeDefined();
    expect(rowsOf(tableFromParts(travel(parts!)))).toEqual([
      { s: 'bc', x: 7 },
      { s: 'a', x: 8 },
      { s: 'bc', x: 9 },
    ]);
  });

  it('tables of the same fields share their schema bytes, and differing metadata is kept apart', () => {
    // Pieces of one table, as a shuffle makes them: fresh buffers, the source's Field objects.
    const source = tableOf([{ x: 1 }, { x: 2 }], { x: 'int32' });
    const make = (k: string) =>
      makeTable(source.schema.fields, [copyData(source.batches[0].data.children[0])], new Map([['k', k]]));
    const [a, b, c] = [make('a'), make('a'), make('c')];
    expect(a.schema).not.toBe(b.schema);
    const [pa, pb, pc] = [a, b, c].map((x) => tableToParts(x)!);
    expect(pb.s).toBe(pa.s);
    expect(pc.s).not.toBe(pa.s);
    // travel moves the shared schema bytes away too; the next table gets them made again.
    expect(tableFromParts(travel(pa)).schema.metadata.get('k')).toBe('a');
    const again = tableToParts(make('a'))!;
    expect(again.s.byteLength).toBeGreaterThan(0);
    expect(rowsOf(tableFromParts(travel(again)))).toEqual([{ x: 1 }, { x: 2 }]);
    expect(tableFromParts(travel(pc)).schema.metadata.get('k')).toBe('c');
  });

  it('a table read from a CSV file, categories included, travels as parts', async () => {
    const tmp = tempDir();
    try {
      const path = tmp.write('t.csv', 'k,x\nb,1.5\na,2\nb,\n');
      const opts = { dtypes: { k: 'category' as const } };
      const schema = await inferSchema(path, opts);
      const table = await readCsvBlock({ ...planCsv(path).blocks[0], schema, options: opts });
      const parts = tableToParts(table);
      expect(parts).toBeDefined();
      expect(rowsOf(tableFromParts(travel(parts!)))).toEqual([
        { k: 'b', x: 1.5 },
        { k: 'a', x: 2 },
        { k: 'b', x: null },
      ]);
    } finally {
      tmp.cleanup();
    }
  });

  it('a table whose chunks’ types differ from its schema’s is refused', () => {
    const t = tableOf([{ x: 1 }, { x: 2 }], { x: 'int32' });
    const other = new Schema([new Field('x', new Int16(), true)]);
    const mixed = new Table(other, [new RecordBatch(other, t.batches[0].data)]);
    expect(String(mixed.batches[0].data.children[0].type)).toBe('Int32');
    expect(tableToParts(mixed)).toBeUndefined();
  });
});
