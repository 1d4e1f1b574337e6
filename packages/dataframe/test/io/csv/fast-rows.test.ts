/**
 * The fast engine's one-pass row scanner (src/io/csv/engines/fast-rows.ts) against values known
 * independently: a generated file of several MiB (more than one read window, so the builders are
 * resized mid-partition) whose values the generator keeps, with irregular rows sprinkled in — quoted
 * fields, a new category late, CRLF, exponents, 16-digit floats, '+' signs, blanks, NA spellings,
 * timestamps with fractions, `Z` and offsets, date-only timestamps, blank lines. Both engines must
 * give exactly the generator's values, with every blocksize.
 */

import { afterAll, expect, test } from 'vitest';
import { assembleTable, newColumnBuilder } from '../../../src/io/csv/builders/assemble-table.js';
import { BlockTarget } from '../../../src/io/csv/engines/block-target.js';
import { FastBlockParser } from '../../../src/io/csv/engines/fast-engine.js';
import { inferSchema, resolveCsvOptions } from '../../../src/io/csv/index.js';
import { NaMatcher } from '../../../src/io/csv/na-values.js';
import { readAll, tableRows, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

interface Row {
  id: number;
  key: string;
  x: number | null;
  big: string;
  ts: number | null;
  d: number | null;
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

/** Rows as text and as values (ids, keys, x, int64 as text, timestamp ms, date days). */
function generate(rows: number): { text: string; values: Row[] } {
  let s = 12345;
  const rand = (n: number) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return Math.floor((s / 4294967296) * n);
  };
  const lines = ['id,key,x,big,ts,d'];
  const values: Row[] = [];
  for (let i = 0; i < rows; i++) {
    const micro = rand(2_000_000_000) - 1_000_000_000;
    const abs = Math.abs(micro);
    let xText = `${micro < 0 ? '-' : ''}${Math.floor(abs / 1e6)}.${pad(abs % 1e6, 6)}`;
    let x: number | null = micro / 1e6;
    const key = i > rows * 0.9 && i % 7 === 0 ? `late_${i % 3}` : `k_${pad(rand(37), 2)}`;
    let keyText = key;
    const big = String(rand(2 ** 31) * 1000 + rand(1000));
    const day = rand(366);
    const sec = rand(86400);
    const date = new Date(Date.UTC(2024, 0, 1 + day));
    const dText = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
    let ts: number | null = date.getTime() + sec * 1000;
    let tsText = `${dText}T${pad(Math.floor(sec / 3600), 2)}:${pad(Math.floor(sec / 60) % 60, 2)}:${pad(sec % 60, 2)}`;
    let d: number | null = day + Date.UTC(2024, 0, 1) / 86_400_000;
    let eol = '';
    switch (i % 97) {
      case 5:
        xText = `${(micro / 1e6).toExponential()}`; // exponent: general path
        x = Number(xText);
        break;
      case 11:
        keyText = `"${key}"`; // quoted
        break;
      case 17:
        xText = '1234567890.1234567'; // 17 digits
        x = Number(xText);
        break;
      case 23:
        xText = ` ${xText}`; // leading blank
        break;
      case 29:
        xText = 'NA';
        x = null;
        tsText = '';
        ts = null;
        break;
      case 31:
        tsText = `${tsText}.25Z`;
        ts = (ts as number) + 250;
        break;
      case 37:
        tsText = `${tsText}+02:00`;
        ts = (ts as number) - 2 * 3_600_000;
        break;
      case 41:
        tsText = dText; // date only: midnight
        ts = date.getTime();
        break;
      case 43:
        eol = '\r'; // CRLF on this row
        break;
      case 47:
        xText = `+${xText.replace('-', '')}`;
        x = Math.abs(x as number);
        break;
      case 53:
        lines.push(''); // a blank line before this row
        break;
      case 59: {
        const dd = 'NA';
        d = null;
        lines.push(`${i},${keyText},${xText},${big},${tsText},${dd}`);
        values.push({ id: i, key, x, big, ts, d });
        continue;
      }
    }
    lines.push(`${i},${keyText},${xText},${big},${tsText},${dText}${eol}`);
    values.push({ id: i, key, x, big, ts, d });
  }
  return { text: `${lines.join('\n')}\n`, values };
}

const { text, values } = generate(60_000);
const path = tmp.write('typed.csv', text);
const dtypes = {
  id: 'int32',
  key: 'category',
  x: 'float64',
  big: 'int64',
  ts: 'timestamp',
  d: 'date',
} as const;

test('the generated file spans several read windows', () => {
  expect(text.length).toBeGreaterThan(3 << 20);
});

test.each([
  ['fast', null],
  ['fast', 1_000_000],
  ['fast', 777_777],
  ['papaparse', null],
] as const)('engine %s, blocksize %s: every value as generated', async (engine, blocksize) => {
  const { rows, schema } = await readAll(path, { engine, blocksize, dtypes });
  expect(schema.columns.map((c) => c.dtype)).toEqual([
    'int32',
    'category',
    'float64',
    'int64',
    'timestamp',
    'date',
  ]);
  expect(rows.length).toBe(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const r = rows[i];
    // Date columns come back as Date-like numbers of ms: compare as ms since the epoch.
    const ms = (x: unknown) => (x === null ? null : x instanceof Date ? x.getTime() : Number(x));
    const want = [v.id, v.key, v.x, v.big, v.ts, v.d === null ? null : v.d * 86_400_000];
    const got = [r[0], r[1], r[2], r[3], ms(r[4]), ms(r[5])];
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      expect({ row: i, got }).toEqual({ row: i, got: want });
    }
  }
});

