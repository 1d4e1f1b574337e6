/**
 * Column projection through filter, assign and merge (frame/projection.ts): a groupby at the end of
 * a pipeline reads only the CSV columns the pipeline needs, and the answer equals a plain loop over
 * the rows the test wrote — also when a name is on both sides of a merge (suffixes) and when an
 * assignment reads one made before it.
 */

import { afterAll, expect, test } from 'vitest';
import { col, readCsv } from '../../src/index.js';
import { projectColumns } from '../../src/io/read-csv.js';
import { tempDir, writeText } from '../helpers/data.js';

const tmp = tempDir('tusk-project-through-');
afterAll(() => tmp.cleanup());

const N = 3000;
const REGIONS = ['north', 'south', 'east'];
const events: { id: number; k: string; x: number; y: number }[] = [];
for (let i = 0; i < N; i++)
  events.push({ id: i, k: `k${(i * 7) % 20}`, x: ((i * 37) % 400) / 4 - 50, y: i % 9 });
const keys = Array.from({ length: 20 }, (_, j) => ({
  k: `k${j}`,
  region: REGIONS[j % 3],
  weight: j + 0.5,
  x: j,
}));
const eventsPath = writeText(
  tmp.dir,
  'events.csv',
  `id,k,x,y,ts,note\n${events.map((e) => `${e.id},${e.k},${e.x},${e.y},2024-01-0${(e.id % 9) + 1}T00:00:00,"n ${e.id}, ok"`).join('\n')}\n`,
);
const keysPath = writeText(
  tmp.dir,
  'keys.csv',
  `k,region,weight,x\n${keys.map((k) => `${k.k},${k.region},${k.weight},${k.x}`).join('\n')}\n`,
);
const keyOf = new Map(keys.map((k) => [k.k, k]));

test.each(['papaparse', 'fast'] as const)(
  'merge → assign → filter → groupby reads only the columns it needs, and equals a plain loop (%s)',
  async (engine) => {
    const left = readCsv(eventsPath, { blocksize: 4096, engine });
    const right = readCsv(keysPath);
    const pipeline = left
      .merge(right, { on: 'k' })
      .assign({ wx: col('x_x').mul(col('weight')), wx2: col('wx').mul(2) })
      .filter(col('y').gt(3));
    expect(pipeline.columns).toEqual([
      'id',
      'k',
      'x_x',
      'y',
      'ts',
      'note',
      'region',
      'weight',
      'x_y',
      'wx',
      'wx2',
    ]);
    // What the groupby below asks for: no id, ts or note is read.
    const projected = projectColumns(pipeline, ['region', 'wx2', 'x_x']);
    expect(projected.columns).toEqual(['k', 'x_x', 'y', 'region', 'weight', 'x_y', 'wx', 'wx2']);

    const out = await pipeline
      .groupby('region')
      .agg({ wx2: ['sum'], x_x: ['mean', 'count'] })
      .compute({ scheduler: 'synchronous' });
    const want = new Map<string, { s: number; x: number; n: number }>();
    for (const e of events) {
      if (!(e.y > 3)) continue;
      const k = keyOf.get(e.k)!;
      const g = want.get(k.region) ?? { s: 0, x: 0, n: 0 };
      g.s += e.x * k.weight * 2;
      g.x += e.x;
      g.n++;
      want.set(k.region, g);
    }
    expect(out.numRows).toBe(want.size);
    for (const row of out.toArray()) {
      const g = want.get(row.region)!;
      expect(row.wx2_sum).toBeCloseTo(g.s, 6);
      expect(row.x_x_mean).toBeCloseTo(g.x / g.n, 9);
      expect(Number(row.x_x_count)).toBe(g.n);
    }
  },
);

test('a projection that needs every column returns the frame itself', () => {
  const df = readCsv(eventsPath, { blocksize: 4096 }).assign({ z: col('x').add(1) });
  expect(projectColumns(df, df.columns)).toBe(df);
  const f = readCsv(eventsPath, { blocksize: 4096 }).select(['id', 'x']).filter(col('x').gt(0));
  expect(projectColumns(f, ['x'])).toBe(f); // select does not pass projection on
});
