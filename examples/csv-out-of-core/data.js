/**
 * Makes the demo's input, fast and reproducibly: one big CSV of synthetic events and a small
 * dimension table of its keys. Both are written once under out/ and reused; the big file's name
 * carries its size and seed (`events-1GB-seed42.csv`), and a `.json` beside it records how many rows
 * it has, so the demo can check its answers without reading the file again.
 *
 *   id,key,cat,x,y,ts
 *   0,k0417,c3,57.291,48213,2024-03-15T12:34:56
 *
 * Speed (≥ 300 MB/s on one core): rows are written as bytes straight into one reused Buffer (fresh
 * memory is slow to touch the first time), keys and dates come from precomputed byte strings, numbers
 * are written digit by digit, and a seeded xorshift32 generator gives the randomness. No string is
 * built per row. The file is written under a temporary name and renamed when complete, so an
 * interrupted run never leaves a truncated file that looks cached.
 */

import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Distinct values of `key` and `cat`. */
export const KEYS = 1000;
export const CATS = 10;
/** Regions of the dimension table, and how many key prefixes fall in each. */
const REGIONS = ['north', 'south', 'east', 'west', 'central', 'coast', 'highlands', 'islands'];

const HEADER = 'id,key,cat,x,y,ts\n';
/** Bytes written per syscall; the buffer is allocated once and reused. */
const CHUNK = 8 << 20;
/** Longest row: id (10) + key (5) + cat (2) + x (6) + y (5) + ts (19) + 6 separators. */
const MAX_ROW = 64;

/** Key names `k0000` … `k0999`, as strings (for the dimension table) and bytes (for rows). */
export function keyNames() {
  return Array.from({ length: KEYS }, (_, i) => `k${String(i).padStart(4, '0')}`);
}

/** `2024-MM-DDT` for each day of 2024 (a leap year), as bytes. */
function dayPrefixes() {
  const out = [];
  for (let d = 0; d < 366; d++) {
    const date = new Date(Date.UTC(2024, 0, 1 + d));
    out.push(Buffer.from(`${date.toISOString().slice(0, 10)}T`, 'latin1'));
  }
  return out;
}

/** A name for a size: 1e9 → '1GB', 2.5e8 → '250MB'. */
export function sizeLabel(bytes) {
  if (bytes >= 1e9 && bytes % 1e8 === 0) return `${bytes / 1e9}GB`;
  if (bytes >= 1e6 && bytes % 1e5 === 0) return `${bytes / 1e6}MB`;
  return `${bytes}B`;
}

/**
 * Write about `bytes` bytes of rows to `path` (whole rows: the file ends at the first row boundary
 * at or past `bytes`). Returns the number of rows.
 */
