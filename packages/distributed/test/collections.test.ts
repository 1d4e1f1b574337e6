/**
 * Collections on the distributed scheduler: an array reduction and a CSV groupby, against plain
 * loops over the same data, with two workers that keep results of 64 kB and more in a shared
 * result directory. After each run, nothing of it is left in Redis or in the directory.
 */

import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ta from '@tusk/array';
import { compute, delayed } from '@tusk/core';
import { readCsv } from '@tusk/dataframe';
import { afterAll, beforeAll, expect, test } from 'vitest';
import '../src/index.js';
import { range, total } from '../../schedulers/test/fixtures/tasks.js';
import { slowIdentity } from './fixtures/tasks.js';
import { Cluster } from './helpers/cluster.js';

let cluster: Cluster;
let results: string;

beforeAll(async () => {
  cluster = await Cluster.start('collections');
  results = join(cluster.dir, 'results');
  mkdirSync(results);
  await cluster.startWorkers(2, { results, resultsThreshold: '64KB' });
});

afterAll(() => cluster?.stop());

/** Files left in the shared result directory (any run). */
function filesLeft(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else out.push(join(dir, e.name));
    }
  };
  walk(results);
  return out;
}

function run(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return cluster.options({ resultDir: results, ...extra });
}

test('an array reduction and an elementwise array, blocks of 500 kB through the shared store', async () => {
  const n = 1000;
  const data = new Float64Array(n * n);
  for (let i = 0; i < data.length; i++) data[i] = ((i * 7919) % 1000) / 10;
  const x = ta.fromArray(data, { shape: [n, n], chunks: 250 });
  let total = 0;
  const colSums = new Float64Array(n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      total += data[i * n + j];
      colSums[j] += 2 * data[i * n + j] + 1;
    }
  const sum = await x.sum().compute(run());
  expect(sum.get()).toBeCloseTo(total, 6);
  const y = x.mul(2).add(1);
  // Watch the shared directory while the runs go: the 500 kB blocks must pass through it.
  let seen = 0;
  const watch = setInterval(() => {
    seen = Math.max(seen, filesLeft().length);
  }, 2);
  const [blocks, cols] = await Promise.all([y.compute(run()), y.sum({ axis: 0 }).compute(run())]);
  clearInterval(watch);
  expect(seen).toBeGreaterThan(0);
  expect(blocks.shape).toEqual([n, n]);
  const yData = blocks.data as Float64Array;
  for (let i = 0; i < data.length; i += 997) expect(yData[i]).toBe(2 * data[i] + 1);
  const colData = cols.data as Float64Array;
  for (let j = 0; j < n; j++) expect(colData[j]).toBeCloseTo(colSums[j], 6);
  expect(filesLeft()).toEqual([]);
  expect(await cluster.keys('tusk:collections:run:*')).toEqual([]);
});

test('a CSV groupby: Arrow partitions between workers, the same answer as a plain loop', async () => {
  const dir = join(cluster.dir, 'csv');
  mkdirSync(dir);
  const expected = new Map<string, { sum: number; count: number; max: number }>();
  for (let f = 0; f < 3; f++) {
    const lines = ['id,key,x'];
    for (let i = 0; i < 4000; i++) {
      const id = f * 4000 + i;
      const key = `k${(id * 31) % 17}`;
      const x = ((id * 13) % 101) - 50;
      lines.push(`${id},${key},${x}`);
      const g = expected.get(key) ?? { sum: 0, count: 0, max: -Infinity };
      g.sum += x;
      g.count++;
      g.max = Math.max(g.max, x);
      expected.set(key, g);
    }
    writeFileSync(join(dir, `part-${f}.csv`), `${lines.join('\n')}\n`);
  }
  const df = readCsv(join(dir, 'part-*.csv'), { blocksize: 16_000 });
  expect(df.npartitions).toBeGreaterThan(3);
  const table = await df
    .groupby('key')
    .agg({ x: ['sum', 'count', 'max'] })
    .compute(run());
  const got = new Map<string, { sum: number; count: number; max: number }>();
  for (const row of table.toArray()) {
    got.set(String(row.key), { sum: Number(row.x_sum), count: Number(row.x_count), max: Number(row.x_max) });
  }
  expect(got).toEqual(expected);
  expect(filesLeft()).toEqual([]);
  expect(await cluster.keys('tusk:collections:run:*')).toEqual([]);
});

test('a released intermediate is deleted from Redis and the shared store while the run goes on', async () => {
  //  range(40000) ─ total ─ slowIdentity(500 ms) ─ output
  //  (a 320 kB file)  (a number in Redis)
  const big = delayed(range)(40_000);
  const sum = delayed(total)(big);
  const out = delayed(slowIdentity)(sum, 500);
  let during: { files: string[]; keys: string[] } | undefined;
  let probe: Promise<void> | undefined;
  const cb = {
    taskFinish: (info: { key: string }) => {
      if (info.key !== sum.key) return;
      probe = (async () => {
        await new Promise((r) => setTimeout(r, 150));
        during = { files: filesLeft(), keys: await cluster.keys('tusk:collections:run:*:v:*') };
      })();
    },
  };
  const [v] = await compute(out, run({ optimize: false, callbacks: [cb] }));
  await probe;
  expect(v).toBe((39_999 * 40_000) / 2);
  // While slowIdentity ran: range's file was gone, total's value was still in Redis.
  expect(during?.files).toEqual([]);
  expect(during?.keys).toHaveLength(1);
  expect(filesLeft()).toEqual([]);
  expect(await cluster.keys('tusk:collections:run:*')).toEqual([]);
});
