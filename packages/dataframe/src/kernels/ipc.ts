/**
 * A value codec for Arrow tables: bytes for crossing to worker threads/processes and for spilling.
 *
 * `tableToIpc` writes the Arrow IPC stream format (apache-arrow's `tableToIPC`). Three things the
 * Arrow JS 21 writer gets wrong are normalised first:
 *   - record batches carrying different dictionaries for one column (replacement dictionaries) throw:
 *     such tables are written as one batch with a unified dictionary;
 *   - a table with no batches loses nothing but is given one empty batch, so readers see the schema;
 *   - the writer joins its output chunks with `collapseContiguousByteRanges`, which also merges
 *     *overlapping* views of one ArrayBuffer and silently drops bytes — as happens when two columns
 *     share memory (an assigned copy `col('x')`, aggregation states sharing a sum array, two category
 *     columns sharing a dictionary). Columns whose buffers overlap an earlier column's are copied.
 *     Buffers that merely live in one ArrayBuffer without overlapping (every table read from IPC) are
 *     safe and are not copied.
 * `tableFromIpcBytes` reads it back (apache-arrow's `tableFromIPC`); buffers of the result are views
 * into `bytes`, so no copy is made. Reference: Arrow columnar format, "IPC Streaming Format".
 */

import { defineTasks } from '@tusk/core';
import { type Data, makeData, type Table, Type, tableFromIPC, tableToIPC, Vector } from 'apache-arrow';
import { columnsOf, emptyTable, makeTable } from './arrow/table.js';
import { takeData } from './arrow/take.js';

function hasReplacementDictionaries(table: Table): boolean {
  if (table.batches.length < 2) return false;
  return table.schema.fields.some((f, i) => {
    if (f.type.typeId !== Type.Dictionary) return false;
    const first = table.batches[0].data.children[i].dictionary;
    return table.batches.some((b) => b.data.children[i].dictionary !== first);
  });
}

/** Byte ranges claimed so far, per ArrayBuffer. */
type Ranges = Map<ArrayBufferLike, [number, number][]>;

/** Every non-empty buffer view of a chunk, its children and its dictionary. */
function buffersOf(data: Data, out: ArrayBufferView[] = []): ArrayBufferView[] {
  const own: unknown[] = [data.values, data.valueOffsets, data.nullBitmap, data.typeIds];
  for (const b of own) if (ArrayBuffer.isView(b) && b.byteLength > 0) out.push(b);
  for (const c of data.children) buffersOf(c, out);
  if (data.dictionary) for (const d of data.dictionary.data) buffersOf(d, out);
  return out;
}

/** Record the ranges of `views` in `seen`; true when one overlaps a range already there. */
function claim(views: readonly ArrayBufferView[], seen: Ranges): boolean {
  let clash = false;
  for (const v of views) {
    const start = v.byteOffset;
    const end = start + v.byteLength;
    const ranges = seen.get(v.buffer) ?? [];
    if (ranges.some(([s, e]) => start < e && s < end)) clash = true;
    ranges.push([start, end]);
    seen.set(v.buffer, ranges);
  }
  return clash;
}

function identity(n: number): Int32Array {
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  return idx;
}

/** A copy of a chunk in fresh buffers, dictionary included. */
export function copyData(data: Data): Data {
  const copy = takeData(data, identity(data.length));
  if (!data.dictionary) return copy;
  const dictionary = new Vector(data.dictionary.data.map((d) => takeData(d, identity(d.length))));
  return makeData({
    type: copy.type as any,
    length: copy.length,
    nullCount: copy.nullCount,
    nullBitmap: copy.nullBitmap,
    data: copy.values as any,
    dictionary,
  });
}

/** The one-batch table with every column whose memory overlaps an earlier column's copied. */
function unshareBuffers(table: Table): Table {
  let seen: Ranges = new Map();
  let changed = false;
  const cols = columnsOf(table).map((c) => {
    const trial: Ranges = new Map([...seen].map(([k, v]) => [k, [...v]]));
    if (!claim(buffersOf(c), trial)) {
      seen = trial;
      return c;
    }
    changed = true;
    const copy = copyData(c);
    claim(buffersOf(copy), seen);
    return copy;
  });
  return changed ? makeTable(table.schema.fields, cols, table.schema.metadata) : table;
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
  if (t.batches.length === 1) t = unshareBuffers(t);
  else t = unshareBuffers(makeTable(t.schema.fields, columnsOf(t), t.schema.metadata));
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
