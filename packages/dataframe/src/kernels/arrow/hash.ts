/**
 * Stable 32-bit hashes of key values, identical on every worker thread and process (no per-process
 * seeds), so a shuffle sends equal keys to the same partition wherever it runs.
 *
 * Numbers hash by value, not by storage type: an integral value in int32 range hashes through the
 * integer path whatever its column type (int8…int64, float, timestamp), so `3` in an int32 column and
 * `3.0` in a float64 column meet. Other numbers hash their float64 bits (-0 is 0, all NaNs are one
 * value). Strings hash their UTF-8 bytes (FNV-1a), so plain and dictionary-encoded columns agree. Every
 * hash ends with MurmurHash3's fmix32 finaliser for avalanche. Reference: Appleby, MurmurHash3;
 * Fowler–Noll–Vo FNV-1a.
 */

/**
 * MurmurHash3 fmix32: a bijective mix of a 32-bit integer.
 *
 * @example
 * fmix32(1) !== fmix32(2); // true
 */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/** Hash of a null key. */
export const NULL_HASH = 0x2f6b1c35;
const NAN_HASH = 0x5bd1e995;
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/**
 * Hash of a number key (see the module header for the value-based rule).
 *
 * @example
 * hashNumber(3) === hashNumber(3.0); // true
 */
export function hashNumber(v: number): number {
  if ((v | 0) === v) return fmix32(v ^ 0x7f4a7c15);
  if (Number.isNaN(v)) return NAN_HASH;
  f64[0] = v;
  return fmix32(u32[0] ^ fmix32(u32[1] ^ 0x1b873593));
}

/**
 * Hash of the UTF-8 bytes `bytes[start .. end)`.
 *
 * @example
 * hashBytes(new TextEncoder().encode('abc'), 0, 3);
 */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let j = start; j < end; j++) {
    h ^= bytes[j];
    h = Math.imul(h, 16777619);
  }
  return fmix32(h ^ (end - start));
}

/**
 * Combine the running hash of earlier key columns with the hash of the next one.
 *
 * @example
 * combineHash(hashNumber(1), hashNumber(2)) !== combineHash(hashNumber(2), hashNumber(1)); // true
 */
export function combineHash(h: number, k: number): number {
  return fmix32((Math.imul(h, 0x9e3779b1) + k) | 0);
}
