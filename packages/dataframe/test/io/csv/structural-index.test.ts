/**
 * The structural index (src/io/csv/engines/structural-index.ts, a WebAssembly SIMD module) against a
 * plain byte loop, and the fast engine reading through it with chunks so small that rows straddle
 * them: answers must equal the generator's values and the papaparse engine's.
 */

import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, expect, test, vi } from 'vitest';
import { setIndexChunk } from '../../../src/io/csv/engines/fast-rows.js';
import { INDEX_CAPACITY, StructuralIndex } from '../../../src/io/csv/engines/structural-index.js';
import { readAll, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
afterEach(() => {
  setIndexChunk(INDEX_CAPACITY);
  vi.restoreAllMocks();
});

/** The entries a byte-at-a-time loop finds in bytes [from, to). */
function plainEntries(bytes: Uint8Array, from: number, to: number, d: number, q: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) {
    const c = bytes[i];
    if (c === d) out.push(i << 2);
    else if (c === 10) out.push((i << 2) | 1);
    else if (c === q) out.push((i << 2) | 2);
    else if (c === 13) out.push((i << 2) | 3);
  }
  return out;
}

function lcg(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return Math.floor((s / 4294967296) * n);
  };
}

test('the committed module is what wasm/structural-index.wat assembles to', () => {
  const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
  const out = execFileSync(process.execPath, [join(root, 'scripts/build-wasm.mjs'), '--check'], {
    encoding: 'utf8',
  });
  expect(out).toContain('up to date');
});

test('the index finds every delimiter, LF, quote and CR, at every length and offset', () => {
  const index = StructuralIndex.forThread();
  expect(index).not.toBeNull();
  const rand = lcg(7);
  for (const [delimiter, quote] of [
    [',', '"'],
    ['\t', "'"],
    [';', '"'],
    ['|', '`'],
  ]) {
    const d = delimiter.charCodeAt(0);
    const q = quote.charCodeAt(0);
    const alphabet = Buffer.from(`${delimiter}${quote}\n\rab1 ,;"'é`);
    const bytes = new Uint8Array(700);
    for (let i = 0; i < bytes.length; i++) bytes[i] = alphabet[rand(alphabet.length)];
    for (let from = 0; from < 40; from += 3) {
      for (let len = 0; len <= 130; len++) {
        const count = index!.index(bytes, from, from + len, d, q);
        expect(Array.from(index!.entries.subarray(0, count))).toEqual(
          plainEntries(bytes, from, from + len, d, q),
        );
      }
    }
  }
});

test('a range of the full capacity, none, and ranges it cannot take', () => {
  const index = StructuralIndex.forThread()!;
  const rand = lcg(3);
  const bytes = new Uint8Array(INDEX_CAPACITY + 100);
  for (let i = 0; i < bytes.length; i++) bytes[i] = [44, 10, 34, 13, 120, 120, 120][rand(7)];
  const count = index.index(bytes, 100, 100 + INDEX_CAPACITY, 44, 34);
  expect(Array.from(index.entries.subarray(0, count))).toEqual(
    plainEntries(bytes, 100, 100 + INDEX_CAPACITY, 44, 34),
  );
  // Every byte structural: as many entries as bytes.
  expect(index.index(new Uint8Array(INDEX_CAPACITY).fill(44), 0, INDEX_CAPACITY, 44, 34)).toBe(
    INDEX_CAPACITY,
  );
  expect(index.index(bytes, 5, 5, 44, 34)).toBe(0);
  expect(() => index.index(bytes, 0, INDEX_CAPACITY + 1, 44, 34)).toThrow(/cannot index bytes \[0, 262145\)/);
  expect(() => index.index(bytes, 10, 5, 44, 34)).toThrow(RangeError);
});

test('setIndexChunk takes 0 to the capacity and refuses anything else', () => {
  expect(setIndexChunk(64)).toBe(INDEX_CAPACITY);
  expect(setIndexChunk(0)).toBe(64);
  expect(() => setIndexChunk(INDEX_CAPACITY + 1)).toThrow(/not an integer in \[0, 262144\]/);
  expect(() => setIndexChunk(1.5)).toThrow(RangeError);
});

/**
 * Rows of every kind the scanners meet, with their values: plain rows, quoted fields (plain, empty,
 * with a delimiter, with a doubled quote, with a line break), CRLF, an empty or NA field, an exponent, a
 * category value never seen before, a CR inside a value, short and long rows (malformed), a comment
 * and a blank line.
 */
