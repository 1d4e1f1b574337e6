/**
 * Number grammar of the reader, for strings (papaparse engine, inference) and for bytes (fast engine),
 * kept side by side so both engines accept exactly the same text:
 *   integer: [ \t]* [+-]? digit+ [ \t]*
 *   float:   [ \t]* [+-]? (digit+ (. digit*)? | . digit+) ([eE] [+-]? digit+)? [ \t]*
 *            or [+-]? (inf | infinity | nan), any case.
 * Floats are correctly rounded: strings go through `Number`; bytes take Clinger's exact fast path
 * (≤ 15 significant digits, |exponent| ≤ 22: one IEEE multiply or divide of two exact values) and
 * otherwise fall back to `Number` on the decoded text.
 */

const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22,
];

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/**
 * Parse an integer; NaN when `s` is not one. Values beyond ±(2^53 − 1) come back inexact (check
 * `Number.isSafeInteger` and use `BigInt` on the trimmed text for int64).
 *
 * @example
 * parseIntString(' -42 '); // -42
 * parseIntString('4.2'); // NaN
 */
export function parseIntString(s: string): number {
  const n = s.length;
  let i = 0;
  while (i < n && isBlank(s.charCodeAt(i))) i++;
  let neg = false;
  let c = s.charCodeAt(i);
  if (c === 45 || c === 43) {
    neg = c === 45;
    i++;
  }
  const first = i;
  let v = 0;
  for (; i < n; i++) {
    c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    v = v * 10 + c;
  }
  if (i === first) return Number.NaN;
  while (i < n && isBlank(s.charCodeAt(i))) i++;
  if (i !== n) return Number.NaN;
  return neg ? -v : v;
}

/**
 * `parseIntString` over the bytes from `start` to `end`.
 *
 * @example
 * parseIntBytes(Buffer.from('a,-12'), 2, 5); // -12
 */
export function parseIntBytes(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end && isBlank(bytes[i])) i++;
  let neg = false;
  let c = bytes[i];
  if (i < end && (c === 45 || c === 43)) {
    neg = c === 45;
    i++;
  }
  const first = i;
  let v = 0;
  for (; i < end; i++) {
    c = bytes[i] - 48;
    if (c < 0 || c > 9) break;
    v = v * 10 + c;
  }
  if (i === first) return Number.NaN;
  while (i < end && isBlank(bytes[i])) i++;
  if (i !== end) return Number.NaN;
  return neg ? -v : v;
}

/** The special float spelled by letters in bytes[i, end) (inf, infinity, nan; any case), else undefined. */
function specialFloatBytes(bytes: Uint8Array, i: number, end: number, neg: boolean): number | undefined {
  const len = end - i;
  if (len !== 3 && len !== 8) return undefined;
  let word = '';
  for (let k = i; k < end; k++) {
    const c = bytes[k];
    word += String.fromCharCode(c >= 65 && c <= 90 ? c + 32 : c);
  }
  if (word === 'inf' || word === 'infinity') return neg ? -Infinity : Infinity;
  if (word === 'nan') return Number.NaN;
  return undefined;
}

/** The special float spelled by letters in s[i, end) (inf, infinity, nan; any case), else undefined. */
function specialFloatString(s: string, i: number, end: number, neg: boolean): number | undefined {
  const len = end - i;
  if (len !== 3 && len !== 8) return undefined;
  const word = s.slice(i, end).toLowerCase();
  if (word === 'inf' || word === 'infinity') return neg ? -Infinity : Infinity;
  if (word === 'nan') return Number.NaN;
  return undefined;
}

/**
 * The common shape `[+-]? digit* (. digit*)?` with 1 to 15 digits and nothing else (no blanks, no
 * exponent), as `parseFloatString` reads it (the same value: all digits form one exact integer,
 * divided once by an exact power of ten); NaN for any other text.
 */
function plainDecimal(s: string): number {
  const n = s.length;
  if (n === 0 || n > 17) return Number.NaN;
  let i = 0;
  let neg = false;
  const c = s.charCodeAt(0);
  if (c === 45 || c === 43) {
    neg = c === 45;
    i = 1;
  }
  let m = 0;
  const s0 = i;
  for (; i < n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    m = m * 10 + d;
  }
  let digits = i - s0;
  let frac = 0;
  if (i < n && s.charCodeAt(i) === 46) {
    i++;
    const f0 = i;
    for (; i < n; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      m = m * 10 + d;
    }
    frac = i - f0;
    digits += frac;
  }
  if (i !== n || digits === 0 || digits > 15) return Number.NaN;
  return neg ? -(m / POW10[frac]) : m / POW10[frac];
}

/**
 * Parse a float (see the grammar above); undefined when `s` is not one.
 *
 * @example
 * parseFloatString('1.5e3'); // 1500
 * parseFloatString('-inf'); // -Infinity
 * parseFloatString('1,5'); // undefined
 */
