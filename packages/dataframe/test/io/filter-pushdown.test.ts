/**
 * Filter pushdown into readCsv (frame/projection.ts `pushFilter`, io/csv/engines/prefilter.ts): a
 * `filter` straight after `readCsv` runs inside the read, rows it rejects are not converted, and the
 * answer equals a plain loop over the rows the test wrote — with SQL null semantics, for predicates
 * the scan can and cannot evaluate itself, on rows the one-pass scanner takes and on rows it leaves
 * to the general path (quoted fields, NA spellings, CRLF), with both engines and on every scheduler.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { col, type Expr, readCsv } from '../../src/index.js';
import { Prefilter } from '../../src/io/csv/engines/prefilter.js';
import { CsvDtypeError } from '../../src/io/csv/errors.js';
import { NaMatcher } from '../../src/io/csv/na-values.js';

const dir = mkdtempSync(join(tmpdir(), 'tusk-pushdown-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Row {
  id: number;
  k: string | null;
  x: number | null;
  y: number;
  note?: string;
}

const N = 4000;
const rows: Row[] = [];
for (let i = 0; i < N; i++) {
  const x = i % 50 === 7 ? null : ((i * 37) % 1000) / 8 - 60;
  const k = i % 53 === 3 ? null : `g${(i * 7) % 13}`;
  rows.push({ id: i, k, x, y: (i * 11) % 23, note: `note ${i}, "q"` });
}

/** The x field as written: nulls as empty or NA, some values quoted (the scanner leaves those rows). */
function xText(r: Row): string {
  if (r.x === null) return r.id % 100 === 7 ? '' : 'NA';
  return r.id % 29 === 0 ? `"${r.x}"` : String(r.x);
}

// Numbers and a category only: most rows go through the one-pass scanner.
const numericPath = join(dir, 'numeric.csv');
writeFileSync(
  numericPath,
  `id,k,x,y\n${rows.map((r) => `${r.id},${r.k ?? 'NA'},${xText(r)},${r.y}${r.id % 37 === 0 ? '\r' : ''}`).join('\n')}\n`,
);

