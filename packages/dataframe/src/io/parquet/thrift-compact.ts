/**
 * A reader for the Thrift compact protocol, just enough to walk a Parquet footer (`FileMetaData`)
 * synchronously: every value is decoded generically — structs as `Map<fieldId, value>`, lists and
 * sets as arrays, integers as numbers (exact up to 2^53), binaries as byte views — so the footer's
 * row groups can be counted and sized without reading any data page.
 * Reference: Apache Thrift, "Thrift Compact protocol encoding" (doc/specs/thrift-compact-protocol.md);
 * Apache Parquet, parquet.thrift.
 */

/** A decoded compact-protocol value. */
export type ThriftValue =
  | boolean
  | number
  | Uint8Array
  | ThriftValue[]
  | ThriftStruct
  | Map<ThriftValue, ThriftValue>;
/** A decoded struct: field id → value. */
export type ThriftStruct = Map<number, ThriftValue> & { readonly __struct?: true };

const STOP = 0;
const TRUE = 1;
const FALSE = 2;
const BYTE = 3;
const I16 = 4;
const I32 = 5;
const I64 = 6;
const DOUBLE = 7;
const BINARY = 8;
const LIST = 9;
const SET = 10;
const MAP = 11;
const STRUCT = 12;

/** Decoding state over one byte buffer. */
class Cursor {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}

  byte(): number {
    if (this.pos >= this.bytes.length) throw new RangeError('Thrift data ends early');
    return this.bytes[this.pos++];
  }

  /** An unsigned LEB128 varint, as a number (multiplication, not shifts, so 64-bit sizes stay exact to 2^53). */
  varint(): number {
    let out = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.byte();
      out += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return out;
      scale *= 128;
    }
    throw new RangeError('Thrift varint is longer than 10 bytes');
  }

  zigzag(): number {
    const n = this.varint();
    return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
  }

  value(type: number, depth: number): ThriftValue {
    if (depth > 64) throw new RangeError('Thrift data nests too deeply');
    switch (type) {
      case TRUE:
        return true;
      case FALSE:
        return false;
      case BYTE: {
        const b = this.byte();
        return b > 127 ? b - 256 : b;
      }
      case I16:
      case I32:
      case I64:
        return this.zigzag();
      case DOUBLE: {
        if (this.pos + 8 > this.bytes.length) throw new RangeError('Thrift data ends early');
        const v = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.pos, 8).getFloat64(0, true);
        this.pos += 8;
        return v;
      }
      case BINARY: {
        const n = this.varint();
        if (this.pos + n > this.bytes.length) throw new RangeError('Thrift data ends early');
        const v = this.bytes.subarray(this.pos, this.pos + n);
        this.pos += n;
        return v;
      }
      case LIST:
      case SET: {
        const head = this.byte();
        const size = head >> 4 === 15 ? this.varint() : head >> 4;
        const elem = head & 0x0f;
        const out: ThriftValue[] = [];
        // Booleans inside a list are one byte each (1 = true).
        for (let i = 0; i < size; i++)
          out.push(elem === TRUE || elem === FALSE ? this.byte() === 1 : this.value(elem, depth + 1));
        return out;
      }
      case MAP: {
        const size = this.varint();
        const out = new Map<ThriftValue, ThriftValue>();
        if (size === 0) return out;
        const kv = this.byte();
        for (let i = 0; i < size; i++)
          out.set(this.value(kv >> 4, depth + 1), this.value(kv & 0x0f, depth + 1));
        return out;
      }
      case STRUCT:
        return this.struct(depth + 1);
      default:
        throw new RangeError(`unknown Thrift compact type ${type}`);
    }
  }

  struct(depth: number): ThriftStruct {
    const out: ThriftStruct = new Map();
    let last = 0;
    for (;;) {
      const head = this.byte();
      const type = head & 0x0f;
      if (type === STOP) return out;
      const delta = head >> 4;
      const id = delta === 0 ? this.zigzag() : last + delta;
      last = id;
      out.set(id, this.value(type, depth));
    }
  }
}

/**
 * Decode one compact-protocol struct from `bytes` (throws a RangeError on malformed input).
 *
 * @example
 * readThriftStruct(new Uint8Array([0x15, 0x04, 0x00])); // Map { 1 => 2 }
 */
export function readThriftStruct(bytes: Uint8Array): ThriftStruct {
  return new Cursor(bytes).struct(0);
}
