/**
 * Benchmark data: a generated CSV of the shape dataframe engines are compared on, written fast and
 * cached, with the exact answers of the benchmark queries computed while it is written.
 *
 *   const path = ensureCsv({ bytes: 1e9, seed: 1 });   // or { rows: 1_000_000 }
 *   const truth = csvTruth(path);                       // rows, per-key and per-cat exact sums
 *
 * Columns (header row first, LF line ends, nothing quoted, no missing values):
 *   id   int     0, 1, 2, … (row number)
 *   key  string  `key_000` … `key_999` (1,000 values, uniform)
 *   cat  string  `cat_0` … `cat_9` (10 values, uniform)
 *   x    float   uniform in [-1000, 1000) with exactly 6 decimals (`-12.345678`): an integer count of
 *                micro-units, so sums are exact integers and every engine's answer can be checked
 *   y    int     uniform in 0 … 9999
 *   ts   string  ISO 8601 date-time in 2024 (`2024-03-15T08:31:05`), uniform over the year
 * About 60 bytes a row: 1 GB ≈ 16.7 M rows.
 *
 * Speed: one Buffer (4 MiB) is filled row by row with bytes from lookup tables (keys, cats, days,
 * two-digit numbers) and written with `writeSync`, then reused: ~0.5–1 GB/s, so even the 1 GB file
 * costs seconds the first time. Values come from mulberry32 (a 32-bit PRNG), so the same seed gives the
 * same file on every machine.
 *
 * Cache: files live in `dir` (default bench/out/data/, git-ignored) named by size and seed
 * (`tusk-bytes-1000000000-seed-1.csv`), beside a `.json` sidecar with the truth. A file is reused when
 * both exist and agree on the size; otherwise it is rewritten (to a temporary name, renamed at the end,
 * so an interrupted run never leaves a half file that looks complete).
 *
 * Truth (sidecar, `csvTruth(path)`): row count; per key: count, sum of x (in micro-units, exact), sum of
 * y; per cat: count, count and sum of x over the rows with x > 0, and count and sum of x over the rows
 * with x > HIGH_X (900: the filter of the benchmark's filter + sort + write). Sums are decimal strings
 * (BigInt-exact at any size); `csvTruth` returns them as BigInt.
 */

import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join, resolve } from 'node:path';

/** Where generated files are cached by default. */
export const DATA_DIR = new URL('../out/data/', import.meta.url).pathname;

export const COLUMNS = ['id', 'key', 'cat', 'x', 'y', 'ts'];
export const KEYS = 1000;
export const CATS = 10;
/** Names of key `i` and cat `i`, as written. */
export const keyName = (i) => `key_${String(i).padStart(3, '0')}`;
export const catName = (i) => `cat_${i}`;
/** The threshold of the high-x tally: rows with x > HIGH_X are counted and summed per cat. */
export const HIGH_X = 900;

const FORMAT_VERSION = 2;
const BUFFER_BYTES = 4 << 20;
const MAX_ROW_BYTES = 80;
const YEAR_SECONDS = 366 * 86400; // 2024 is a leap year
const MICRO = 1_000_000;
const HIGH_MICRO = HIGH_X * MICRO;

// --- lookup tables -----------------------------------------------------------------------------
// Month and day of month of each day of 2024 (the ts column), and the digit pairs '00' … '99'.
const DAY_MONTH = new Uint8Array(366);
const DAY_OF_MONTH = new Uint8Array(366);
for (let d = 0; d < 366; d++) {
  const date = new Date(Date.UTC(2024, 0, 1 + d));
  DAY_MONTH[d] = date.getUTCMonth() + 1;
  DAY_OF_MONTH[d] = date.getUTCDate();
}
const TWO = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  TWO[2 * i] = 48 + ((i / 10) | 0);
  TWO[2 * i + 1] = 48 + (i % 10);
}

// --- the generator ------------------------------------------------------------------------------

/** Accumulators of the truth, updated row by row (sums in Float64, flushed to BigInt per buffer). */
class Tally {
  keyCount = new Float64Array(KEYS);
  keySumX = new Float64Array(KEYS); // micro-units of x
  keySumY = new Float64Array(KEYS);
  catCount = new Float64Array(CATS);
  catPosCount = new Float64Array(CATS);
  catPosSumX = new Float64Array(CATS);
  catHighCount = new Float64Array(CATS);
  catHighSumX = new Float64Array(CATS);
  bigKeySumX = new Array(KEYS).fill(0n);
  bigKeySumY = new Array(KEYS).fill(0n);
  bigCatPosSumX = new Array(CATS).fill(0n);
  bigCatHighSumX = new Array(CATS).fill(0n);