// A quoted string column with commas, doubled quotes and embedded newlines: the general path only.
const notePath = join(dir, 'notes.csv');
writeFileSync(
  notePath,
  `id,k,x,y,note\n${rows
    .map((r) => {
      const note = r.id % 31 === 0 ? `${r.note}\nline two` : r.note!;
      return `${r.id},${r.k ?? ''},${xText(r)},${r.y},"${note.replaceAll('"', '""')}"`;
    })
    .join('\n')}\n`,
);

/** SQL three-valued logic for the reference predicates: null is `null`. */
type Tri = boolean | null;
const gt = (a: number | null, b: number): Tri => (a === null ? null : a > b);
const and = (a: Tri, b: Tri): Tri =>
  a === false || b === false ? false : a === null || b === null ? null : true;
const or = (a: Tri, b: Tri): Tri =>
  a === true || b === true ? true : a === null || b === null ? null : false;
const not = (a: Tri): Tri => (a === null ? null : !a);
const kIs = (r: Row, ...values: string[]): Tri => (r.k === null ? null : values.includes(r.k));

interface Case {
  name: string;
  expr: () => Expr;
  ref: (r: Row) => Tri;
}

const CASES: Case[] = [
  { name: 'x > 50', expr: () => col('x').gt(50), ref: (r) => gt(r.x, 50) },
  { name: 'x <= -40', expr: () => col('x').le(-40), ref: (r) => not(gt(r.x, -40)) },
  {
    name: 'between(y, 3, 5)',
    expr: () => col('y').between(3, 5),
    ref: (r) => r.y >= 3 && r.y <= 5,
  },
  {
    name: 'x > 20 and k == g3 (half the predicate in the scan)',
    expr: () => col('x').gt(20).and(col('k').eq('g3')),
    ref: (r) => and(gt(r.x, 20), kIs(r, 'g3')),
  },
  {
    name: 'x > 60 or y < 2 (null or true is true)',
    expr: () => col('x').gt(60).or(col('y').lt(2)),
    ref: (r) => or(gt(r.x, 60), r.y < 2),
  },
  {
    name: 'not(x > 0 and k == g1)',
    expr: () => col('x').gt(0).and(col('k').eq('g1')).not(),
    ref: (r) => not(and(gt(r.x, 0), kIs(r, 'g1'))),
  },
  {
    name: 'not(x > 0 and k startsWith g1) (a partial and under not is not prefiltered)',
    expr: () => col('x').gt(0).and(col('k').startsWith('g1')).not(),
    ref: (r) => not(and(gt(r.x, 0), r.k === null ? null : r.k.startsWith('g1'))),
  },
  { name: "k == 'g3' (a category, with NA)", expr: () => col('k').eq('g3'), ref: (r) => kIs(r, 'g3') },
  {
    name: "k == 'g5' (the same scan code, another value)",
    expr: () => col('k').eq('g5'),
    ref: (r) => kIs(r, 'g5'),
  },
  { name: "'g3' != k", expr: () => col('k').ne('g3'), ref: (r) => not(kIs(r, 'g3')) },
  {
    name: "k isIn ['g1', 'g12'] or y isIn [3, 4]",
    expr: () =>
      col('k')
        .isIn(['g1', 'g12'])
        .or(col('y').isIn([3, 4])),
    ref: (r) => or(kIs(r, 'g1', 'g12'), r.y === 3 || r.y === 4),
  },
  {
    name: 'x > y (two columns)',
    expr: () => col('x').gt(col('y')),
    ref: (r) => (r.x === null ? null : r.x > r.y),
  },
  { name: 'id == 1234', expr: () => col('id').eq(1234), ref: (r) => r.id === 1234 },
];

function expectedIds(ref: (r: Row) => Tri): number[] {
  return rows.filter((r) => ref(r) === true).map((r) => r.id);
}

describe.each(['papaparse', 'fast'] as const)('engine %s', (engine) => {
  test.each(CASES)('$name equals a plain loop (both files)', async ({ expr, ref }) => {
    const want = expectedIds(ref);
    for (const path of [numericPath, notePath]) {
      const df = readCsv(path, { blocksize: 2048, engine });
      const pushed = df.filter(expr());
      // The filter became part of the read: no separate filter layer.
      expect(pushed.name.startsWith('read-csv')).toBe(true);
      expect(pushed.npartitions).toBe(df.npartitions);
      const table = await pushed.compute({ scheduler: 'synchronous' });
      expect(table.schema.names).toEqual(df.columns);
      const ids = table.toArray().map((r) => Number(r.id));
      expect(ids).toEqual(want);
      const xs = table.getChild('x')!.toArray();
      const byId = new Map(rows.map((r) => [r.id, r]));
      ids.forEach((id, i) => {
        const x = byId.get(id)!.x;
        if (x !== null) expect(xs[i]).toBe(x);
      });
    }
  });

  test('chained filters combine, and a groupby after them reads the filter columns it does not output', async () => {
    const df = readCsv(numericPath, { blocksize: 2048, engine });
    const out = await df
      .filter(col('x').gt(-20))
      .filter(col('y').ge(4))
      .groupby('k')
      .col('x')
      .sum()
      .compute({ scheduler: 'synchronous' });
    const want = new Map<string, number>();
    for (const r of rows)
      if (r.k !== null && r.x !== null && r.x > -20 && r.y >= 4) want.set(r.k, (want.get(r.k) ?? 0) + r.x);
    const got = new Map(out.toArray().map((r) => [r.k as string, r.x as number]));
    expect(got.size).toBe(want.size);
    for (const [k, v] of want) expect(got.get(k)).toBeCloseTo(v, 9);
  });

  test.each([
    ['numbers only', ''],
    ['a string column (no one-pass scan)', ',s'],
  ])(
    'a value that does not fit its column is reported in a kept row, and in the predicate column always (%s)',
    async (_, extra) => {
      const bad = join(dir, `bad-${engine}${extra.length}.csv`);
      const s = extra === '' ? () => '' : (v: string) => `,${v}`;
      // Row 3 (rejected by x > 5) has a bad y: not converted, not reported.
      writeFileSync(bad, `x,y${extra}\n10,1${s('a')}\n20,2${s('b')}\n1,oops${s('c')}\n30,3${s('d')}\n`);
      const kept = await readCsv(bad, { engine, dtypes: { y: 'int32' } })
        .filter(col('x').gt(5))
        .compute({ scheduler: 'synchronous' });
      expect(kept.toArray().map((r) => [r.x, r.y])).toEqual([
        [10, 1],
        [20, 2],
        [30, 3],
      ]);
      // The same bad y in a kept row is an error naming column, line and value.
      const err = await readCsv(bad, { engine, dtypes: { y: 'int32' } })
        .filter(col('x').gt(0))
        .compute({ scheduler: 'synchronous' })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CsvDtypeError);
      expect(String((err as Error).message)).toMatch(/Column 'y'.*line 4.*"oops"/s);
      // A bad value in the predicate's own column is reported even though no row would keep it.
      const badX = join(dir, `bad-x-${engine}.csv`);
      writeFileSync(badX, 'x,y\n10,1\nten,2\n');
      await expect(
        readCsv(badX, { engine, dtypes: { x: 'float64' } })
          .filter(col('x').gt(1000))
          .compute({ scheduler: 'synchronous' }),
      ).rejects.toBeInstanceOf(CsvDtypeError);
    },
  );

  test('a malformed row rejected by the filter is still a malformed row', async () => {
    const bad = join(dir, `short-${engine}.csv`);
    writeFileSync(bad, 'x,y\n10,1\n1\n30,3\n');
    await expect(
      readCsv(bad, { engine }).filter(col('x').gt(5)).compute({ scheduler: 'synchronous' }),
    ).rejects.toThrow(/line 3/);
    const skipped = await readCsv(bad, { engine, onBadLine: 'skip' })
      .filter(col('x').gt(5))
      .compute({ scheduler: 'synchronous' });
    expect(skipped.toArray().map((r) => r.x)).toEqual([10, 30]);
  });
});

test.each(['papaparse', 'fast'] as const)(
  'a string column compares its unquoted, unescaped text (%s)',
  async (engine) => {
    // Row 93 (a multiple of 31) has a note with an embedded newline; row 61 does not.
    expect([61, 93].map((i) => i % 31 === 0)).toEqual([false, true]);
    const table = await readCsv(notePath, { blocksize: 2048, engine, dtypes: { note: 'string' } })
      .filter(col('note').eq('note 61, "q"').or(col('note').eq('note 93, "q"\nline two')))
      .compute({ scheduler: 'synchronous' });
    expect(table.toArray().map((r) => Number(r.id))).toEqual([61, 93]);
  },
);

test.each(['papaparse', 'fast'] as const)(
  'a filter after assign moves below it unless it reads an assigned column (%s)',
  async (engine) => {
    const df = readCsv(numericPath, { blocksize: 2048, engine }).assign({
      z: col('y').mul(2),
      y2: col('y').add(1),
    });
    const below = df.filter(col('x').gt(50));
    expect(below.name.startsWith('assign')).toBe(true); // the filter went under the assign (into the read)
    const above = df.filter(col('z').gt(20));
    expect(above.name.startsWith('filter')).toBe(true);
    const [b, a] = await Promise.all([below, above].map((f) => f.compute({ scheduler: 'synchronous' })));
    expect(b.schema.names).toEqual([...df.columns]);
    expect(b.toArray().map((r) => [Number(r.id), r.z])).toEqual(
      rows.filter((r) => r.x !== null && r.x > 50).map((r) => [r.id, r.y * 2]),
    );
    expect(a.toArray().map((r) => Number(r.id))).toEqual(rows.filter((r) => r.y * 2 > 20).map((r) => r.id));
  },
);

test.each(['threads', 'processes'] as const)(
  'every scheduler gives the same pushed-down answer (%s)',
  async (scheduler) => {
    const { expr, ref } = CASES[4];
    const table = await readCsv(numericPath, { blocksize: 8192, engine: 'fast' })
      .filter(expr())
      .compute({ scheduler, workers: 2 });
    expect(table.toArray().map((r) => Number(r.id))).toEqual(expectedIds(ref));
  },
);

describe('Prefilter', () => {
  const columns = [
    { name: 'x', index: 0, dtype: 'float64', inferred: true },
    { name: 's', index: 1, dtype: 'string', inferred: true },
    { name: 'n', index: 2, dtype: 'int32', inferred: true },
  ] as const;
  const na = new NaMatcher(['NA', 'NaN', '']);

  test('compiles only comparisons of numeric columns, and keeps what it cannot decide', () => {
    expect(Prefilter.create(col('s').contains('a').node, columns, na)).toBeNull();
    expect(Prefilter.create(col('s').lt('a').node, columns, na)).toBeNull();
    expect(Prefilter.create(col('x').add(1).gt(2).node, columns, na)).toBeNull();
    expect(Prefilter.create(col('x').gt(1).or(col('s').contains('a')).node, columns, na)).toBeNull();
    const text = Prefilter.create(
      col('s')
        .eq('a')
        .or(col('s').isIn(['b', 'é'])).node,
      columns,
      na,
    )!;
    expect(text.slots).toEqual([
      { field: 1, dtype: 'text', values: ['a'] },
      { field: 1, dtype: 'text', values: ['b', 'é'] },
    ]);
    expect(['a', 'b', 'é', 'c', ''].map((v) => text.testStrings(['1', v, '1']))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
    const utf8 = new TextEncoder().encode('1,é,2');
    expect(text.testBytes(utf8, Int32Array.of(0, 2, 5), Int32Array.of(1, 4, 6), Uint8Array.of(0, 0, 0))).toBe(
      true,
    );
    const pre = Prefilter.create(col('x').gt(1).and(col('s').contains('a')).node, columns, na)!;
    expect(pre.slots).toEqual([{ field: 0, dtype: 'float64' }]);
    expect(pre.testStrings(['0.5', 'a', '1'])).toBe(false);
    expect(pre.testStrings(['1.5', 'b', '1'])).toBe(true); // the rest is the kernel's to decide
    for (const v of ['NA', '', 'NaN', 'nonsense']) expect(pre.testStrings([v, 'a', '1'])).toBe(true);
  });

  test('int32 values outside int32, and bytes with doubled quotes, go to conversion', () => {
    const pre = Prefilter.create(col('n').lt(0).node, columns, na)!;
    expect(pre.testStrings(['1', 'a', '5'])).toBe(false);
    expect(pre.testStrings(['1', 'a', '-5'])).toBe(true);
    expect(pre.testStrings(['1', 'a', '99999999999'])).toBe(true);
    const bytes = new TextEncoder().encode('1,a,5');
    const starts = Int32Array.of(0, 2, 4);
    const ends = Int32Array.of(1, 3, 5);
    expect(pre.testBytes(bytes, starts, ends, Uint8Array.of(0, 0, 0))).toBe(false);
    expect(pre.testBytes(bytes, starts, ends, Uint8Array.of(0, 0, 1))).toBe(true);
  });
});
