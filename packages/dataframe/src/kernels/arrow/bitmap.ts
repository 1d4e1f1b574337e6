/**
 * Validity bitmaps and byte masks.
 *
 * Arrow stores validity (and bool values) as LSB-first bit-packed bitmaps addressed at bit
 * `data.offset + i`. The kernels' inner loops prefer a byte per row (`Uint8Array`, 1 = valid), which is
 * branch-free to combine; `validMask` unpacks once per column and `packMask` packs results back.
 * A mask of `null` means "all rows valid". Reference: Arrow columnar format, "Validity bitmaps".
 */

import type { Data } from 'apache-arrow';

/**
 * Bit `i` of an LSB-first bitmap.
 *
 * @example
 * getBit(Uint8Array.of(0b10), 1); // 1
 */
export function getBit(bits: Uint8Array, i: number): number {
  return (bits[i >> 3] >> (i & 7)) & 1;
}

/**
 * Unpack `n` bits starting at bit `offset` into a byte per bit (0/1).
 *
 * @example
 * unpackBits(Uint8Array.of(0b101), 0, 3); // Uint8Array [1, 0, 1]
 */
export function unpackBits(bits: Uint8Array, offset: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  let i = 0;
  // align to a byte boundary, then unpack whole bytes
  while (i < n && ((offset + i) & 7) !== 0) {
    out[i] = getBit(bits, offset + i);
    i++;
  }
  let byte = (offset + i) >> 3;
  for (; i + 8 <= n; i += 8) {
    const b = bits[byte++];
    out[i] = b & 1;
    out[i + 1] = (b >> 1) & 1;
    out[i + 2] = (b >> 2) & 1;
    out[i + 3] = (b >> 3) & 1;
    out[i + 4] = (b >> 4) & 1;
    out[i + 5] = (b >> 5) & 1;
    out[i + 6] = (b >> 6) & 1;
    out[i + 7] = (b >> 7) & 1;
  }
  for (; i < n; i++) out[i] = getBit(bits, offset + i);
  return out;
}

/**
 * Pack a byte-per-row mask (nonzero = set) into an LSB-first bitmap of `ceil(n / 8)` bytes.
 *
 * @example
 * packMask(Uint8Array.of(1, 0, 1), 3); // Uint8Array [0b101]
 */
export function packMask(mask: ArrayLike<number>, n: number): Uint8Array {
  const out = new Uint8Array((n + 7) >> 3);
  const whole = n & ~7;
  let byte = 0;
  for (let i = 0; i < whole; i += 8) {
    out[byte++] =
      (mask[i] ? 1 : 0) |
      (mask[i + 1] ? 2 : 0) |
      (mask[i + 2] ? 4 : 0) |
      (mask[i + 3] ? 8 : 0) |
      (mask[i + 4] ? 16 : 0) |
      (mask[i + 5] ? 32 : 0) |
      (mask[i + 6] ? 64 : 0) |
      (mask[i + 7] ? 128 : 0);
  }
  for (let i = whole; i < n; i++) if (mask[i]) out[i >> 3] |= 1 << (i & 7);
  return out;
}

/**
 * The validity of a column chunk as a byte mask (1 = valid), or null when it has no nulls.
 *
 * @example
 * validMask(vectorFromArray([1, null]).data[0]); // Uint8Array [1, 0]
 */
export function validMask(data: Data): Uint8Array | null {
  if (data.nullCount === 0) return null;
  const bits = data.nullBitmap;
  if (!bits || bits.length === 0) {
    // Null type: every row is null
    return new Uint8Array(data.length);
  }
  return unpackBits(bits, data.offset, data.length);
}

/**
 * The row-wise AND of two masks (null = all valid).
 *
 * @example
 * andMasks(null, Uint8Array.of(1, 0), 2); // Uint8Array [1, 0]
 */
export function andMasks(a: Uint8Array | null, b: Uint8Array | null, n: number): Uint8Array | null {
  if (a === null) return b;
  if (b === null) return a;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = a[i] & b[i];
  return out;
}

/**
 * Number of zero bytes in a mask (the null count).
 *
 * @example
 * countZeros(Uint8Array.of(1, 0, 0), 3); // 2
 */
export function countZeros(mask: Uint8Array | null, n: number): number {
  if (mask === null) return 0;
  let z = 0;
  for (let i = 0; i < n; i++) z += mask[i] === 0 ? 1 : 0;
  return z;
}

/**
 * A validity bitmap and null count for `makeData` from a byte mask: `[bitmap | undefined, nullCount]`.
 *
 * @example
 * bitmapOf(Uint8Array.of(1, 0), 2); // [Uint8Array [1], 1]
 */
export function bitmapOf(mask: Uint8Array | null, n: number): [Uint8Array | undefined, number] {
  const nulls = countZeros(mask, n);
  if (nulls === 0) return [undefined, 0];
  return [packMask(mask!, n), nulls];
}
