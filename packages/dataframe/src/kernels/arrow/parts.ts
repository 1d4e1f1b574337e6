/**
 * A table as its parts, for the trip to a worker thread and back: the schema as Arrow IPC bytes
 * (made once per Schema object, read once per distinct bytes) and each record batch's column chunks
 * as plain objects holding their typed arrays. The wire then transfers or copies those typed arrays
 * as it does any others, so a table crosses without being packed into one IPC body and unpacked
 * again — for the small tables of a shuffle (a sort's pieces: sixteen per partition), packing costs
 * far more than the data (about 0.5 ms per table either way).
 *
 * A chunk whose buffers do not each span their own ArrayBuffer exactly (a slice of a larger table,
 * the columns of a table read from IPC, a builder's spare capacity) is copied to exact buffers
 * first: moving the whole buffer would carry memory the table does not account for, and a structured
 * clone would copy all of it. A table whose chunks' types differ from its schema's (dictionary index
 * widths differing between batches, say; equal type objects are fine) is not encoded here
 * (`tableToParts` returns undefined): it goes as IPC bytes.
 */

import {
  Data,
  type DataType,
  type Field,
  RecordBatch,
  type Schema,
  Struct,
  Table,
  util,
  Vector,
} from 'apache-arrow';
import { copyData, tableFromIpcBytes, tableToIpc } from '../ipc.js';
import { emptyTable } from './table.js';

/** One chunk's parts: offset, length, null count, buffers, children, dictionary chunks, variadic buffers. */
export interface DataParts {
  readonly o: number;
  readonly n: number;
  readonly z: number;
  /** [valueOffsets, values, nullBitmap, typeIds] (Arrow's BufferType order). */
  readonly b: readonly (ArrayBufferView | undefined)[];
  readonly c: readonly DataParts[];
  readonly d: readonly DataParts[] | null;
  readonly v: readonly Uint8Array[];
}

/** A table's parts. */
export interface TableParts {
  /** The schema, as the IPC stream of an empty table. */
  readonly s: Uint8Array;
  /** Each batch: its length and its column chunks. */
  readonly b: readonly { readonly n: number; readonly c: readonly DataParts[] }[];
}

/**
 * Schema bytes made, by a schema's first field: the tables of one source (a sort's sixteen pieces of
 * a partition, say) have distinct Schema objects holding the same Field objects.
 */
const schemaBytes = new WeakMap<
  Field,
  { fields: readonly Field[]; metadata: Map<string, string>; bytes: Uint8Array }[]
>();
const schemas = new Map<string, Schema>();