test('usecols: skipped fields are scanned, not converted', async () => {
  const fast = await readAll(path, {
    engine: 'fast',
    usecols: ['x', 'key'],
    dtypes: { x: 'float64', key: 'category' },
    blocksize: 1_000_000,
  });
  expect(fast.rows.length).toBe(values.length);
  for (let i = 0; i < values.length; i += 101) expect(fast.rows[i]).toEqual([values[i].x, values[i].key]);
});

test('a numeric NA spelling is honoured by the fast path', async () => {
  const p = tmp.write('na.csv', 'a,b\n1,2.5\n-999,3\n4,-999\n5,-999.0\n');
  const naValues = ['-999'];
  const fast = await readAll(p, { engine: 'fast', naValues, dtypes: { a: 'int32', b: 'float64' } });
  expect(fast.rows).toEqual([
    [1, 2.5],
    [null, 3],
    [4, null],
    [5, -999],
  ]);
});

test('a delimiter that numbers are written with leaves the rows to the general path', async () => {
  // '7--8-9' has four fields (7, '', 8, 9): a malformed row, however tempting '-8' looks.
  const p = tmp.write('minus.csv', 'a-b-c\n1--2\n3-4-5\n7--8-9\n');
  const dtypes = { a: 'int32', b: 'int32', c: 'int32' } as const;
  for (const engine of ['papaparse', 'fast'] as const) {
    const { rows, badLines } = await readAll(p, { engine, delimiter: '-', dtypes, onBadLine: 'skip' });
    expect(rows, engine).toEqual([
      [1, null, 2],
      [3, 4, 5],
    ]);
    expect(badLines.map((b) => [b.line, b.reason, b.fields])).toEqual([[4, 'field-count', 4]]);
  }
});

test('string columns: copied in place, growing past any estimate, with NA spellings, CRLF and UTF-8', async () => {
  // Lengths climb from 1 to ~6,000 bytes so the column's buffer outgrows the size reserved from the
  // first window; '' and 'NA' are nulls; some rows end in CRLF; some values are multi-byte.
  const lines = ['i,s,x'];
  const want: [number, string | null, number][] = [];
  for (let i = 0; i < 2000; i++) {
    let v: string | null;
    if (i % 97 === 5) v = null;
    else if (i % 10 === 3) v = `é${'ü'.repeat(i % 7)}名${i}`;
    else v = 'abcdefghij'.repeat(1 + Math.floor(i / 3)).slice(0, 1 + ((i * i) % 6000));
    const text = v === null ? (i % 2 === 0 ? '' : 'NA') : v;
    lines.push(`${i},${text},${i}.5${i % 13 === 0 ? '\r' : ''}`);
    want.push([i, v, i + 0.5]);
  }
  const p = tmp.write('strings.csv', `${lines.join('\n')}\n`);
  for (const blocksize of [1 << 20, 4096]) {
    for (const engine of ['papaparse', 'fast'] as const) {
      const { rows } = await readAll(p, { engine, blocksize, dtypes: { s: 'string' } });
      expect(rows.length, `${engine} ${blocksize}`).toBe(want.length);
      for (let i = 0; i < want.length; i++) {
        if (rows[i][1] !== want[i][1] || rows[i][2] !== want[i][2]) {
          expect({ engine, blocksize, row: i, got: rows[i] }).toEqual({
            engine,
            blocksize,
            row: i,
            got: want[i],
          });
        }
      }
    }
  }
});

