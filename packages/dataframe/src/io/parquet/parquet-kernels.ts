/**
 * Parquet partition kernels: read some row groups of one file, write one partition as one file. Like
 * every kernel they take plain data and Arrow tables, import nothing of the graph, and register with
 * defineTasks, so they run on every scheduler (each thread or process loads parquet-wasm on first use).
 *
 * Reading goes through a file-backed Blob (`fs.openAsBlob`): parquet-wasm's async reader fetches the
 * footer and then only the byte ranges of the requested row groups and columns, so a partition never
 * reads the whole file. Data leaves WebAssembly memory as an Arrow IPC stream and is read with
 * apache-arrow without a further copy.
 */

import { openAsBlob, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { defineTasks, TuskError } from '@tusk/core';
import type { Table } from 'apache-arrow';
import { emptyTable } from '../../kernels/arrow/table.js';
import { tableFromIpcBytes, tableToIpc } from '../../kernels/ipc.js';
import { select } from '../../kernels/select.js';
import { ParquetError, ParquetFileNotFoundError, ParquetFormatError } from './errors.js';
import { parquetWasm } from './wasm.js';

/** What a read task gets: one file's row groups, and the file's size and mtime at planning. */
export interface ReadParquetPartArgs {
  readonly path: string;
  readonly rowGroups: readonly number[];
  readonly columns: readonly string[] | null;
  readonly size: number;
  readonly mtimeMs: number;
}

/**
 * Read row groups `rowGroups` of one Parquet file (only `columns`, in that order, when given).
 *
 * @example
 * await readParquetPart({ path: 'a.parquet', rowGroups: [0, 1], columns: ['x'], size, mtimeMs });
 */
export async function readParquetPart(args: ReadParquetPartArgs): Promise<Table> {
  const { path } = args;
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(path);
  } catch (err) {
    throw new ParquetFileNotFoundError(path, 'reading', err);
  }
  if (st.size !== args.size || st.mtimeMs !== args.mtimeMs)
    throw new ParquetFormatError(
      path,
      `it changed after the read was planned (size ${args.size} -> ${st.size} bytes); build the dataframe again.`,
    );
  const pw = parquetWasm();
  const file = await pw.ParquetFile.fromFile(await openAsBlob(path));
  let bytes: Uint8Array;
  try {
    const options = {
      rowGroups: [...args.rowGroups],
      ...(args.columns === null ? {} : { columns: [...args.columns] }),
    };
    bytes = (await file.read(options)).intoIPCStream();
  } catch (err) {
    throw new ParquetError(path, `Cannot read row groups [${args.rowGroups}] of '${path}': ${String(err)}`, {
      cause: err,
    });
  } finally {
    file.free();
  }
  let table = tableFromIpcBytes(bytes);
  // parquet-wasm returns columns in file order; a file with no row groups may come back with none.
  if (args.columns !== null) table = table.numCols === 0 ? table : select(table, args.columns);
  return table;
}

/** Compression codecs `toParquet` can write. */
export type ParquetCompression = 'snappy' | 'gzip' | 'zstd' | 'brotli' | 'lz4' | 'none';

/** Options of `toParquet`'s writer. */
export interface WriteParquetOptions {
  /** Codec for every column (default `'snappy'`, as pandas and Dask write). */
  compression?: ParquetCompression;
  /** Most rows per row group (default: the engine's, 1 Mi rows). */
  rowGroupSize?: number;
}

const CODECS: Record<ParquetCompression, string> = {
  snappy: 'SNAPPY',
  gzip: 'GZIP',
  zstd: 'ZSTD',
  brotli: 'BROTLI',
  lz4: 'LZ4_RAW',
  none: 'UNCOMPRESSED',
};

/**
 * Check writer options (at graph-building time, so a typo fails before anything runs).
 *
 * @example
 * checkWriteParquetOptions({ compression: 'zstd' });
 */
export function checkWriteParquetOptions(options: WriteParquetOptions): void {
  const c = options.compression;
  if (c !== undefined && !(c in CODECS))
    throw new TuskError(
      `toParquet: unknown compression '${c}'; use one of ${Object.keys(CODECS)
        .map((k) => `'${k}'`)
        .join(', ')}.`,
    );
  const n = options.rowGroupSize;
  if (n !== undefined && (!Number.isInteger(n) || n < 1))
    throw new TuskError(`toParquet: rowGroupSize must be a positive integer, got ${n}.`);
}

/**
 * Write one partition as one Parquet file (creating its directory); returns the path.
 *
 * @example
 * await writeParquetFile(table, 'out/part-00000.parquet', { compression: 'zstd' });
 */
export async function writeParquetFile(
  table: Table,
  path: string,
  options: WriteParquetOptions,
): Promise<string> {
  const pw = parquetWasm();
  let builder = new pw.WriterPropertiesBuilder().setCompression(
    pw.Compression[CODECS[options.compression ?? 'snappy'] as keyof typeof pw.Compression],
  );
  if (options.rowGroupSize !== undefined) builder = builder.setMaxRowGroupSize(options.rowGroupSize);
  const source = table.numCols === 0 ? emptyTable(table.schema) : table;
  const bytes = pw.writeParquet(pw.Table.fromIPCStream(tableToIpc(source)), builder.build());
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
  return path;
}

defineTasks(import.meta.url, { readParquetPart, writeParquetFile });
