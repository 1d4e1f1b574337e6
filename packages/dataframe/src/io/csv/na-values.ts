/**
 * Missing-value matching for strings (papaparse engine) and byte ranges (fast engine). Most fields are
 * rejected without a hash lookup: by length, then by a table of the NA spellings' first characters.
 * Numeric columns parse first and consult the NA list only when the parsed number is one an NA
 * spelling also parses to (NaN for the default 'NaN' / 'nan'), via `maybeNumericNa`.
 */

import { parseFloatString } from './text-number.js';

const matchers = new Map<string, NaMatcher>();

/**
 * The matcher of `values`, made once per list in a thread (a matcher does not change once made;
 * each partition of a read asks for the same one).
 *
 * @example
 * naMatcher(['', 'NA']) === naMatcher(['', 'NA']); // true
 */
export function naMatcher(values: readonly string[]): NaMatcher {
  const key = JSON.stringify(values);
  let m = matchers.get(key);
  if (m === undefined) {
    if (matchers.size >= 64) matchers.clear();
    m = new NaMatcher(values);
    matchers.set(key, m);
  }
  return m;
}

/**
 * Matches fields against the `naValues` spellings.
 *
 * @example
 * const na = new NaMatcher(['', 'NA']);
 * na.isNaString('NA'); // true
 * na.isNaBytes(new TextEncoder().encode('xNA'), 1, 3); // true
 */
export class NaMatcher {
  private readonly strings: Set<string>;
  private readonly maxChars: number;
  private readonly hasEmpty: boolean;
  private readonly firstChar = new Uint8Array(65536);
  private readonly firstByte = new Uint8Array(256);
  private readonly byLength: (Uint8Array[] | undefined)[] = [];
  private readonly numeric = new Set<number>();
  private readonly numericNaN: boolean;

  constructor(values: readonly string[]) {
    this.strings = new Set(values);
    this.maxChars = Math.max(-1, ...values.map((v) => v.length));
    this.hasEmpty = this.strings.has('');
    const enc = new TextEncoder();
    let nan = false;
    for (const v of this.strings) {
      const b = enc.encode(v);
      const bucket = this.byLength[b.length] ?? [];
      bucket.push(b);
      this.byLength[b.length] = bucket;
      if (v.length > 0) {
        this.firstChar[v.charCodeAt(0)] = 1;
        this.firstByte[b[0]] = 1;
      }
      const x = parseFloatString(v);
      if (x !== undefined) {
        if (Number.isNaN(x)) nan = true;
        else this.numeric.add(x);
      }
    }
    this.numericNaN = nan;
  }

  isNaString(s: string): boolean {
    const n = s.length;
    if (n === 0) return this.hasEmpty;
    return n <= this.maxChars && this.firstChar[s.charCodeAt(0)] === 1 && this.strings.has(s);
  }

  isNaBytes(bytes: Uint8Array, start: number, end: number): boolean {
    const len = end - start;
    if (len === 0) return this.hasEmpty;
    if (len >= this.byLength.length || this.firstByte[bytes[start]] === 0) return false;
    const candidates = this.byLength[len];
    if (candidates === undefined) return false;
    outer: for (const c of candidates) {
      for (let i = 0; i < len; i++) if (c[i] !== bytes[start + i]) continue outer;
      return true;
    }
    return false;
  }

  /** Does some NA spelling parse as a (non-NaN) number, such as '-999'? */
  get hasNumeric(): boolean {
    return this.numeric.size > 0;
  }

  /** Does some NA spelling have exactly `bytes` UTF-8 bytes? */
  hasByteLength(bytes: number): boolean {
    return bytes < this.byLength.length && this.byLength[bytes] !== undefined;
  }

  /** Could a field that parsed to `x` be an NA spelling? (Then check the text.) */
  maybeNumericNa(x: number): boolean {
    return Number.isNaN(x) ? this.numericNaN : this.numeric.size > 0 && this.numeric.has(x);
  }
}