test('quoted strings, categories and skipped fields stay on the one-pass scan and match papaparse', async () => {
  // Plain quoted values (commas inside, empty, NA) are scanned; doubled quotes, line breaks inside,
  // and a space after the closing quote go to the general path — the answers are the same.
  const texts = ['"a, b"', '""', '"NA"', 'plain', '"x ""y"""', '"two\nlines"', '"sp" ', '"ü, 名"', 'NA'];
  const cats = ['"c, 1"', 'c2', '"c3"', '""'];
  const lines = ['t,c,skip,x'];
  for (let i = 0; i < 900; i++) {
    lines.push(`${texts[i % texts.length]},${cats[(i * 7) % cats.length]},"s ${i}, q",${i}.5`);
  }
  const p = tmp.write('quoted.csv', `${lines.join('\n')}\n`);
  for (const usecols of [undefined, ['t', 'c', 'x']]) {
    for (const blocksize of [1 << 20, 1000]) {
      const dtypes: Record<string, 'string' | 'category' | 'float64'> = {
        t: 'string',
        c: 'category',
        x: 'float64',
      };
      if (!usecols) dtypes.skip = 'string';
      const read = (engine: 'papaparse' | 'fast') =>
        readAll(p, { engine, blocksize, dtypes, onBadLine: 'skip', ...(usecols ? { usecols } : {}) });
      const [papa, fast] = await Promise.all([read('papaparse'), read('fast')]);
      expect(fast.rows.length).toBe(papa.rows.length);
      expect(fast.rows).toEqual(papa.rows);
      expect(fast.badLines.map((b) => b.line)).toEqual(papa.badLines.map((b) => b.line));
      // Spot checks against the text written: row 0 is "a, b" / "c, 1" / 0.5, row 1 is '' → null.
      expect(fast.rows[0]).toEqual(usecols ? ['a, b', 'c, 1', 0.5] : ['a, b', 'c, 1', 's 0, q', 0.5]);
      expect(fast.rows[1][0]).toBeNull();
    }
  }
});

test('skipped fields holding bytes below the delimiter (spaces, tabs, +, !, #, a quote inside) are content', async () => {
  const odd = ['a b', '\tt', '+1', 'x!y', '#5', 'say "hi"', ' ', '*&%$', ''];
  const lines = ['s,k,t,x'];
  const want: [string, number][] = [];
  for (let i = 0; i < 300; i++) {
    const k = `k${i % 4}`;
    lines.push(`${odd[i % odd.length]},${k},${odd[(i * 5) % odd.length]},${i}.25${i % 7 === 0 ? '\r' : ''}`);
    want.push([k, i + 0.25]);
  }
  const p = tmp.write('odd-skips.csv', `${lines.join('\n')}\n`);
  for (const engine of ['papaparse', 'fast'] as const) {
    const { rows } = await readAll(p, {
      engine,
      usecols: ['k', 'x'],
      dtypes: { k: 'category', x: 'float64' },
      blocksize: 512,
    });
    expect(rows, engine).toEqual(want);
  }
});

test('skipped fields of every length, in buffers at every byte offset (skipping reads four bytes at a time)', () => {
  // Skipped columns a, c, e hold 0 to 11 characters, so a field starts and ends at every alignment.
  const lines = ['a,k,c,x,e'];
  const want: [string, number][] = [];
  for (let i = 0; i < 400; i++) {
    const skip = (n: number) => 'abcdefghijkl'.slice(0, (i * n) % 12);
    const x = (i * 37) % 1000;
    const k = `k${i % 5}`;
    lines.push(`${skip(1)},${k},${skip(5)},${x}.5,${skip(7)}`);
    want.push([k, x + 0.5]);
  }
  const body = `${lines.slice(1).join('\n')}\n`;
  const path = tmp.write('skips.csv', `${lines[0]}\n${body}`);
  const read = { engine: 'fast', usecols: ['k', 'x'], dtypes: { k: 'category', x: 'float64' } } as const;
  const schema = inferSchema(path, read);
  const options = resolveCsvOptions(read);
  const data = Buffer.from(body);
  for (let bo = 0; bo < 4; bo++) {
    const backing = Buffer.alloc(data.length + 8);
    data.copy(backing, bo);
    const bytes = backing.subarray(bo, bo + data.length);
    const builders = schema.columns.map((c) => newColumnBuilder(c.dtype));
    const target = new BlockTarget(
      data.length,
      schema.fieldCount,
      schema.columns,
      builders,
      new NaMatcher(options.naValues),
      options,
    );
    expect(new FastBlockParser(target).parse(bytes, 0, true)).toEqual({ consumed: data.length, done: true });
    expect(tableRows(assembleTable(schema, builders, target.rows, path)), `byte offset ${bo}`).toEqual(want);
  }
});
