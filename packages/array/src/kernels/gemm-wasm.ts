/**
 * gemm in WebAssembly SIMD: the same C = A · B as gemm.ts, about an order of magnitude faster than
 * the scalar JavaScript loop on V8 (which cannot vectorise). The module is assembled here, at load,
 * from a few dozen instructions (no toolchain, no binary blob): one function that multiplies packed
 * panels with a 6 × 4 register tile of twelve f64x2 accumulators (with the two B vectors and one
 * splat, 15 of the 16 SIMD registers):
 *
 *     for each strip of 6 rows of A (packed: for each p, the 6 values A[i..i+5][p] side by side)
 *       for each panel of 4 columns of B (packed: for each p, B[p][j..j+3] side by side)
 *         acc[0..11] = the C tile (accumulate)
 *         for p in 0..k: b = B panel row p (two f64x2); for r in 0..5: acc[r] += splat(A[r][p]) · b
 *                        (unrolled by two: k is padded to even)
 *         store the 6 × 4 tile of C
 *
 * The caller blocks k by KC and n by slabs of NC_PANELS panels (Goto's loop order: each packed B slab
 * stays in L2 while every A strip streams past it, each tile accumulating onto C). Packing (in JS)
 * pads m to a multiple of 6, n of 4 and k of 2 with zeros, so the kernel has no edge cases;
 * both operand panels are then read sequentially. Reference: Goto & van de Geijn (2008), the packed
 * micro-kernel idea. Where WebAssembly SIMD is unavailable, `gemmFast` falls back to gemm.ts.
 */

import { allocate } from '../dtype.js';
import { gemm } from './gemm.js';

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const name = (s: string) => [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];

// Instructions.
const get = (i: number) => [0x20, ...uleb(i)];
const set = (i: number) => [0x21, ...uleb(i)];
const i32 = (v: number) => [0x41, ...sleb(v)];
const I32_ADD = [0x6a];
const I32_SUB = [0x6b];
const I32_MUL = [0x6c];
const I32_LT_U = [0x49];
const LOOP = [0x03, 0x40];
const END = [0x0b];
const brIf = (depth: number) => [0x0d, ...uleb(depth)];
const f64Load = (offset: number) => [0x2b, 3, ...uleb(offset)];
const simd = (op: number) => [0xfd, ...uleb(op)];
const v128Load = (offset: number) => [...simd(0x00), 4, ...uleb(offset)];
const v128Store = (offset: number) => [...simd(0x0b), 4, ...uleb(offset)];
const F64X2_SPLAT = simd(0x14);
const F64X2_ADD = simd(0xf0);
const F64X2_MUL = simd(0xf2);

/** Depth of one k block (even): an A strip of R × KC and a B panel of KC × 4 stay in L1. */
const KC = 256;
/** Panels of B per slab: a KC × 4·NC_PANELS slab (512 KiB) stays in L2 while every A strip passes. */
const NC_PANELS = 64;

/** Rows of the register tile (× 4 columns): 2R f64x2 accumulators + 3 more registers fit in 16. */
const R = 6;
// Locals: params a, b, c, mR, k, n4, ldc; then i, j, p, ap, bp, cp; acc0..2R-1, av, b0, b1.
const [A, B, C, M4, K, N4, LDC, I, J, P, AP, BP, CP] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
const ACC = (r: number) => 13 + r;
const AV = 13 + 2 * R;
const B0 = AV + 1;
const B1 = AV + 2;

/** C tile row r of the current tile: cp + r * ldc (+ 16 for the second half). */
function tileRow(r: number): number[] {
  return r === 0 ? get(CP) : [...get(CP), ...get(LDC), ...i32(r), ...I32_MUL, ...I32_ADD];
}

function body(): number[] {
  const code: number[] = [];
  const emit = (...parts: number[][]) => {
    for (const p of parts) code.push(...p);
  };
  emit(i32(0), set(I), LOOP); // for i
  emit(i32(0), set(J), LOOP); // for j
  // cp = c + i * R * ldc + j * 32: the tile accumulates onto what C holds (k is blocked by the caller).
  emit(
    get(C),
    get(I),
    i32(R),
    I32_MUL,
    get(LDC),
    I32_MUL,
    I32_ADD,
    get(J),
    i32(32),
    I32_MUL,
    I32_ADD,
    set(CP),
  );
  for (let r = 0; r < R; r++) {
    emit(tileRow(r), v128Load(0), set(ACC(2 * r)), tileRow(r), v128Load(16), set(ACC(2 * r + 1)));
  }
  // ap = a + i * k * 8R; bp = b + j * k * 32; p = k
  emit(get(A), get(I), get(K), I32_MUL, i32(8 * R), I32_MUL, I32_ADD, set(AP));
  emit(get(B), get(J), get(K), I32_MUL, i32(32), I32_MUL, I32_ADD, set(BP));
  emit(get(K), set(P), LOOP); // for p, two steps at a time (k is even)
  for (const step of [0, 1]) {
    emit(get(BP), v128Load(32 * step), set(B0), get(BP), v128Load(32 * step + 16), set(B1));
    for (let r = 0; r < R; r++) {
      emit(get(AP), f64Load(8 * R * step + 8 * r), F64X2_SPLAT, set(AV));
      emit(get(ACC(2 * r)), get(AV), get(B0), F64X2_MUL, F64X2_ADD, set(ACC(2 * r)));
      emit(get(ACC(2 * r + 1)), get(AV), get(B1), F64X2_MUL, F64X2_ADD, set(ACC(2 * r + 1)));
    }
  }
  emit(get(AP), i32(16 * R), I32_ADD, set(AP), get(BP), i32(64), I32_ADD, set(BP));
  emit(get(P), i32(2), I32_SUB, set(P), get(P), brIf(0), END); // end p
  for (let r = 0; r < R; r++) {
    emit(tileRow(r), get(ACC(2 * r)), v128Store(0), tileRow(r), get(ACC(2 * r + 1)), v128Store(16));
  }
  emit(get(J), i32(1), I32_ADD, set(J), get(J), get(N4), I32_LT_U, brIf(0), END); // end j
  emit(get(I), i32(1), I32_ADD, set(I), get(I), get(M4), I32_LT_U, brIf(0), END); // end i
  emit(END);
  return code;
}

