/**
 * A value codec for Arrow tables: bytes for crossing to worker threads/processes and for spilling.
 *
 * `tableToIpc` writes the Arrow IPC stream format (apache-arrow's `tableToIPC`). Two cases the Arrow JS
 * writer does not handle are normalised first: a table whose record batches carry different
 * dictionaries for one column (replacement dictionaries) is written as one batch with a unified
 * dictionary, and a table with no batches gets one empty batch so the schema survives the trip.
 * `tableFromIpcBytes` reads it back (apache-arrow's `tableFromIPC`); buffers of the result are views
 * into `bytes`, so no copy is made. Reference: Arrow columnar format, "IPC Streaming Format".
 */

import { defineTasks } from '@tusk/core';
import { type Table, Type, tableFromIPC, tableToIPC } from 'apache-arrow';
import { columnsOf, emptyTable, makeTable } from './arrow/table.js';

function hasReplacementDictionaries(table: Table): boolean {
  if (table.batches.length < 2) return false;
  return table.schema.fields.some((f, i) => {
    if (f.type.typeId !== Type.Dictionary) return false;
    const first = table.batches[0].data.children[i].dictionary;
    return table.batches.some((b) => b.data.children[i].dictionary !== first);
  });
}

/**
 * Serialise a table to Arrow IPC stream bytes.
 *
 * @example
 * const bytes = tableToIpc(table);
 * tableFromIpcBytes(bytes).numRows === table.numRows; // true
 */
export function tableToIpc(table: Table): Uint8Array {
  let t = table;
  if (t.batches.length === 0) t = emptyTable(t.schema);
  else if (hasReplacementDictionaries(t)) t = makeTable(t.schema.fields, columnsOf(t), t.schema.metadata);
  return tableToIPC(t, 'stream');
}

/**
 * Read a table from Arrow IPC bytes (stream or file format).
 *
 * @example
 * const table = tableFromIpcBytes(tableToIpc(source));
 */
export function tableFromIpcBytes(bytes: Uint8Array): Table {
  return tableFromIPC(bytes);
}

defineTasks(import.meta.url, { tableToIpc, tableFromIpcBytes });
