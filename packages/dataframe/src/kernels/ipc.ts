/**
 * A value codec for Arrow tables: bytes for crossing to worker threads/processes and for spilling.
 *
 * `tableToIpc` writes the Arrow IPC stream format (apache-arrow's `tableToIPC`). Two cases the Arrow JS
 * writer does not handle are normalised first: a table whose record batches carry different
 * dictionaries for one column (replacement dictionaries) is written as one batch with a unified
 * dictionary, and a table with no batches gets one empty batch so the schema survives the trip.
 * A third: the writer joins its output chunks with a "collapse contiguous byte ranges" step that
 * also merges *overlapping* views of one ArrayBuffer, silently dropping bytes — which happens whenever
 * two columns share a buffer (an assigned copy `col('x')`, states sharing a sum). Such columns are
 * copied first (`unshareBuffers`).
 * `tableFromIpcBytes` reads it back (apache-arrow's `tableFromIPC`); buffers of the result are views
 * into `bytes`, so no copy is made. Reference: Arrow columnar format, "IPC Streaming Format".
 */

import { defineTasks } from '@tusk/core';
import { type Data, type Table, Type, tableFromIPC, tableToIPC } from 'apache-arrow';
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
  if (sharesMemory(t)) t = makeTable(t.schema.fields, columnsOf(t).map(ownBuffers), t.schema.metadata);
  return tableToIPC(t, 'stream');
}

type Buffers = { values?: ArrayBufferView; valueOffsets?: ArrayBufferView; nullBitmap?: ArrayBufferView; typeIds?: ArrayBufferView };

/**
 * Do two buffers of the table lie in one ArrayBuffer? Arrow's IPC writer mis-sizes the message body
 * when they do (kernels may slice several state columns out of one allocation), so such tables are
 * written from copies.
 */
function sharesMemory(table: Table): boolean {
  const seen = new Set<ArrayBufferLike>();
  let shared = false;
  const visit = (d: Data): void => {
    for (const b of [(d as Buffers).values, (d as Buffers).valueOffsets, (d as Buffers).nullBitmap, (d as Buffers).typeIds]) {
      if (!b || b.byteLength === 0) continue;
      if (seen.has(b.buffer)) shared = true;
      seen.add(b.buffer);
    }
    for (const c of d.children) visit(c);
    if (d.dictionary) for (const c of d.dictionary.data) visit(c);
  };
  for (const batch of table.batches) for (const c of batch.data.children) visit(c);
  return shared;
}

/** `d` with every buffer copied into memory of its own. */
function ownBuffers(d: Data): Data {
  const copy = (b: ArrayBufferView | undefined) =>
    b && b.byteLength > 0 ? (b as unknown as { slice(): ArrayBufferView }).slice() : b;
  const x = d as unknown as Buffers;
  return d.clone(
    d.type,
    d.offset,
    d.length,
    d.nullCount,
    [copy(x.valueOffsets), copy(x.values), copy(x.nullBitmap), copy(x.typeIds)] as any,
    d.children.map(ownBuffers),
    d.dictionary as any,
  );
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