function moduleBytes(): Uint8Array {
  const locals = vec([
    [6, 0x7f],
    [2 * R + 3, 0x7b],
  ]);
  const fn = [...locals, ...body()];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec([[0x60, 7, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0]])),
    ...section(3, vec([[0]])),
    ...section(5, vec([[0x00, 1]])),
    ...section(
      7,
      vec([
        [...name('gemm'), 0x00, 0],
        [...name('mem'), 0x02, 0],
      ]),
    ),
    ...section(10, vec([[...uleb(fn.length), ...fn]])),
  ]);
}

/** The few WebAssembly names used here (the TypeScript lib in use declares none). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
const WA = (globalThis as any).WebAssembly as
  | {
      validate(b: Uint8Array): boolean;
      Module: new (b: Uint8Array) => object;
      Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
    }
  | undefined;

interface Kernel {
  readonly memory: WasmMemory;
  readonly gemm: (a: number, b: number, c: number, m4: number, k: number, n4: number, ldc: number) => void;
}

let kernelCache: Kernel | null | undefined;

/** The instantiated module, or null where WebAssembly SIMD is not available. */
function instance(): Kernel | null {
  if (kernelCache !== undefined) return kernelCache;
  try {
    const bytes = moduleBytes();
    if (WA === undefined || !WA.validate(bytes)) {
      kernelCache = null;
      return null;
    }
    const inst = new WA.Instance(new WA.Module(bytes), {});
    kernelCache = { memory: inst.exports.mem as WasmMemory, gemm: inst.exports.gemm as Kernel['gemm'] };
  } catch {
    kernelCache = null;
  }
  return kernelCache;
}

/** Whether the WebAssembly SIMD kernel is in use. */
export function wasmGemmAvailable(): boolean {
  return instance() !== null;
}

/**
 * `A (m×k) · B (k×n)` into a new Float64Array, with the WebAssembly SIMD kernel when available.
 *
 * @example
 * gemmFast(Float64Array.of(1, 2, 3, 4), Float64Array.of(5, 6, 7, 8), 2, 2, 2); // [19, 22, 43, 50]
 */
export function gemmFast(Am: Float64Array, Bm: Float64Array, m: number, k: number, n: number): Float64Array {
  const w = instance();
  if (w === null || k === 0 || m === 0 || n === 0) return gemm(Am, Bm, m, k, n);
  const m4 = Math.ceil(m / R);
  const n4 = Math.ceil(n / 4);
  const k2 = k + (k % 2);
  const kc = Math.min(KC, k2);
  const slab = Math.min(NC_PANELS, n4);
  const aBytes = m4 * R * kc * 8;
  const bBytes = slab * 4 * kc * 8;
  const cBytes = m4 * R * n4 * 4 * 8;
  const need = aBytes + bBytes + cBytes;
  if (need > 2 ** 31) return gemm(Am, Bm, m, k, n);
  const have = w.memory.buffer.byteLength;
  if (have < need) w.memory.grow(Math.ceil((need - have) / 65536));
  const mem = new Float64Array(w.memory.buffer);
  const ap = 0;
  const bp = aBytes / 8;
  const cp = (aBytes + bBytes) / 8;
  const ldc = n4 * 4;
  mem.fill(0, cp, cp + cBytes / 8);
  for (let p0 = 0; p0 < k2; p0 += KC) {
    const kb = Math.min(KC, k2 - p0);
    // Pack A[:, p0:p0+kb] in strips of R rows: for each p, A[i..i+R-1][p] side by side (zero padding).
    for (let s = 0; s < m4; s++) {
      const base = ap + s * kb * R;
      for (let r = 0; r < R; r++) {
        const row = s * R + r;
        const src = row * k;
        for (let q = 0; q < kb; q++) {
          const p = p0 + q;
          mem[base + q * R + r] = row < m && p < k ? Am[src + p] : 0;
        }
      }
    }
    for (let t0 = 0; t0 < n4; t0 += NC_PANELS) {
      const np = Math.min(NC_PANELS, n4 - t0);
      // Pack B[p0:p0+kb, panels t0..t0+np] (an L2-sized slab): for each p, B[p][j..j+3] side by side.
      for (let t = 0; t < np; t++) {
        const base = bp + t * kb * 4;
        const j0 = (t0 + t) * 4;
        const w4 = Math.min(4, n - j0);
        for (let q = 0; q < kb; q++) {
          const p = p0 + q;
          const o = base + q * 4;
          const src = p * n + j0;
          for (let c = 0; c < 4; c++) mem[o + c] = c < w4 && p < k ? Bm[src + c] : 0;
        }
      }
      w.gemm(ap * 8, bp * 8, (cp + t0 * 4) * 8, m4, kb, np, ldc * 8);
    }
  }
  const out = allocate('float64', m * n) as Float64Array;
  for (let i = 0; i < m; i++) out.set(mem.subarray(cp + i * ldc, cp + i * ldc + n), i * n);
  return out;
}