function writeEvents(path, bytes, seed) {
  const keys = keyNames().map((k) => Buffer.from(k, 'latin1'));
  const days = dayPrefixes();
  const buf = Buffer.allocUnsafe(CHUNK);
  buf.fill(0); // touch every page once, up front
  const fd = openSync(path, 'w');
  try {
    let pos = buf.write(HEADER, 0, 'latin1');
    let written = 0;
    let rows = 0;
    // xorshift32: one 32-bit draw per field. A zero seed would stay zero forever.
    let s = seed >>> 0 || 0x9e3779b9;
    const limit = CHUNK - MAX_ROW;
    while (written + pos < bytes) {
      // id: digits written backwards from the end of its width.
      let v = rows;
      let n = 1;
      for (let t = v; t >= 10; t = (t / 10) | 0) n++;
      for (let i = pos + n - 1; i >= pos; i--) {
        buf[i] = 48 + (v % 10);
        v = (v / 10) | 0;
      }
      pos += n;
      buf[pos++] = 44;
      // key: uniform over KEYS (modulo bias below 1e-6 is fine here).
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      const k = keys[(s >>> 0) % KEYS];
      buf[pos] = k[0];
      buf[pos + 1] = k[1];
      buf[pos + 2] = k[2];
      buf[pos + 3] = k[3];
      buf[pos + 4] = k[4];
      pos += 5;
      buf[pos++] = 44;
      // cat: c0 … c9.
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      buf[pos++] = 99;
      buf[pos++] = 48 + ((s >>> 0) % CATS);
      buf[pos++] = 44;
      // x: uniform in [0, 100) with three decimals, written as `I.FFF` (I without leading zeros).
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      const xm = (s >>> 0) % 100_000;
      const xi = (xm / 1000) | 0;
      const xf = xm - xi * 1000;
      if (xi >= 10) buf[pos++] = 48 + ((xi / 10) | 0);
      buf[pos++] = 48 + (xi % 10);
      buf[pos++] = 46;
      buf[pos++] = 48 + ((xf / 100) | 0);
      buf[pos++] = 48 + (((xf / 10) | 0) % 10);
      buf[pos++] = 48 + (xf % 10);
      buf[pos++] = 44;
      // y: integer in [0, 100000).
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      v = (s >>> 0) % 100_000;
      n = 1;
      for (let t = v; t >= 10; t = (t / 10) | 0) n++;
      for (let i = pos + n - 1; i >= pos; i--) {
        buf[i] = 48 + (v % 10);
        v = (v / 10) | 0;
      }
      pos += n;
      buf[pos++] = 44;
      // ts: a second of 2024, `YYYY-MM-DDTHH:MM:SS`.
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      const sec = (s >>> 0) % (366 * 86_400);
      const day = days[(sec / 86_400) | 0];
      for (let i = 0; i < 11; i++) buf[pos + i] = day[i];
      pos += 11;
      const sod = sec % 86_400;
      const hh = (sod / 3600) | 0;
      const mm = ((sod / 60) | 0) % 60;
      const ss = sod % 60;
      buf[pos] = 48 + ((hh / 10) | 0);
      buf[pos + 1] = 48 + (hh % 10);
      buf[pos + 2] = 58;
      buf[pos + 3] = 48 + ((mm / 10) | 0);
      buf[pos + 4] = 48 + (mm % 10);
      buf[pos + 5] = 58;
      buf[pos + 6] = 48 + ((ss / 10) | 0);
      buf[pos + 7] = 48 + (ss % 10);
      buf[pos + 8] = 10;
      pos += 9;
      rows++;
      if (pos >= limit) {
        writeAll(fd, buf, pos);
        written += pos;
        pos = 0;
      }
    }
    writeAll(fd, buf, pos);
    return { rows, bytes: written + pos };
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd, buf, length) {
  let off = 0;
  while (off < length) off += writeSync(fd, buf, off, length - off);
}

/** The dimension table: key → region, weight (deterministic, not random). */
function writeKeys(path) {
  const lines = ['key,region,weight'];
  keyNames().forEach((k, i) => {
    lines.push(`${k},${REGIONS[(i * 7) % REGIONS.length]},${(0.5 + ((i * 37) % 100) / 100).toFixed(2)}`);
  });
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/**
 * The demo's data under `dir`: generated on the first call, reused after. Returns the paths, the row
 * count and size of the big file, and how long generation took (0 when it was cached).
 */
export function ensureData(dir, bytes, seed) {
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `events-${sizeLabel(bytes)}-seed${seed}`);
  const csv = `${base}.csv`;
  const meta = `${base}.json`;
  const keysCsv = join(dir, 'keys.csv');
  if (!existsSync(keysCsv)) writeKeys(keysCsv);
  if (existsSync(csv) && existsSync(meta)) {
    return { csv, keysCsv, ...JSON.parse(readFileSync(meta, 'utf8')), generatedMs: 0 };
  }
  const t0 = performance.now();
  const tmp = `${csv}.partial`;
  const { rows, bytes: size } = writeEvents(tmp, bytes, seed);
  renameSync(tmp, csv);
  const generatedMs = performance.now() - t0;
  writeFileSync(meta, `${JSON.stringify({ rows, bytes: size, seed }, null, 2)}\n`);
  return { csv, keysCsv, rows, bytes: size, seed, generatedMs };
}
