import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, SchemaMismatchError } from '../../src/expr/errors.js';
import { concatTables } from '../../src/kernels/concat-tables.js';
import { tableFromIpcBytes, tableToIpc } from '../../src/kernels/ipc.js';
import { multiBatch, rowsOf, tableOf } from './helpers.js';

const types = {
  i: 'int32',
  f: 'float64',
  b: 'bool',
  s: 'string',
  c: 'category',
  l: 'int64',
  d: 'date',
} as const;
const part = (k: number) =>
  Array.from({ length: 5 + k }, (_, j) => ({
    i: j % 4 === 0 ? null : j * k,
    f: j / 3,
    b: j % 3 === 0 ? null : j % 2 === 0,
    s: j % 5 === 1 ? null : `s${k}-${j}`,
    c: j % 4 === 3 ? null : ['red', 'green', 'blue', `k${k}`][j % 4],
    l: 2 ** 35 + j,
    d: Date.UTC(2000, 0, 1 + j),
  }));

describe('concatTables', () => {
  it('stacks rows in order, unifying different dictionaries', () => {
    const parts = [0, 1, 2, 3].map(part);
    const tables = parts.map((p) => tableOf(p, types));
    const out = concatTables(tables);
    expect(out.batches.length).toBe(1);
    expect(rowsOf(out)).toEqual(parts.flat());
    const dict = out.getChild('c')!.data[0].dictionary!;
    expect(new Set(dict.toArray()).size).toBe(dict.length); // unified: no duplicates
    expect(rowsOf(tableFromIpcBytes(tableToIpc(out)))).toEqual(parts.flat());
  });

  it('handles sliced inputs, multi-batch inputs and empty tables', () => {
    const a = tableOf(part(1), types).slice(2, 5);
    const b = tableOf(part(2), types);
    const multi = multiBatch([b, tableOf(part(3), types)]);
    const empty = tableOf([], types);
    expect(rowsOf(concatTables([a, empty, multi]))).toEqual([...part(1).slice(2, 5), ...part(2), ...part(3)]);
    expect(concatTables([empty, empty]).numRows).toBe(0);
  });

  it('refuses schemas that differ, saying which column', () => {
    const a = tableOf([{ x: 1 }], { x: 'int32' });
    expect(() => concatTables([a, tableOf([{ x: 1 }], { x: 'float64' })])).toThrow(
      /column 'x' is float64 in table 1 but int32/,
    );
    expect(() => concatTables([a, tableOf([{ y: 1 }], { y: 'int32' })])).toThrow(SchemaMismatchError);
    expect(() => concatTables([])).toThrow(InvalidArgumentError);
  });
});
