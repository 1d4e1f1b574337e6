/**
 * The structural index of a CSV byte range: the positions of its delimiters, LFs, quotes and CRs, in
 * order, found sixteen bytes at a time by a small WebAssembly SIMD module (wasm/structural-index.wat,
 * ~2 GB/s here, against ~0.5 GB/s for a byte-at-a-time loop in JavaScript). The fast engine's row
 * scanner (fast-rows.ts) reads a plain row's field bounds from it instead of looking for them byte
 * by byte.
 *
 * Entry i is `(position << 2) | kind` with kind DELIMITER, LF, QUOTE or CR; positions are those of
 * the caller's buffer (the range is copied into the module's memory, at most `INDEX_CAPACITY` bytes
 * at a time). One index serves a thread: the entries belong to whoever indexed last.
 */

import { STRUCTURAL_INDEX_WASM } from './structural-index-wasm.js';

export const DELIMITER = 0;
export const LF = 1;
export const QUOTE = 2;
export const CR = 3;

/** The most bytes one call indexes (the input area of the module's memory). */
export const INDEX_CAPACITY = 1 << 18;
/** Positions must fit in 29 bits (an entry is position << 2 in an int32). */
export const MAX_POSITION = 1 << 29;
const ENTRIES_AT = INDEX_CAPACITY + 16;

interface IndexExports {
  memory: { buffer: ArrayBuffer };
  index(len: number, base: number, delimiter: number, quote: number): number;
}

/** The part of the WebAssembly API used here (the project's type libraries do not declare it). */
interface Wasm {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: object };
}

/**
 * A thread's structural index.
 *
 * @example
 * const index = StructuralIndex.forThread(); // null where WebAssembly SIMD is not available
 * const n = index!.index(Buffer.from('a,"b"\n'), 0, 6, 44, 34);
 * index!.entries.subarray(0, n); // [1<<2|0, 2<<2|2, 4<<2|2, 5<<2|1]
 */
export class StructuralIndex {
  /** The entries of the last `index` call, from 0 (with room for one more, a sentinel the caller may write). */
  readonly entries: Int32Array;
  /** Whoever indexed last (the entries are theirs). */
  owner: unknown = null;
  private readonly input: Uint8Array;
  private readonly run: IndexExports['index'];

  private constructor(exports: IndexExports) {
    this.input = new Uint8Array(exports.memory.buffer, 0, INDEX_CAPACITY);
    this.entries = new Int32Array(exports.memory.buffer, ENTRIES_AT, INDEX_CAPACITY + 1);
    this.run = exports.index;
  }

  /** This thread's index, made on first use; null when WebAssembly (with SIMD) is not available. */
  static forThread(): StructuralIndex | null {
    if (thread === undefined) thread = StructuralIndex.make();
    return thread;
  }

  private static make(): StructuralIndex | null {
    try {
      const wasm = (globalThis as { WebAssembly?: Wasm }).WebAssembly;
      if (wasm === undefined) return null;
      const bytes = Buffer.from(STRUCTURAL_INDEX_WASM, 'base64');
      const instance = new wasm.Instance(new wasm.Module(bytes));
      return new StructuralIndex(instance.exports as unknown as IndexExports);
    } catch {
      return null;
    }
  }

  /**
   * Index bytes [from, to) (at most INDEX_CAPACITY of them, to < MAX_POSITION); returns the number
   * of entries, now at entries[0, count).
   */
  index(bytes: Uint8Array, from: number, to: number, delimiter: number, quote: number): number {
    const len = to - from;
    if (len < 0 || len > INDEX_CAPACITY || to >= MAX_POSITION)
      throw new RangeError(`StructuralIndex: cannot index bytes [${from}, ${to})`);
    this.input.set(bytes.subarray(from, to), 0);
    return this.run(len, from, delimiter, quote);
  }
}

let thread: StructuralIndex | null | undefined;