function mixed(
  rows: number,
  seed: number,
): { text: string; values: [number, string, number | null, string][] } {
  const rand = lcg(seed);
  const lines = ['id,cat,x,s'];
  const values: [number, string, number | null, string][] = [];
  for (let i = 0; i < rows; i++) {
    const cat = `c${rand(i < rows / 2 ? 5 : 400)}`;
    const whole = rand(2000) - 1000;
    const frac = rand(1000);
    let x: number | null = Number(`${whole}.${String(frac).padStart(3, '0')}`);
    let xText = `${whole}.${String(frac).padStart(3, '0')}`;
    let s = 'abcdefghijklmnopqrstuvwxyz'.slice(0, rand(27));
    let sText = s;
    let catText = cat;
    let eol = '';
    switch (rand(60)) {
      case 0:
        catText = `"${cat}"`;
        break;
      case 1:
        s = `${s}, with "quotes"`;
        sText = `"${s.replace(/"/g, '""')}"`;
        break;
      case 2:
        s = `two\nlines ${i}`;
        sText = `"${s}"`;
        break;
      case 3:
        eol = '\r';
        break;
      case 4:
        xText = i % 2 === 0 ? '' : 'NA';
        x = null;
        break;
      case 5:
        xText = `${whole}e-2`;
        x = whole / 100;
        break;
      case 6:
        lines.push(`${i},${cat}`); // short: skipped
        break;
      case 7:
        lines.push(`${i},${cat},1.5,s,extra`); // long: skipped
        break;
      case 8:
        lines.push('# a comment', '');
        break;
      case 9:
        s = `ü名${s}`;
        sText = s;
        break;
      case 10:
        s = `a\rb ${i}`; // a CR that does not end the row is content
        sText = s;
        break;
      case 11:
        s = `${s}, plain ${i}`; // quoted, a delimiter inside
        sText = `"${s}"`;
        break;
      case 12:
        sText = `"${s}"`; // quoted, perhaps empty
        catText = `"${cat}"`;
        break;
    }
    if (s === '') s = ''; // an empty string is read as null below
    lines.push(`${i},${catText},${xText},${sText}${eol}`);
    values.push([i, cat, x, s]);
  }
  return { text: `${lines.join('\n')}\n`, values };
}

const { text, values } = mixed(12_000, 11);
const file = tmp.write('mixed.csv', text);
const options = {
  comment: '#',
  onBadLine: 'skip',
  dtypes: { id: 'int32', cat: 'category', x: 'float64', s: 'string' },
} as const;

test.each([16, 17, 64, 100, 4096, 65_536, INDEX_CAPACITY, 0])(
  'index chunk %i: every value as generated, as papaparse reads it',
  async (chunk) => {
    setIndexChunk(chunk);
    const spy = vi.spyOn(StructuralIndex.prototype, 'index');
    for (const blocksize of [null, 50_000]) {
      const fast = await readAll(file, { ...options, engine: 'fast', blocksize });
      const got = fast.rows.map((r) => [r[0], r[1], r[2], r[3] ?? '']);
      expect(got.length).toBe(values.length);
      for (let i = 0; i < values.length; i++) {
        if (JSON.stringify(got[i]) !== JSON.stringify(values[i])) {
          expect({ chunk, blocksize, row: i, got: got[i] }).toEqual({
            chunk,
            blocksize,
            row: i,
            got: values[i],
          });
        }
      }
      const papa = await readAll(file, { ...options, engine: 'papaparse', blocksize });
      expect(fast.rows).toEqual(papa.rows);
      expect(fast.badLines.map((b) => [b.line, b.reason])).toEqual(
        papa.badLines.map((b) => [b.line, b.reason]),
      );
    }
    // The index was used (or, at chunk 0, not).
    if (chunk === 0) expect(spy).not.toHaveBeenCalled();
    else expect(spy).toHaveBeenCalled();
  },
);

test('category values of every length, more of them than the memo has slots, and alike at both ends', async () => {
  // 6,000 values of 1 to 12 bytes; some share their first and last four bytes (abcd?efgh); UTF-8.
  const rand = lcg(5);
  const pool: string[] = [];
  for (let i = 0; i < 6000; i++) {
    const len = 1 + (i % 12);
    pool.push(
      i % 5 === 0
        ? `abcd${String.fromCharCode(65 + (i % 26))}${'x'.repeat(i % 3)}efgh`
        : `${i}é`.padEnd(len, 'z'),
    );
  }
  const lines = ['k,v'];
  const want: [string, number][] = [];
  for (let i = 0; i < 50_000; i++) {
    const k = pool[rand(i < 1000 ? 50 : pool.length)];
    lines.push(`${k},${i}`);
    want.push([k, i]);
  }
  const p = tmp.write('cats.csv', `${lines.join('\n')}\n`);
  const { rows } = await readAll(p, { engine: 'fast', dtypes: { k: 'category', v: 'int32' } });
  expect(rows.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (rows[i][0] !== want[i][0] || rows[i][1] !== want[i][1])
      expect({ i, got: rows[i] }).toEqual({ i, got: want[i] });
  }
});

test('a file quoted throughout reads the same when the index gives way to the compiled scan', async () => {
  const lines = ['a,b,c'];
  const want: [string, string, number][] = [];
  for (let i = 0; i < 40_000; i++) {
    lines.push(`"a${i % 7}","b, ${i}",${i}`);
    want.push([`a${i % 7}`, `b, ${i}`, i]);
  }
  const p = tmp.write('quoted-all.csv', `${lines.join('\n')}\n`);
  const { rows } = await readAll(p, { engine: 'fast', dtypes: { a: 'category', b: 'string', c: 'int32' } });
  expect(rows).toEqual(want);
});
