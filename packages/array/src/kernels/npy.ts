/**
 * NumPy .npy files, block by block (format: numpy/lib/format.py, versions 1.0–3.0). The header is a
 * magic string, a version, a little-endian length, and a Python dict literal giving `descr` (e.g.
 * '<f8'), `fortran_order` and `shape`, padded so the data starts at a multiple of 64 bytes. Data is
 * raw elements in C (row-major) or Fortran order.
 *
 * `readNpyBlock` reads only its block's bytes: the block is a set of contiguous runs in the file (one
 * run when it spans every trailing axis), each read with one positional read. `writeNpyBlock` writes
 * a block's runs into a file made by `npyCreate` (header written, data area sized). Big-endian files
 * are read with a byte swap; files are written little-endian.
 */

import { closeSync, ftruncateSync, openSync, readSync, renameSync, writeSync } from 'node:fs';
import { defineTasks } from '@tusk/core';
import { type Block, sizeOf, stridesOf } from '../block.js';
import { allocate, type DType, itemsize } from '../dtype.js';

/** What a header says. */
export interface NpyHeader {
  readonly dtype: DType;
  readonly shape: number[];
  readonly fortran: boolean;
  readonly littleEndian: boolean;
  /** Byte offset of the data. */
  readonly dataOffset: number;
}

const DESCR: Record<string, DType> = {
  f8: 'float64',
  f4: 'float32',
  i4: 'int32',
  i2: 'int16',
  i1: 'int8',
  u1: 'uint8',
  u2: 'uint16',
  u4: 'uint32',
  b1: 'bool',
};
const CODE: Record<DType, string> = {
  float64: '<f8',
  float32: '<f4',
  int32: '<i4',
  int16: '<i2',
  int8: '|i1',
  uint8: '|u1',
  uint16: '<u2',
  uint32: '<u4',
  bool: '|b1',
};
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

/**
 * Parse a header from the first bytes of a file; `fail(detail)` raises the caller's error.
 *
 * @example
 * parseNpyHeader(npyHeader([2, 3], 'float64'), (d) => { throw new Error(d); }).shape; // [2, 3]
 */
export function parseNpyHeader(bytes: Uint8Array, fail: (detail: string) => never): NpyHeader {
  if (bytes.length < 10 || !MAGIC.every((b, i) => bytes[i] === b))
    fail('not a .npy file (the magic string \\x93NUMPY is missing).');
  const major = bytes[6];
  if (major < 1 || major > 3) fail(`unsupported .npy format version ${major}.${bytes[7]}.`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lenBytes = major === 1 ? 2 : 4;
  const hlen = major === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  const start = 8 + lenBytes;
  if (bytes.length < start + hlen) fail('the header is cut short.');
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + hlen));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    fail(`the header dict is malformed: ${JSON.stringify(text.trim())}.`);
  }
  const order = descr![0];
  const code = '<>|='.includes(order) ? descr!.slice(1) : descr!;
  const dtype = DESCR[code];
  if (dtype === undefined) {
    fail(
      `dtype '${descr}' is not supported; supported: ${Object.values(CODE).join(' ')} ` +
        `(convert first, e.g. numpy's a.astype('<f8')).`,
    );
  }
  const shape = shapeText!
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  if (!shape.every((n) => Number.isInteger(n) && n >= 0))
    fail(`the shape (${shapeText}) is not a list of lengths.`);
  return {
    dtype: dtype!,
    shape,
    fortran: fortran === 'True',
    littleEndian: order !== '>',
    dataOffset: start + hlen,
  };
}

