/**
 * Reading a Parquet file's footer synchronously, without touching its data pages: the last 8 bytes
 * give the footer length and the `PAR1` magic; the footer (Thrift `FileMetaData`) is walked here for
 * the row groups (rows and sizes), and handed to parquet-wasm's `readSchema` — framed as a data-less
 * Parquet buffer — for the Arrow schema (which honours an embedded `ARROW:schema`, so types such as
 * dictionaries and Date64 survive a round trip). Reference: Apache Parquet, "File Format".
 */

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { type Schema, tableFromIPC } from 'apache-arrow';
import { ParquetFileNotFoundError, ParquetFormatError } from './errors.js';
import { readThriftStruct, type ThriftStruct, type ThriftValue } from './thrift-compact.js';
import { parquetWasm } from './wasm.js';

/** One row group of a file, as its footer describes it. */
export interface RowGroupInfo {
  readonly rows: number;
  /** Uncompressed bytes of its column chunks (`total_byte_size`). */
  readonly bytes: number;
}

/** A file's footer: its Arrow schema and row groups, plus what identifies this version of the file. */
export interface ParquetFooter {
  readonly path: string;
  readonly schema: Schema;
  readonly rowGroups: readonly RowGroupInfo[];
  readonly size: number;
  readonly mtimeMs: number;
}

const MAGIC = 0x31524150; // 'PAR1' read as a little-endian uint32

function num(v: ThriftValue | undefined): number {
  return typeof v === 'number' ? v : 0;
}

function rowGroupsOf(meta: ThriftStruct): RowGroupInfo[] {
  const groups = meta.get(4);
  if (!Array.isArray(groups)) return [];
  return groups.map((g) => {
    const s = g as ThriftStruct;
    return { rows: num(s.get(3)), bytes: num(s.get(2)) };
  });
}

/**
 * The footer of the Parquet file at `path`.
 *
 * @example
 * readParquetFooter('data/part-0.parquet').rowGroups.length; // 4
 */
export function readParquetFooter(path: string): ParquetFooter {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new ParquetFileNotFoundError(path, 'planning', err);
    if ((err as NodeJS.ErrnoException).code === 'EISDIR')
      throw new ParquetFormatError(path, `it is a directory; name its files, e.g. '${path}/*.parquet'.`);
    throw new ParquetFormatError(path, (err as Error).message, err);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory())
      throw new ParquetFormatError(path, `it is a directory; name its files, e.g. '${path}/*.parquet'.`);
    if (st.size < 12)
      throw new ParquetFormatError(path, `it has only ${st.size} bytes (a Parquet file has at least 12).`);
    const head = Buffer.alloc(4);
    readSync(fd, head, 0, 4, 0);
    const tail = Buffer.alloc(8);
    readSync(fd, tail, 0, 8, st.size - 8);
    if (head.readUInt32LE(0) !== MAGIC || tail.readUInt32LE(4) !== MAGIC)
      throw new ParquetFormatError(path, "it does not start and end with the magic bytes 'PAR1'.");
    const len = tail.readUInt32LE(0);
    if (len + 12 > st.size)
      throw new ParquetFormatError(
        path,
        `its footer length (${len} bytes) is larger than the file (${st.size} bytes).`,
      );
    // 'PAR1' + footer + length + 'PAR1': a Parquet buffer with no data, which readSchema accepts.
    const framed = Buffer.alloc(len + 12);
    head.copy(framed, 0);
    readSync(fd, framed, 4, len + 8, st.size - 8 - len);
    let meta: ThriftStruct;
    let schema: Schema;
    try {
      meta = readThriftStruct(framed.subarray(4, 4 + len));
      schema = tableFromIPC(parquetWasm().readSchema(framed).intoIPCStream()).schema;
    } catch (err) {
      throw new ParquetFormatError(path, `its footer cannot be decoded (${(err as Error).message}).`, err);
    }
    return { path, schema, rowGroups: rowGroupsOf(meta), size: st.size, mtimeMs: st.mtimeMs };
  } finally {
    closeSync(fd);
  }
}
