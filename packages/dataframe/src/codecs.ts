/**
 * How Arrow tables travel and spill: as Arrow IPC bytes, or, to and from worker threads, as their
 * parts (kernels/arrow/parts.ts: the schema's IPC bytes and the chunks' own typed arrays, which the
 * wire moves or copies). Importing this module registers a value codec with @tusk/schedulers (tables
 * crossing to worker threads and processes) and a spill codec (tables written to disk when the
 * memory budget is reached). Workers import this module by URL to learn the codec, so registration
 * happens here, once per thread or process.
 */

import { getCodec, keptBytesOf, registerCodec, registerSpillCodec } from '@tusk/schedulers';
import { Table } from 'apache-arrow';
import { type TableParts, tableFromParts, tableToParts } from './kernels/arrow/parts.js';
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
    // To and from worker threads: the table's own buffers, moved or copied by the wire.
    toThread: (t: Table) => tableToParts(t) ?? tableToIpc(t),
    decode: (data: Uint8Array | TableParts) =>
      data instanceof Uint8Array ? tableFromIpcBytes(data) : tableFromParts(data),
    // A table read from IPC bytes views them: one that only passes through the main thread
    // between child processes goes on as the bytes it came in.
    keepsBytes: true,
  });
  registerSpillCodec({
    name: 'arrow-ipc',
    test: isTable,
    // A table that came from a child process as IPC bytes is spilled as those bytes.
    encode: (t: Table) => {
      const kept = keptBytesOf(t, 'arrow-table');
      return kept === undefined
        ? tableToIpc(t)
        : new Uint8Array(kept.buffer, kept.byteOffset, kept.byteLength);
    },
    decode: (payload: Uint8Array) => tableFromIpcBytes(payload),
  });
}
