/**
 * Tables as parts (the form they take to and from worker threads): through a structured clone that
 * transfers their buffers, every column layout comes back with the same rows as the source rows
 * (nulls, strings, categories, dates, int64, sliced chunks, several batches, no rows); a slice of a
 * large table travels in buffers of its own size; a table whose chunks do not have its schema's
 * types is refused (it goes as IPC bytes).
 */

import { Field, Int32, RecordBatch, Schema, Table } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { type TableParts, tableFromParts, tableToParts } from '../../../src/kernels/arrow/parts.js';
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

  it('a table whose chunks do not have exactly its schema’s types is refused', () => {
    const t = tableOf([{ x: 1 }, { x: 2 }], { x: 'int32' });
    const other = new Schema([new Field('x', new Int32(), true)]);
    const mixed = new Table(other, [new RecordBatch(t.schema, t.batches[0].data)]);
    expect(mixed.batches[0].data.children[0].type).not.toBe(mixed.schema.fields[0].type);
    expect(tableToParts(mixed)).toBeUndefined();
  });
});
