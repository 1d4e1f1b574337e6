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

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
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

/** A name for a size: 1e9 → '1GB', 2.5e8 → '250MB'. */
export function sizeLabel(bytes) {
  if (bytes >= 1e9 && bytes % 1e8 === 0) return `${bytes / 1e9}GB`;
  if (bytes >= 1e6 && bytes % 1e5 === 0) return `${bytes / 1e6}MB`;
  return `${bytes}B`;
}

/**
 * A table of `n` short byte strings, entry i at `i * stride`: its length, then its bytes.
 * Looking a value's text up here is far cheaper than formatting it.
 */
function byteTable(n, stride, text) {
  const t = new Uint8Array(n * stride);
  for (let i = 0; i < n; i++) {
    const s = text(i);
    t[i * stride] = s.length;
    for (let j = 0; j < s.length; j++) t[i * stride + 1 + j] = s.charCodeAt(j);
  }
  return t;
}

const pad = (v, n) => String(v).padStart(n, '0');

/**
 * Fill `buf` with whole rows, starting with row number `state.rows`, until fewer than MAX_ROW bytes
 * are left or `room` bytes are written; returns the bytes written. `state` carries the PRNG, the row
 * count and the id's ASCII digits from one call to the next.
 */
function fillRows(buf, room, state, t) {
  const { keyCat, xs, ys, days, times } = t;
  const id = state.id;
  let idStart = state.idStart;
  let s = state.s;
  let rows = state.rows;
  let pos = 0;
  const limit = Math.min(room, buf.length - MAX_ROW);
  while (pos < limit) {
    // id: ASCII digits kept right-aligned in `id`, incremented like an odometer.
    for (let i = idStart; i < 12; i++) buf[pos++] = id[i];
    let j = 11;
    while (j >= idStart && id[j] === 57) id[j--] = 48;
    if (j < idStart) id[--idStart] = 49;
    else id[j]++;
    buf[pos++] = 44;
    // key and cat from one 32-bit xorshift draw: `k0417,c3` (8 bytes).
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    let o = ((s & 0x7fffffff) % (KEYS * CATS)) * 16 + 1;
    for (let i = 0; i < 8; i++) buf[pos + i] = keyCat[o + i];
    pos += 8;
    buf[pos++] = 44;
    // x: uniform in [0, 100) with three decimals.
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    o = ((s & 0x7fffffff) % 100_000) * 8;
    for (let i = 1, n = xs[o]; i <= n; i++) buf[pos++] = xs[o + i];
    buf[pos++] = 44;
    // y: integer in [0, 100000).
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    o = ((s & 0x7fffffff) % 100_000) * 8;
    for (let i = 1, n = ys[o]; i <= n; i++) buf[pos++] = ys[o + i];
    buf[pos++] = 44;
    // ts: a second of 2024, `2024-MM-DDTHH:MM:SS`.
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const sec = (s & 0x7fffffff) % (366 * 86_400);
    o = ((sec / 86_400) | 0) * 16 + 1;
    for (let i = 0; i < 11; i++) buf[pos + i] = days[o + i];
    pos += 11;
    o = (sec % 86_400) * 16 + 1;
    for (let i = 0; i < 8; i++) buf[pos + i] = times[o + i];
    pos += 8;
    buf[pos++] = 10;
    rows++;
  }
  state.idStart = idStart;
  state.s = s;
  state.rows = rows;
  return pos;
}

/**
 * Write about `bytes` bytes of rows to `path` (whole rows: the file ends at the first row boundary
 * at or past `bytes`). Two buffers take turns: one is filled while the other is being written (the
 * write runs on libuv's thread pool), so generating and writing overlap. Resolves to the row count.
 */
async function writeEvents(path, bytes, seed) {
  const names = keyNames();
  const t = {
    keyCat: byteTable(KEYS * CATS, 16, (i) => `${names[(i / CATS) | 0]},c${i % CATS}`),
    xs: byteTable(100_000, 8, (m) => `${(m / 1000) | 0}.${pad(m % 1000, 3)}`),
    ys: byteTable(100_000, 8, (m) => String(m)),
    days: byteTable(366, 16, (d) => `${new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10)}T`),
    times: byteTable(
      86_400,
      16,
      (x) => `${pad((x / 3600) | 0, 2)}:${pad(((x / 60) | 0) % 60, 2)}:${pad(x % 60, 2)}`,
    ),
  };
  const id = new Uint8Array(12);
  id[11] = 48;
  // xorshift32 state; a zero state would stay zero forever.
  const state = { id, idStart: 11, s: seed >>> 0 || 0x9e3779b9, rows: 0 };
  const buffers = [Buffer.alloc(CHUNK), Buffer.alloc(CHUNK)]; // zeroed: every page touched once, up front
  const fh = await open(path, 'w');
  try {
    let written = fh.write(HEADER);
    let total = Buffer.byteLength(HEADER);
    for (let turn = 0; total < bytes; turn ^= 1) {
      const buf = buffers[turn];
      const n = fillRows(buf, bytes - total, state, t);
      await written; // the previous buffer is on disk (in the page cache) before this one goes
      written = fh.write(buf, 0, n);
      total += n;
    }
    await written;
    return { rows: state.rows, bytes: total };
  } finally {
    await fh.close();
  }
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
export async function ensureData(dir, bytes, seed) {
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
  const { rows, bytes: size } = await writeEvents(tmp, bytes, seed);
  renameSync(tmp, csv);
  const generatedMs = performance.now() - t0;
  writeFileSync(meta, `${JSON.stringify({ rows, bytes: size, seed }, null, 2)}\n`);
  return { csv, keysCsv, rows, bytes: size, seed, generatedMs };
}