function sameMetadata(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

/** The IPC bytes of an empty table of `schema` (made once per list of Field objects and metadata). */
function bytesOfSchema(schema: Schema): Uint8Array {
  const fields = schema.fields;
  if (fields.length === 0) return tableToIpc(emptyTable(schema));
  // (Bytes that a transfer moved away are dropped, and made again.)
  const known = (schemaBytes.get(fields[0]) ?? []).filter((e) => e.bytes.buffer.byteLength > 0);
  for (const e of known) {
    if (
      e.fields.length === fields.length &&
      e.fields.every((f, i) => f === fields[i]) &&
      sameMetadata(e.metadata, schema.metadata)
    ) {
      return e.bytes;
    }
  }
  const bytes = tableToIpc(emptyTable(schema));
  if (known.length >= 8) known.shift();
  known.push({ fields: [...fields], metadata: new Map(schema.metadata), bytes });
  schemaBytes.set(fields[0], known);
  return bytes;
}

/**
 * Do the chunk's type, its children's and its dictionary's, equal `type`'s? (The same object, or an
 * equal one: a reader makes the dictionary's value type apart from the schema's, say.)
 */
function typesMatch(data: Data, type: DataType): boolean {
  if (data.type !== type && !util.compareTypes(type, data.type)) return false;
  const kids = type.children ?? [];
  const children = data.children ?? [];
  if (children.length !== kids.length) return false;
  for (let i = 0; i < kids.length; i++) if (!typesMatch(children[i], kids[i].type)) return false;
  const dict = (type as { dictionary?: DataType }).dictionary;
  if (data.dictionary !== undefined && data.dictionary !== null) {
    if (dict === undefined) return false;
    for (const d of data.dictionary.data) if (!typesMatch(d, dict)) return false;
  }
  return true;
}

/** A chunk's own four buffer slots, in Arrow's BufferType order (what `new Data` takes). */
function slotsOf(data: Data): (ArrayBufferView | undefined)[] {
  return [data.valueOffsets, data.values, data.nullBitmap, data.typeIds];
}

/** Do the chunk's own buffers span their ArrayBuffers exactly, with no offset (children and dictionary aside)? */
function ownExact(data: Data): boolean {
  if (data.offset !== 0) return false;
  for (const b of [...slotsOf(data), ...(data.variadicBuffers ?? [])]) {
    if (ArrayBuffer.isView(b) && (b.byteOffset !== 0 || b.byteLength !== b.buffer.byteLength)) return false;
  }
  return true;
}

/**
 * Does every buffer of the chunk, its children and its dictionary span its own ArrayBuffer exactly,
 * with no offset? Then moving those buffers moves exactly the chunk's memory.
 */
function isExact(data: Data): boolean {
  if (!ownExact(data) || !(data.children ?? []).every(isExact)) return false;
  return data.dictionary === undefined || data.dictionary === null || data.dictionary.data.every(isExact);
}

/**
 * The chunk with exact buffers: when only its dictionary is not exact (a dictionary shared with the
 * table it was taken from, say), only the dictionary is copied.
 */
function exactCopy(data: Data): Data {
  const dict = data.dictionary;
  if (dict === undefined || dict === null || !ownExact(data) || !(data.children ?? []).every(isExact)) {
    return copyData(data);
  }
  const copied = new Vector(dict.data.map((d) => (isExact(d) ? d : copyData(d))));
  return new Data(data.type, 0, data.length, data.nullCount, slotsOf(data) as never, data.children, copied);
}

function dataParts(data: Data): DataParts {
  return {
    o: data.offset,
    n: data.length,
    z: data.nullCount,
    b: slotsOf(data),
    c: (data.children ?? []).map(dataParts),
    d: data.dictionary ? data.dictionary.data.map(dataParts) : null,
    v: data.variadicBuffers ?? [],
  };
}

function fromParts(p: DataParts, type: DataType): Data {
  const dictType = (type as { dictionary?: DataType }).dictionary;
  const dictionary =
    p.d === null || dictType === undefined ? undefined : new Vector(p.d.map((d) => fromParts(d, dictType)));
  const kids = type.children ?? [];
  const children = p.c.map((c, i) => fromParts(c, kids[i].type));
  return new Data(type, p.o, p.n, p.z, p.b as never, children, dictionary, p.v as Uint8Array[]);
}

/**
 * The parts of `table`, or undefined when its chunks' types differ from its schema's (send IPC then).
 *
 * @example
 * const parts = tableToParts(table); // { s: Uint8Array, b: [{ n, c: [{ o, n, z, b, c, d, v }, …] }] }
 * tableFromParts(parts!).numRows === table.numRows; // true
 */
export function tableToParts(table: Table): TableParts | undefined {
  const fields = table.schema.fields;
  const batches: { n: number; c: DataParts[] }[] = [];
  for (const batch of table.batches) {
    const cols = batch.data.children;
    if (cols.length !== fields.length) return undefined;
    const c: DataParts[] = [];
    for (let i = 0; i < cols.length; i++) {
      if (!typesMatch(cols[i], fields[i].type)) return undefined;
      let chunk = cols[i];
      if (!isExact(chunk)) {
        try {
          chunk = exactCopy(chunk);
        } catch {
          return undefined; // a layout the copy does not know: IPC handles it
        }
        if (!isExact(chunk) || !typesMatch(chunk, fields[i].type)) return undefined;
      }
      c.push(dataParts(chunk));
    }
    batches.push({ n: batch.numRows, c });
  }
  return { s: bytesOfSchema(table.schema), b: batches };
}

/** The table `tableToParts` described. */
export function tableFromParts(parts: TableParts): Table {
  const key = Buffer.from(parts.s.buffer, parts.s.byteOffset, parts.s.byteLength).toString('latin1');
  let schema = schemas.get(key);
  if (schema === undefined) {
    schema = tableFromIpcBytes(parts.s).schema;
    if (schemas.size >= 256) schemas.clear();
    schemas.set(key, schema);
  }
  const fields = schema.fields;
  const struct = new Struct(fields);
  const batches = parts.b.map(({ n, c }) => {
    const children = c.map((d, i) => fromParts(d, fields[i].type));
    return new RecordBatch(schema, new Data(struct, 0, n, 0, undefined, children));
  });
  return new Table(schema, batches);
}
