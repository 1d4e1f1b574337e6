/**
 * Stable LSD radix sort of a permutation by 64-bit unsigned keys given as (hi, lo) uint32 words.
 *
 * The keys are first gathered into permutation order, then sorted together with the permutation in
 * six passes of 11 bits (least significant first; 2048 buckets keep the scatter targets in cache).
 * All six histograms come from one read of the keys, and a pass whose digit is the same for every row
 * is skipped, so keys that fit in fewer bits (small ints, ranks) cost fewer passes. Each pass is a
 * counting sort, hence stable, so sorting by several keys is done by sorting by the last key first.
 * O(n) per pass — an order of magnitude faster than a comparison sort with a comparator at 1M rows.
 * Reference: Knuth TAOCP vol. 3 §5.2.5; Terdiman, "Radix Sort Revisited" (floats via the
 * order-preserving IEEE-754 bit transform, see sort.ts).
 */

const BITS = 11;
const BUCKETS = 1 << BITS;
const MASK = BUCKETS - 1;
// (word, shift) of each digit: lo 0..10, 11..21, 22..31, hi 0..10, 11..21, 22..31
const DIGITS: readonly [number, number][] = [
  [0, 0],
  [0, 11],
  [0, 22],
  [1, 0],
  [1, 11],
  [1, 22],
];

/**
 * Reorder `perm` (row indices) stably by the keys (hi, lo) of the rows it holds; returns the sorted
 * permutation (possibly a different array).
 *
 * @example
 * radixSortPerm(Int32Array.of(0, 1, 2), Uint32Array.of(0, 0, 0), Uint32Array.of(5, 1, 3)); // [1, 2, 0]
 */
export function radixSortPerm(perm: Int32Array, hi: Uint32Array, lo: Uint32Array): Int32Array {
  const n = perm.length;
  if (n < 2) return perm;
  let p: Int32Array = perm;
  let kh = new Uint32Array(n);
  let kl = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const r = p[i];
    kh[i] = hi[r];
    kl[i] = lo[r];
  }
  const hist = new Int32Array(6 * BUCKETS);
  for (let i = 0; i < n; i++) {
    const l = kl[i];
    const h = kh[i];
    hist[l & MASK]++;
    hist[BUCKETS + ((l >>> 11) & MASK)]++;
    hist[2 * BUCKETS + (l >>> 22)]++;
    hist[3 * BUCKETS + (h & MASK)]++;
    hist[4 * BUCKETS + ((h >>> 11) & MASK)]++;
    hist[5 * BUCKETS + (h >>> 22)]++;
  }
  let p2: Int32Array = new Int32Array(n);
  let kh2 = new Uint32Array(n);
  let kl2 = new Uint32Array(n);
  for (let d = 0; d < 6; d++) {
    const base = d * BUCKETS;
    const [word, shift] = DIGITS[d];
    const first = word === 0 ? (kl[0] >>> shift) & MASK : (kh[0] >>> shift) & MASK;
    if (hist[base + first] === n) continue;
    let sum = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const c = hist[base + b];
      hist[base + b] = sum;
      sum += c;
    }
    const src = word === 0 ? kl : kh;
    for (let i = 0; i < n; i++) {
      const at = hist[base + ((src[i] >>> shift) & MASK)]++;
      p2[at] = p[i];
      kh2[at] = kh[i];
      kl2[at] = kl[i];
    }
    [p, p2] = [p2, p];
    [kh, kh2] = [kh2, kh];
    [kl, kl2] = [kl2, kl];
  }
  return p;
}