  /** Move the Float64 sums into the BigInt ones (a buffer's sums stay far below 2^53: exact). */
  flush() {
    for (let k = 0; k < KEYS; k++) {
      this.bigKeySumX[k] += BigInt(this.keySumX[k]);
      this.bigKeySumY[k] += BigInt(this.keySumY[k]);
    }
    for (let c = 0; c < CATS; c++) {
      this.bigCatPosSumX[c] += BigInt(this.catPosSumX[c]);
      this.bigCatHighSumX[c] += BigInt(this.catHighSumX[c]);
    }
    this.keySumX.fill(0);
    this.keySumY.fill(0);
    this.catPosSumX.fill(0);
    this.catHighSumX.fill(0);
  }
}

const TWO32 = 2 ** 32;

/**
 * mulberry32 (Tommy Ettinger's 32-bit PRNG): state in `s[0]`, returns a uint32. Values are scaled to a
 * range with a multiply and floor (`r * n / 2^32`), never `%`, which on uint32s above 2^31 becomes a
 * float modulo (a C call) in V8.
 */
function next(s) {
  const a = (s[0] + 0x6d2b79f5) | 0;
  s[0] = a;
  let t = Math.imul(a ^ (a >>> 15), 1 | a);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return (t ^ (t >>> 14)) >>> 0;
}

const below = (r, n) => Math.floor((r / TWO32) * n);

/** Write v (0 ≤ v < 10,000) in decimal, without leading zeros. */
function writeSmall(buf, pos, v) {
  if (v < 10) {
    buf[pos] = 48 + v;
    return pos + 1;
  }
  if (v < 100) {
    buf[pos] = TWO[2 * v];
    buf[pos + 1] = TWO[2 * v + 1];
    return pos + 2;
  }
  const hi = (v / 100) | 0;
  const lo = v - hi * 100;
  if (hi < 10) {
    buf[pos] = 48 + hi;
    pos += 1;
  } else {
    buf[pos] = TWO[2 * hi];
    buf[pos + 1] = TWO[2 * hi + 1];
    pos += 2;
  }
  buf[pos] = TWO[2 * lo];
  buf[pos + 1] = TWO[2 * lo + 1];
  return pos + 2;
}

/** A decimal counter kept as ASCII digits (the `id` column): increment and copy, no division. */
class DecimalCounter {
  digits = new Uint8Array(20);
  start = 19; // digits[start..19] is the number
  constructor(value) {
    const text = String(value);
    this.start = 20 - text.length;
    for (let i = 0; i < text.length; i++) this.digits[this.start + i] = text.charCodeAt(i);
  }
  increment() {
    const d = this.digits;
    let i = 19;
    while (i >= this.start && d[i] === 57) d[i--] = 48;
    if (i < this.start) {
      this.start = i;
      d[i] = 49;
    } else d[i]++;
  }
  write(buf, pos) {
    const d = this.digits;
    for (let i = this.start; i < 20; i++) buf[pos++] = d[i];
    return pos;
  }
}

/**
 * Fill `buf` from `pos` with rows from id `cursor.id` while there is room for one more row (and fewer
 * than `maxRows`, and the file is still under `maxBytes` after `written` bytes). Returns the new
 * `pos`; the next row's id is kept in `cursor.id`. A function of its own, so V8 optimises it whole;
 * divisions of int32 values are written `(a / b) | 0`, which V8 compiles to integer arithmetic (a
 * multiply by the reciprocal for constant divisors) instead of a float division and a floor.
 */
