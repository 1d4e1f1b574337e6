/**
 * Apache Arrow values recognised without importing apache-arrow: tables, record batches, vectors and
 * `Data` are found by the brand symbols Arrow JS puts on their prototypes (`Symbol.for('apache-arrow/
 * Table')`, ...), or failing that by their shape (`.batches` + `.schema`, `.data` arrays of objects with
 * `.buffers`). Their size is the byte length of the buffers they reference — values, offsets, validity
 * bitmaps, type ids, variadic buffers — over children and dictionaries, each `Data` counted once.
 * Reference: apache-arrow `src/data.ts` (`Data.byteLength`), `src/table.ts`, `src/vector.ts`.
 */

const TABLE = Symbol.for('apache-arrow/Table');
const BATCH = Symbol.for('apache-arrow/RecordBatch');
const VECTOR = Symbol.for('apache-arrow/Vector');
const DATA = Symbol.for('apache-arrow/Data');

type Obj = Record<PropertyKey, any>;

function branded(v: unknown, brand: symbol): boolean {
  return typeof v === 'object' && v !== null && (v as Obj)[brand] === true;
}

function isDataShape(v: unknown): v is Obj {
  return (
    typeof v === 'object' &&
    v !== null &&
    ((v as Obj)[DATA] === true ||
      ('type' in v && 'length' in v && 'buffers' in v && Array.isArray((v as Obj).children)))
  );
}

/**
 * Is `v` an Arrow Table, RecordBatch, Vector or Data (by brand, or by shape)?
 *
 * @example
 * isArrowValue(tableFromArrays({ x: Float64Array.of(1, 2) })); // true
 * isArrowValue({ batches: 1 }); // false
 */
export function isArrowValue(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Obj;
  if (o[TABLE] === true || o[BATCH] === true || o[VECTOR] === true || o[DATA] === true) return true;
  if (Array.isArray(o.batches) && typeof o.schema === 'object' && o.schema !== null) return true;
  if (isDataShape(o.data) && typeof o.schema === 'object' && o.schema !== null) return true;
  if (Array.isArray(o.data) && o.data.length > 0 && o.data.every(isDataShape)) return true;
  return isDataShape(v);
}

/**
 * Bytes of the buffers an Arrow value references (0 for anything else).
 *
 * @example
 * arrowByteLength(vectorFromArray(new Float64Array(1000))); // 8000
 */
export function arrowByteLength(v: unknown): number {
  const seen = new Set<object>();
  return sizeOf(v, seen);
}

function sizeOf(v: unknown, seen: Set<object>): number {
  if (typeof v !== 'object' || v === null || seen.has(v)) return 0;
  seen.add(v);
  const o = v as Obj;
  if (branded(o, TABLE) || (Array.isArray(o.batches) && o.schema)) {
    let n = 0;
    for (const b of o.batches) n += sizeOf(b, seen);
    return n;
  }
  if (branded(o, BATCH) || isDataShape(o.data)) return sizeOf(o.data, seen);
  if (branded(o, VECTOR) || (Array.isArray(o.data) && !isDataShape(o))) {
    let n = 0;
    for (const d of o.data) n += sizeOf(d, seen);
    return n;
  }
  if (isDataShape(o)) return dataBytes(o, seen);
  return 0;
}

function dataBytes(d: Obj, seen: Set<object>): number {
  let n = 0;
  for (const buf of [d.valueOffsets, d.values, d.nullBitmap, d.typeIds]) {
    if (ArrayBuffer.isView(buf)) n += buf.byteLength;
  }
  if (Array.isArray(d.variadicBuffers)) {
    for (const buf of d.variadicBuffers) if (ArrayBuffer.isView(buf)) n += buf.byteLength;
  }
  for (const child of d.children ?? []) n += sizeOf(child, seen);
  if (d.dictionary) n += sizeOf(d.dictionary, seen);
  return n;
}
