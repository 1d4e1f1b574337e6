import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/expr/errors.js';
import { head, tail } from '../../src/kernels/head.js';
import { tableFromIpcBytes, tableToIpc } from '../../src/kernels/ipc.js';
import { rowsOf, tableOf } from './helpers.js';

const rows = Array.from({ length: 10 }, (_, i) => ({ i, s: i % 3 ? `s${i}` : null, c: `c${i % 2}` }));
const t = tableOf(rows, { i: 'int32', s: 'string', c: 'category' });

describe('head / tail', () => {
  it('slice the first / last rows', () => {
    expect(rowsOf(head(t, 3))).toEqual(rows.slice(0, 3));
    expect(rowsOf(tail(t, 4))).toEqual(rows.slice(6));
    expect(head(t, 100).numRows).toBe(10);
    expect(tail(t, 0).numRows).toBe(0);
    expect(() => head(t, -1)).toThrow(InvalidArgumentError);
  });

  it('slices survive IPC', () => {
    expect(rowsOf(tableFromIpcBytes(tableToIpc(tail(t, 4))))).toEqual(rows.slice(6));
  });
});