function fillRows(buf, pos, cursor, rng, tally, maxRows, maxBytes, written) {
  const limit = BUFFER_BYTES - MAX_ROW_BYTES;
  const counter = cursor.counter;
  let id = cursor.id;
  const { keyCount, keySumX, keySumY, catCount, catPosCount, catPosSumX, catHighCount, catHighSumX } = tally;
  while (pos < limit && id < maxRows && written + pos < maxBytes) {
    pos = counter.write(buf, pos);
    buf[pos++] = 44;
    // key and cat from one draw: u uniform in [0, 10,000) gives both uniformly and independently.
    const u = below(next(rng), KEYS * CATS);
    const c = (u / KEYS) | 0;
    const k = u - c * KEYS;
    // Names are written byte by byte (stores of constants beat a copy loop over a lookup table).
    const k1 = (k / 100) | 0;
    const k2 = k - k1 * 100;
    buf[pos] = 107; // k
    buf[pos + 1] = 101; // e
    buf[pos + 2] = 121; // y
    buf[pos + 3] = 95; // _
    buf[pos + 4] = 48 + k1;
    buf[pos + 5] = TWO[2 * k2];
    buf[pos + 6] = TWO[2 * k2 + 1];
    buf[pos + 7] = 44;
    buf[pos + 8] = 99; // c
    buf[pos + 9] = 97; // a
    buf[pos + 10] = 116; // t
    buf[pos + 11] = 95; // _
    buf[pos + 12] = 48 + c;
    buf[pos + 13] = 44;
    pos += 14;
    // x: micro-units in [-1e9, 1e9), written as [-]int.ffffff
    const v = below(next(rng), 2_000_000_000) - 1_000_000_000;
    let a = v;
    if (v < 0) {
      buf[pos++] = 45;
      a = -v;
    }
    const ip = (a / MICRO) | 0;
    pos = writeSmall(buf, pos, ip);
    buf[pos] = 46;
    let f = a - ip * MICRO;
    const f1 = (f / 10_000) | 0;
    f -= f1 * 10_000;
    const f2 = (f / 100) | 0;
    const f3 = f - f2 * 100;
    buf[pos + 1] = TWO[2 * f1];
    buf[pos + 2] = TWO[2 * f1 + 1];
    buf[pos + 3] = TWO[2 * f2];
    buf[pos + 4] = TWO[2 * f2 + 1];
    buf[pos + 5] = TWO[2 * f3];
    buf[pos + 6] = TWO[2 * f3 + 1];
    buf[pos + 7] = 44;
    pos += 8;
    const y = below(next(rng), 10_000);
    pos = writeSmall(buf, pos, y);
    buf[pos++] = 44;
    const sec = below(next(rng), YEAR_SECONDS);
    const day = (sec / 86400) | 0;
    const s = sec - day * 86400;
    const mo = DAY_MONTH[day];
    const dd = DAY_OF_MONTH[day];
    buf[pos] = 50; // 2024-
    buf[pos + 1] = 48;
    buf[pos + 2] = 50;
    buf[pos + 3] = 52;
    buf[pos + 4] = 45;
    buf[pos + 5] = TWO[2 * mo];
    buf[pos + 6] = TWO[2 * mo + 1];
    buf[pos + 7] = 45;
    buf[pos + 8] = TWO[2 * dd];
    buf[pos + 9] = TWO[2 * dd + 1];
    buf[pos + 10] = 84; // T
    pos += 11;
    const h = (s / 3600) | 0;
    const m = ((s - h * 3600) / 60) | 0;
    const ss = s - h * 3600 - m * 60;
    buf[pos] = TWO[2 * h];
    buf[pos + 1] = TWO[2 * h + 1];
    buf[pos + 2] = 58;
    buf[pos + 3] = TWO[2 * m];
    buf[pos + 4] = TWO[2 * m + 1];
    buf[pos + 5] = 58;
    buf[pos + 6] = TWO[2 * ss];
    buf[pos + 7] = TWO[2 * ss + 1];
    buf[pos + 8] = 10;
    pos += 9;

    keyCount[k]++;
    keySumX[k] += v;
    keySumY[k] += y;
    catCount[c]++;
    if (v > 0) {
      catPosCount[c]++;
      catPosSumX[c] += v;
      if (v > HIGH_MICRO) {
        catHighCount[c]++;
        catHighSumX[c] += v;
      }
    }
    counter.increment();
    id++;
  }
  cursor.id = id;
  return pos;
}

/**
 * Write the CSV to `path` (rows until `rows` rows or at least `bytes` bytes, whichever is given) and
 * return its truth. Synchronous: nothing else runs while a benchmark prepares its data.
 */
function generate(path, { rows, bytes, seed }) {
  const buf = Buffer.allocUnsafe(BUFFER_BYTES);
  const rng = new Int32Array([seed | 0 || 0x3c6ef372]);
  const tally = new Tally();
  const cursor = { id: 0, counter: new DecimalCounter(0) };
  const maxRows = rows ?? Number.MAX_SAFE_INTEGER;
  const maxBytes = bytes ?? Number.MAX_SAFE_INTEGER;
  const fd = openSync(path, 'w');
  let written = 0;
  try {
    let pos = buf.write(`${COLUMNS.join(',')}\n`, 0, 'latin1');
    while (cursor.id < maxRows && written + pos < maxBytes) {
      pos = fillRows(buf, pos, cursor, rng, tally, maxRows, maxBytes, written);
      let off = 0;
      while (off < pos) off += writeSync(fd, buf, off, pos - off);
      written += pos;
      pos = 0;
      tally.flush();
    }
  } finally {
    closeSync(fd);
  }
  return {
    format: FORMAT_VERSION,
    seed,
    rows: cursor.id,
    bytes: written,
    keys: Array.from({ length: KEYS }, (_, k) => ({
      key: keyName(k),
      count: tally.keyCount[k],
      sumX: String(tally.bigKeySumX[k]),
      sumY: String(tally.bigKeySumY[k]),
    })),
    cats: Array.from({ length: CATS }, (_, c) => ({
      cat: catName(c),
      count: tally.catCount[c],
      positiveCount: tally.catPosCount[c],
      positiveSumX: String(tally.bigCatPosSumX[c]),
      highCount: tally.catHighCount[c],
      highSumX: String(tally.bigCatHighSumX[c]),
    })),
  };
}