/** The header bytes of a little-endian C-order file of `shape` and `dtype` (version 1.0, 64-byte aligned). */
export function npyHeader(shape: readonly number[], dtype: DType): Uint8Array {
  const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '${CODE[dtype]}', 'fortran_order': False, 'shape': ${tuple}, }`;
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  dict = `${dict}${' '.repeat(total - 10 - dict.length - 1)}\n`;
  const out = new Uint8Array(total);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, dict.length, true);
  for (let i = 0; i < dict.length; i++) out[10 + i] = dict.charCodeAt(i);
  return out;
}

/** Each contiguous run of the box (`start`, `box`) inside an array of `shape`: [element offset, length]. */
function runs(
  shape: readonly number[],
  start: readonly number[],
  box: readonly number[],
  visit: (off: number, len: number, at: number) => void,
): void {
  const nd = shape.length;
  if (nd === 0) {
    visit(0, 1, 0);
    return;
  }
  if (sizeOf(box) === 0) return;
  let j = nd - 1;
  let run = box[j];
  while (j > 0 && box[j] === shape[j]) {
    j--;
    run *= box[j];
  }
  const st = stridesOf(shape);
  const idx = new Array<number>(j).fill(0);
  for (let at = 0; ; at += run) {
    let off = start[j] * st[j];
    for (let a = 0; a < j; a++) off += (start[a] + idx[a]) * st[a];
    for (let a = j + 1; a < nd; a++) off += start[a] * st[a];
    visit(off, run, at);
    let a = j - 1;
    while (a >= 0) {
      if (++idx[a] < box[a]) break;
      idx[a] = 0;
      a--;
    }
    if (a < 0) return;
  }
}

function swapBytes(bytes: Uint8Array, size: number): void {
  if (size === 1) return;
  for (let i = 0; i < bytes.length; i += size) bytes.subarray(i, i + size).reverse();
}

/** Read the block at `start` of shape `box` from a file of `shape` (C order) whose data begins at `dataOffset`. */
export function readNpyBlock(
  path: string,
  dataOffset: number,
  dtype: DType,
  littleEndian: boolean,
  shape: readonly number[],
  start: readonly number[],
  box: readonly number[],
): Block {
  const data = allocate(dtype, sizeOf(box));
  const bytes = new Uint8Array(data.buffer);
  const size = itemsize(dtype);
  const fd = openSync(path, 'r');
  try {
    runs(shape, start, box, (off, len, at) => {
      const want = len * size;
      let got = 0;
      while (got < want) {
        const n = readSync(fd, bytes, at * size + got, want - got, dataOffset + off * size + got);
        if (n === 0)
          throw new Error(
            `${path}: the file ends before the data of its header's shape (at byte ${dataOffset + off * size + got}).`,
          );
        got += n;
      }
    });
  } finally {
    closeSync(fd);
  }
  if (!littleEndian) swapBytes(bytes, size);
  if (dtype === 'bool') for (let i = 0; i < data.length; i++) data[i] = data[i] !== 0 ? 1 : 0;
  return { shape: [...box], dtype, data };
}

/** Create (or replace) `path` with the header and a data area of `dataBytes`. Returns the data offset. */
export function npyCreate(path: string, shape: readonly number[], dtype: DType): number {
  const header = npyHeader(shape, dtype);
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, header, 0, header.length, 0);
    ftruncateSync(fd, header.length + sizeOf(shape) * itemsize(dtype));
  } finally {
    closeSync(fd);
  }
  return header.length;
}

/** Write block `b` at `start` into a file made by npyCreate. Returns the bytes written. */
export function writeNpyBlock(
  path: string,
  dataOffset: number,
  shape: readonly number[],
  start: readonly number[],
  b: Block,
): number {
  const size = itemsize(b.dtype);
  const bytes = new Uint8Array(b.data.buffer, b.data.byteOffset, b.data.byteLength);
  const fd = openSync(path, 'r+');
  let total = 0;
  try {
    runs(shape, start, b.shape, (off, len, at) => {
      total += writeSync(fd, bytes, at * size, len * size, dataOffset + off * size);
    });
  } finally {
    closeSync(fd);
  }
  return total;
}

/** Move the finished file into place (after every block is written). */
export function npyFinish(tmp: string, path: string, written: readonly number[]): number {
  renameSync(tmp, path);
  return written.reduce((p, q) => p + q, 0);
}

defineTasks(import.meta.url, { readNpyBlock, npyCreate, writeNpyBlock, npyFinish });