export function parseFloatString(s: string): number | undefined {
  const plain = plainDecimal(s);
  if (!Number.isNaN(plain)) return plain; // the common shape, done
  const start = 0;
  const end = s.length;
  let i = start;
  while (i < end && isBlank(s.charCodeAt(i))) i++;
  let hi = end;
  while (hi > i && isBlank(s.charCodeAt(hi - 1))) hi--;
  if (i >= hi) return undefined;
  let neg = false;
  let c = s.charCodeAt(i);
  if (c === 45 || c === 43) {
    neg = c === 45;
    i++;
  }
  c = s.charCodeAt(i);
  if (i < hi && ((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return specialFloatString(s, i, hi, neg);
  let mant = 0;
  let sig = 0;
  let exp = 0;
  let digits = 0;
  for (; i < hi; i++) {
    c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    digits++;
    if (sig > 0 || c !== 0) {
      if (sig < 16) mant = mant * 10 + c;
      else exp++;
      sig++;
    }
  }
  if (i < hi && s.charCodeAt(i) === 46) {
    i++;
    for (; i < hi; i++) {
      c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      digits++;
      if (sig > 0 || c !== 0) {
        if (sig < 16) {
          mant = mant * 10 + c;
          exp--;
        }
        sig++;
      } else {
        exp--;
      }
    }
  }
  if (digits === 0) return undefined;
  if (i < hi && (s.charCodeAt(i) === 101 || s.charCodeAt(i) === 69)) {
    i++;
    let eneg = false;
    c = s.charCodeAt(i);
    if (i < hi && (c === 45 || c === 43)) {
      eneg = c === 45;
      i++;
    }
    let e = 0;
    const first = i;
    for (; i < hi; i++) {
      c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      if (e < 100000) e = e * 10 + c;
    }
    if (i === first) return undefined;
    exp += eneg ? -e : e;
  }
  if (i !== hi) return undefined;
  if (sig <= 15 && exp >= -22 && exp <= 22) {
    // Clinger's fast path: both operands exact, one rounding.
    const m = neg ? -mant : mant;
    return exp >= 0 ? m * POW10[exp] : m / POW10[-exp];
  }
  return Number(s);
}

/**
 * `parseFloatString` over `bytes[start, end)`, without decoding in the common case.
 *
 * @example
 * parseFloatBytes(new TextEncoder().encode('x=2.5'), 2, 5); // 2.5
 */
export function parseFloatBytes(bytes: Uint8Array, start: number, end: number): number | undefined {
  let i = start;
  while (i < end && isBlank(bytes[i])) i++;
  let hi = end;
  while (hi > i && isBlank(bytes[hi - 1])) hi--;
  if (i >= hi) return undefined;
  let neg = false;
  let c = bytes[i];
  if (c === 45 || c === 43) {
    neg = c === 45;
    i++;
  }
  c = bytes[i];
  if (i < hi && ((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return specialFloatBytes(bytes, i, hi, neg);
  let mant = 0;
  let sig = 0;
  let exp = 0;
  let digits = 0;
  for (; i < hi; i++) {
    c = bytes[i] - 48;
    if (c < 0 || c > 9) break;
    digits++;
    if (sig > 0 || c !== 0) {
      if (sig < 16) mant = mant * 10 + c;
      else exp++;
      sig++;
    }
  }
  if (i < hi && bytes[i] === 46) {
    i++;
    for (; i < hi; i++) {
      c = bytes[i] - 48;
      if (c < 0 || c > 9) break;
      digits++;
      if (sig > 0 || c !== 0) {
        if (sig < 16) {
          mant = mant * 10 + c;
          exp--;
        }
        sig++;
      } else {
        exp--;
      }
    }
  }
  if (digits === 0) return undefined;
  if (i < hi && (bytes[i] === 101 || bytes[i] === 69)) {
    i++;
    let eneg = false;
    c = bytes[i];
    if (i < hi && (c === 45 || c === 43)) {
      eneg = c === 45;
      i++;
    }
    let e = 0;
    const first = i;
    for (; i < hi; i++) {
      c = bytes[i] - 48;
      if (c < 0 || c > 9) break;
      if (e < 100000) e = e * 10 + c;
    }
    if (i === first) return undefined;
    exp += eneg ? -e : e;
  }
  if (i !== hi) return undefined;
  if (sig <= 15 && exp >= -22 && exp <= 22) {
    // Clinger's fast path: both operands exact, one rounding.
    const m = neg ? -mant : mant;
    return exp >= 0 ? m * POW10[exp] : m / POW10[-exp];
  }
  let text = '';
  for (let k = start; k < end; k++) text += String.fromCharCode(bytes[k]);
  return Number(text);
}