/** The file name for a size and seed (no directory). */
export function csvFileName({ rows, bytes, seed = 1 }) {
  return rows !== undefined ? `tusk-rows-${rows}-seed-${seed}.csv` : `tusk-bytes-${bytes}-seed-${seed}.csv`;
}

/**
 * The path of the generated CSV for this size and seed, writing it first unless a complete copy is
 * cached. Give `rows` (exact row count) or `bytes` (rows are added until the file has at least that
 * many bytes). Returns the absolute path; the truth is beside it (`csvTruth(path)`).
 *
 * @param {{ rows?: number, bytes?: number, seed?: number, dir?: string, log?: (msg: string) => void }} spec
 * @returns {string}
 */
export function ensureCsv({ rows, bytes, seed = 1, dir = DATA_DIR, log = () => {} } = {}) {
  if ((rows === undefined) === (bytes === undefined))
    throw new Error('ensureCsv: give exactly one of rows, bytes');
  const size = rows ?? bytes;
  if (!Number.isSafeInteger(size) || size < 1)
    throw new Error(`ensureCsv: rows/bytes must be a positive integer, got ${size}`);
  if (!Number.isInteger(seed)) throw new Error(`ensureCsv: seed must be an integer, got ${seed}`);
  mkdirSync(dir, { recursive: true });
  const path = resolve(join(dir, csvFileName({ rows, bytes, seed })));
  const sidecar = `${path}.json`;
  if (existsSync(path) && existsSync(sidecar)) {
    try {
      const t = JSON.parse(readFileSync(sidecar, 'utf8'));
      if (t.format === FORMAT_VERSION && t.bytes === statSync(path).size) return path;
    } catch {
      // rewrite below
    }
  }
  const tmp = `${path}.${process.pid}.tmp`;
  const t0 = performance.now();
  const truth = generate(tmp, { rows, bytes, seed });
  const seconds = (performance.now() - t0) / 1e3;
  renameSync(tmp, path);
  writeFileSync(sidecar, JSON.stringify({ ...truth, generatedSeconds: seconds }));
  log(
    `  wrote ${path}: ${truth.rows.toLocaleString('en-US')} rows, ${(truth.bytes / 1e6).toFixed(0)} MB ` +
      `in ${seconds.toFixed(1)} s (${(truth.bytes / 1e6 / seconds).toFixed(0)} MB/s)`,
  );
  return path;
}

/**
 * The exact answers for a file written by `ensureCsv`: `{ rows, bytes, seed, keys: Map(key →
 * { count, sumX, sumY }), cats: Map(cat → { count, positiveCount, positiveSumX, highCount, highSumX }) }`,
 * sums in micro-units of x (BigInt) and units of y (BigInt).
 */
export function csvTruth(path) {
  const t = JSON.parse(readFileSync(`${path}.json`, 'utf8'));
  return {
    rows: t.rows,
    bytes: t.bytes,
    seed: t.seed,
    keys: new Map(t.keys.map((k) => [k.key, { count: k.count, sumX: BigInt(k.sumX), sumY: BigInt(k.sumY) }])),
    cats: new Map(
      t.cats.map((c) => [
        c.cat,
        {
          count: c.count,
          positiveCount: c.positiveCount,
          positiveSumX: BigInt(c.positiveSumX),
          highCount: c.highCount,
          highSumX: BigInt(c.highSumX),
        },
      ]),
    ),
  };
}

/** Parse a size like `1GB`, `100MB`, `250KiB` or a plain number of bytes. */
export function parseBytes(text) {
  const m = /^\s*([\d.]+)\s*([kmgt]?)(i?)b?\s*$/i.exec(String(text));
  if (!m) throw new Error(`not a size: '${text}' (use e.g. 1GB, 100MB, 250000000)`);
  const base = m[3] ? 1024 : 1000;
  const power = { '': 0, k: 1, m: 2, g: 3, t: 4 }[m[2].toLowerCase()];
  return Math.round(Number(m[1]) * base ** power);
}
