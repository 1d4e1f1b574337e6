/**
 * Utf8 column builder: UTF-8 bytes appended to one growing buffer with Int32 offsets, assembled with
 * `makeData` (no per-string Arrow builder calls). Strings are written with `Buffer#write` (native
 * UTF-8 encode, no intermediate array); byte ranges from the fast engine are copied as they are.
 */

import { type Data, type DataType, makeData } from 'apache-arrow';
import { type ColumnBuilder, grown, trimmed } from './column-builder.js';
import { ValidityBuilder } from './validity.js';

const MAX_BYTES = 2 ** 31 - 1;

/** A Uint8Array (not a Buffer) over the first `n` bytes of `buf`, copied when mostly empty. */
function plainBytes(buf: Buffer, n: number): Uint8Array {
  const view = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
  return trimmed(view, n);
}

/**
 * Builds a Utf8 column.
 *
 * @example
 * const b = new Utf8Builder();
 * b.appendString('héllo');
 * b.appendNull();
 * makeVector(b.finish(new Utf8())).toArray(); // ['héllo', null]
 */
export class Utf8Builder implements ColumnBuilder {
  /** UTF-8 bytes of the values (read-only outside; replaced when it grows). */
  data = Buffer.allocUnsafeSlow(1 << 16);
  /** Value i is data[offsets[i], offsets[i + 1]) (read-only outside; replaced when it grows). */
  offsets = new Int32Array(1025);
  private readonly validity = new ValidityBuilder();
  /** Bytes written so far. */
  byteLength = 0;
  length = 0;

  reserve(rows: number): void {
    if (rows + 1 > this.offsets.length) this.offsets = grown(this.offsets, rows + 1);
    const extra = this.length > 0 ? Math.ceil((this.byteLength / this.length) * rows) - this.byteLength : 0;
    if (extra > 0) this.reserveBytes(Math.min(extra, MAX_BYTES - this.byteLength));
  }

  private reserveBytes(extra: number): void {
    const need = this.byteLength + extra;
    if (need > MAX_BYTES) {
      throw new RangeError(
        'More than 2 GiB of text in one column of one partition: use a smaller blocksize.',
      );
    }
    if (need <= this.data.length) return;
    const next = Buffer.allocUnsafeSlow(Math.min(MAX_BYTES, Math.max(need, this.data.length * 2)));
    this.data.copy(next, 0, 0, this.byteLength);
    this.data = next;
  }

  private end(): void {
    if (this.length + 1 === this.offsets.length) this.offsets = grown(this.offsets, this.length + 2);
    this.offsets[++this.length] = this.byteLength;
  }

  appendString(value: string): void {
    this.reserveBytes(value.length * 3);
    this.byteLength += this.data.write(value, this.byteLength, 'utf8');
    this.end();
  }

  /** Append the bytes `bytes[start, end)` (already UTF-8). */
  appendBytes(bytes: Uint8Array, start: number, end: number): void {
    const n = end - start;
    this.reserveBytes(n);
    const data = this.data;
    let at = this.byteLength;
    if (n < 32) {
      for (let i = start; i < end; i++) data[at++] = bytes[i];
    } else {
      data.set(bytes.subarray(start, end), at);
    }
    this.byteLength += n;
    this.end();
  }

  appendNull(): void {
    this.validity.setNull(this.length);
    this.end();
  }

  finish(type: DataType): Data {
    const { nullCount, nullBitmap } = this.validity.finish(this.length);
    return makeData({
      type: type as never,
      length: this.length,
      nullCount,
      nullBitmap,
      valueOffsets: trimmed(this.offsets, this.length + 1),
      data: plainBytes(this.data, this.byteLength),
    });
  }
}
