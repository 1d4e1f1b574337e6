/**
 * gemm: C = A · B for row-major float64 matrices, in plain JavaScript. The loop order is i-k-j (the
 * innermost loop streams a row of B into a row of C, which V8 compiles to tight scalar code), with
 * two cache levels of blocking: panels of KC rows of B (KC × NC doubles ≈ 256 KiB, resident in L2)
 * are reused by every row of A, and four rows of C are updated per pass over a B row so each B load
 * feeds four multiply-adds. Reference: Goto & van de Geijn, "Anatomy of high-performance matrix
 * multiplication" (2008) — without the packed SIMD micro-kernel, which JS cannot express.
 */

import { allocate } from '../dtype.js';

const KC = 128;
const NC = 256;

/**
 * `A (m×k) · B (k×n)` into a new Float64Array (m×n).
 *
 * @example
 * gemm(Float64Array.of(1, 2, 3, 4), Float64Array.of(5, 6, 7, 8), 2, 2, 2); // [19, 22, 43, 50]
 */
export function gemm(A: Float64Array, B: Float64Array, m: number, k: number, n: number): Float64Array {
  const C = allocate('float64', m * n) as Float64Array;
  for (let j0 = 0; j0 < n; j0 += NC) {
    const j1 = Math.min(n, j0 + NC);
    for (let p0 = 0; p0 < k; p0 += KC) {
      const p1 = Math.min(k, p0 + KC);
      let i = 0;
      for (; i + 4 <= m; i += 4) {
        const c0 = i * n;
        const c1 = c0 + n;
        const c2 = c1 + n;
        const c3 = c2 + n;
        const a0 = i * k;
        const a1 = a0 + k;
        const a2 = a1 + k;
        const a3 = a2 + k;
        for (let p = p0; p < p1; p++) {
          const x0 = A[a0 + p];
          const x1 = A[a1 + p];
          const x2 = A[a2 + p];
          const x3 = A[a3 + p];
          const b = p * n;
          for (let j = j0; j < j1; j++) {
            const y = B[b + j];
            C[c0 + j] += x0 * y;
            C[c1 + j] += x1 * y;
            C[c2 + j] += x2 * y;
            C[c3 + j] += x3 * y;
          }
        }
      }
      for (; i < m; i++) {
        const c0 = i * n;
        const a0 = i * k;
        for (let p = p0; p < p1; p++) {
          const x0 = A[a0 + p];
          const b = p * n;
          for (let j = j0; j < j1; j++) C[c0 + j] += x0 * B[b + j];
        }
      }
    }
  }
  return C;
}
