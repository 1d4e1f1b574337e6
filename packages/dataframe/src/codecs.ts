/**
 * How Arrow tables travel and spill: as Arrow IPC bytes. Importing this module registers a value
 * codec with @tusk/schedulers (tables crossing to worker threads and processes) and a spill codec
 * (tables written to disk when the memory budget is reached). Workers import this module by URL to
 * learn the codec, so registration happens here, once per thread or process.
 */

import { getCodec, registerCodec, registerSpillCodec } from '@tusk/schedulers';
import { Table } from 'apache-arrow';
import { tableFromIpcBytes, tableToIpc } from './kernels/ipc.js';

function isTable(v: unknown): v is Table {
  return v instanceof Table;
}

if (getCodec('arrow-table') === undefined) {
  registerCodec({
    name: 'arrow-table',
    module: import.meta.url,
    test: isTable,
    encode: (t: Table) => tableToIpc(t),
    decode: (bytes: Uint8Array) => tableFromIpcBytes(bytes),
  });
  registerSpillCodec({
    name: 'arrow-ipc',
    test: isTable,
    encode: (t: Table) => tableToIpc(t),
    decode: (payload: Uint8Array) => tableFromIpcBytes(payload),
  });
}
