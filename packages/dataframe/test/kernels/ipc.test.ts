import { Table } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { emptyTable } from '../../src/kernels/arrow/table.js';
import { tableFromIpcBytes, tableToIpc } from '../../src/kernels/ipc.js';
import { multiBatch, rowsOf, tableOf, typeNames } from './helpers.js';

const types = {
  i: 'int32',
  l: 'int64',
  f: 'float64',
  b: 'bool',
  s: 'string',
  c: 'category',
  d: 'date',
  ts: 'timestamp[ms]',
} as const;
const rows = [
  { i: 1, l: 2 ** 40, f: 1.5, b: true, s: 'é', c: 'a', d: Date.UTC(2020, 0, 1), ts: 123 },
  { i: null, l: null, f: null, b: null, s: null, c: null, d: null, ts: null },
];

describe('IPC codec', () => {
  it('round-trips every column type with nulls', () => {
    const t = tableOf(rows, types);
    const bytes = tableToIpc(t);
    expect(bytes).toBeInstanceOf(Uint8Array);
    const back = tableFromIpcBytes(bytes);
    expect(rowsOf(back)).toEqual(rows);
    expect(typeNames(back)).toEqual(typeNames(t));
  });

  it('keeps the schema of an empty table', () => {
    const t = tableOf(rows, types);
    const back = tableFromIpcBytes(tableToIpc(emptyTable(t.schema)));
    expect(back.numRows).toBe(0);
    expect(typeNames(back)).toEqual(typeNames(t));
    expect(tableFromIpcBytes(tableToIpc(new Table(t.schema))).schema.names).toEqual(t.schema.names);
  });

  it('writes batches with different dictionaries (which Arrow JS cannot) as one unified batch', () => {
    const a = tableOf([{ c: 'x' }, { c: 'y' }], { c: 'category' });
    const b = tableOf([{ c: 'z' }, { c: 'x' }], { c: 'category' });
    const both = multiBatch([a, b]);
    expect(both.batches.length).toBe(2);
    const back = tableFromIpcBytes(tableToIpc(both));
    expect(rowsOf(back)).toEqual([{ c: 'x' }, { c: 'y' }, { c: 'z' }, { c: 'x' }]);
  });
});

describe('IPC with shared memory', () => {
  it('writes columns that share buffers or dictionaries (Arrow JS would drop bytes)', async () => {
    const { assign } = await import('../../src/kernels/assign.js');
    const { col } = await import('../../src/expr/builder.js');
    const t = tableOf(rows, types);
    const copies = assign(t, { f2: col('f'), c2: col('c'), s2: col('s'), l2: col('l') });
    const back = tableFromIpcBytes(tableToIpc(copies));
    expect(rowsOf(back)).toEqual(rows.map((x) => ({ ...x, f2: x.f, c2: x.c, s2: x.s, l2: x.l })));
    // a table read from IPC (all buffers in one ArrayBuffer) goes back out unchanged
    const again = tableFromIpcBytes(tableToIpc(back));
    expect(rowsOf(again)).toEqual(rowsOf(back));
  });
});
