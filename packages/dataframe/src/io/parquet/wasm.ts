/**
 * The Parquet engine: `parquet-wasm` (the Rust `parquet` crate compiled to WebAssembly, Arrow IPC in
 * and out). Its Node build compiles a ~5 MB module when first required, so it is loaded on first use
 * (synchronously, through `createRequire`: the build is CommonJS) and only in the threads and
 * processes that actually read or write Parquet.
 */

import { createRequire } from 'node:module';

type ParquetWasm = typeof import('parquet-wasm');

let loaded: ParquetWasm | undefined;

/**
 * The parquet-wasm module, loaded once per thread.
 *
 * @example
 * const { writeParquet } = parquetWasm();
 */
export function parquetWasm(): ParquetWasm {
  loaded ??= createRequire(import.meta.url)('parquet-wasm') as ParquetWasm;
  return loaded;
}
