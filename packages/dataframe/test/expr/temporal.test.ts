import type { Table } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { col, type Expr } from '../../src/expr/builder.js';
import { compileExpr } from '../../src/expr/compile.js';
import { civilFromDays, daysFromCivil, parseIsoMs } from '../../src/expr/datetime.js';
import { plain, rng, tableOf } from '../kernels/helpers.js';

function run(table: Table, e: Expr): unknown[] {
  const v = compileExpr(e, table.schema).evaluate(table);
  return Array.from({ length: table.numRows }, (_, i) => plain(v.get(i)));
}

const r = rng(11);
// ms from 1800 to 2200, whole seconds, with nulls
const ms = Array.from({ length: 500 }, () =>
  r() < 0.1 ? null : Math.floor((r() * 400 - 170) * 365.25 * 86_400) * 1000,
);
const days = ms.map((m) => (m === null ? null : Math.floor(m / 86_400_000) * 86_400_000));
const tsT = tableOf(
  ms.map((m, i) => ({ ts: m, tss: m, d: days[i] })),
  { ts: 'timestamp[ms]', tss: 'timestamp[s]', d: 'date' },
);

describe('date parts (UTC)', () => {
  const parts = {
    year: (d: Date) => d.getUTCFullYear(),
    month: (d: Date) => d.getUTCMonth() + 1,
    day: (d: Date) => d.getUTCDate(),
    hour: (d: Date) => d.getUTCHours(),
  };
  for (const [part, f] of Object.entries(parts)) {
    it(`${part} of timestamps (ms and s) and dates`, () => {
      for (const c of ['ts', 'tss']) {
        expect(run(tsT, (col(c) as any)[part]())).toEqual(
          ms.map((m) => (m === null ? null : f(new Date(m)))),
        );
      }
      expect(run(tsT, (col('d') as any)[part]())).toEqual(
        days.map((m) => (m === null ? null : f(new Date(m)))),
      );
    });
  }

  it('civil date round trip over 10^5 days', () => {
    const out = [0, 0, 0];
    const bad: number[] = [];
    for (let d = -60000; d < 60000; d += 1) {
      civilFromDays(d, out);
      const ref = new Date(d * 86_400_000);
      const ok =
        out[0] === ref.getUTCFullYear() && out[1] === ref.getUTCMonth() + 1 && out[2] === ref.getUTCDate();
      if (!ok || daysFromCivil(out[0], out[1], out[2]) !== d) bad.push(d);
    }
    expect(bad).toEqual([]);
  });
});

describe('comparisons with dates', () => {
  it('accepts ISO strings and Dates, across units', () => {
    const cut = '2000-03-01T12:00:00Z';
    const cutMs = Date.parse(cut);
    expect(run(tsT, col('ts').ge(cut))).toEqual(ms.map((m) => (m === null ? null : m >= cutMs)));
    expect(run(tsT, col('tss').lt(new Date(cutMs)))).toEqual(ms.map((m) => (m === null ? null : m < cutMs)));
    expect(run(tsT, col('d').le('2000-03-01'))).toEqual(
      days.map((m) => (m === null ? null : m <= Date.parse('2000-03-01'))),
    );
    expect(run(tsT, col('d').eq(col('ts')))).toEqual(ms.map((m, i) => (m === null ? null : m === days[i])));
    expect(run(tsT, col('ts').between('1990-01-01', '2010-01-01'))).toEqual(
      ms.map((m) => (m === null ? null : m >= Date.parse('1990-01-01') && m <= Date.parse('2010-01-01'))),
    );
  });

  it('parses ISO-8601 as UTC unless an offset is given', () => {
    expect(parseIsoMs('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(parseIsoMs('2024-02-29 13:45:10.250')).toBe(Date.UTC(2024, 1, 29, 13, 45, 10, 250));
    expect(parseIsoMs('2024-02-29T13:45:10+02:00')).toBe(Date.UTC(2024, 1, 29, 11, 45, 10));
    expect(parseIsoMs('29/02/2024')).toBeNaN();
  });

  it('isIn with dates', () => {
    const pickDays = days.filter((d) => d !== null).slice(0, 3) as number[];
    expect(run(tsT, col('d').isIn(pickDays.map((d) => new Date(d))))).toEqual(
      days.map((d) => (d === null ? null : pickDays.includes(d))),
    );
  });
});
