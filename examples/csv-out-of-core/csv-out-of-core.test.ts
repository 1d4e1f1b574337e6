/**
 * The main demo's queries on a small generated events file, cut into many partitions and run with a
 * memory limit smaller than the file, on every scheduler — each answer checked against a plain loop
 * over the file's rows written here (parse every line, group, filter, sort, join by hand). Then the
 * demo itself (main.js, from the built packages) runs end to end on a small size, and what it wrote
 * is checked the same way.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Table } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureData } from './data.js';
import { storeWatcher } from './measure.js';
import { byKey, byRegion, readEvents, readKeys, TOP_CAT, TOP_MIN_X, topRows } from './queries.js';

const here = dirname(fileURLToPath(import.meta.url));

/** One row of the events file as the reference reads it. */
interface Event {
  id: number;
  key: string;
  cat: string;
  x: number;
  /** x in thousandths (the file writes three decimals), so sums are exact integers. */
  xMilli: number;
  y: number;
  ts: string;
}

function parseEvents(text: string): Event[] {
  const lines = text.split('\n');
  expect(lines[0]).toBe('id,key,cat,x,y,ts');
  const out: Event[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === '') continue;
    const [id, key, cat, x, y, ts] = lines[i].split(',');
    const [whole, frac] = x.split('.');
    out.push({
      id: Number(id),
      key,
      cat,
      x: Number(x),
      xMilli: Number(whole) * 1000 + Number(frac),
      y: Number(y),
      ts,
    });
  }
  return out;
}

function parseKeys(text: string): Map<string, { region: string; weight: number }> {
  const lines = text.trim().split('\n');
  expect(lines[0]).toBe('key,region,weight');
  return new Map(
    lines.slice(1).map((l) => {
      const [key, region, weight] = l.split(',');
      return [key, { region, weight: Number(weight) }];
    }),
  );
}

/** Rows of an Arrow table as plain objects (bigints as numbers). */
function rowsOf(table: Table): Record<string, unknown>[] {
  return table.toArray().map((r) => {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r.toJSON())) o[k] = typeof v === 'bigint' ? Number(v) : v;
    return o;
  });
}

const close = (got: unknown, want: number) =>
  expect(Math.abs(Number(got) - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));

/** Query 1 by hand: per key, sum/mean/count of x and y, sorted by key. */
function byKeyRef(events: Event[]) {
  const groups = new Map<string, { xMilli: number; y: number; n: number }>();
  for (const e of events) {
    const g = groups.get(e.key) ?? { xMilli: 0, y: 0, n: 0 };
    g.xMilli += e.xMilli;
    g.y += e.y;
    g.n++;
    groups.set(e.key, g);
  }
  return [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Query 2 by hand: the category's rows with x above the bound, x descending then id ascending. */
function topRef(events: Event[]): Event[] {
  return events
    .filter((e) => e.cat === TOP_CAT && e.x > TOP_MIN_X)
    .sort((a, b) => b.xMilli - a.xMilli || a.id - b.id);
}

/** Query 3 by hand: join with the keys table, then per region: events, mean x, sum of x × weight. */
function byRegionRef(events: Event[], keys: Map<string, { region: string; weight: number }>) {
  const groups = new Map<string, { n: number; xMilli: number; wx: number }>();
  for (const e of events) {
    const k = keys.get(e.key);
    if (!k) continue;
    const g = groups.get(k.region) ?? { n: 0, xMilli: 0, wx: 0 };
    g.n++;
    g.xMilli += e.xMilli;
    g.wx += e.x * k.weight;
    groups.set(k.region, g);
  }
  return [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function expectByKey(table: Table, events: Event[]) {
  const got = rowsOf(table);
  const want = byKeyRef(events);
  expect(got.map((r) => r.key)).toEqual(want.map(([k]) => k));
  got.forEach((r, i) => {
    const g = want[i][1];
    expect(r.x_count).toBe(g.n);
    expect(r.y_count).toBe(g.n);
    expect(r.y_sum).toBe(g.y);
    close(r.x_sum, g.xMilli / 1000);
    close(r.x_mean, g.xMilli / 1000 / g.n);
    close(r.y_mean, g.y / g.n);
  });
}

/** The sorted file the demo wrote, against the reference rows. */
function expectTopFile(path: string, events: Event[]) {
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  expect(lines[0]).toBe('id,key,cat,x,y,ts');
  const want = topRef(events);
  expect(want.length).toBeGreaterThan(5);
  expect(lines.length - 1).toBe(want.length);
  lines.slice(1).forEach((line, i) => {
    const [id, key, cat, x, y, ts] = line.split(',');
    const e = want[i];
    expect([Number(id), key, cat, Number(x), Number(y), ts.slice(0, 19)]).toEqual([
      e.id,
      e.key,
      e.cat,
      e.x,
      e.y,
      e.ts,
    ]);
  });
}

function expectByRegion(
  table: Table,
  events: Event[],
  keys: Map<string, { region: string; weight: number }>,
) {
  const got = rowsOf(table);
  const want = byRegionRef(events, keys);
  expect(want.length).toBe(8);
  expect(got.map((r) => r.region)).toEqual(want.map(([k]) => k));
  got.forEach((r, i) => {
    const g = want[i][1];
    expect(r.events).toBe(g.n);
    close(r.x_mean, g.xMilli / 1000 / g.n);
    close(r.weighted_x, g.wx);
  });
}

let dir: string;
let data: { csv: string; keysCsv: string; rows: number; bytes: number };
let events: Event[];
let keys: Map<string, { region: string; weight: number }>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tusk-demo-'));
  data = await ensureData(dir, 300_000, 7);
  events = parseEvents(readFileSync(data.csv, 'utf8'));
  keys = parseKeys(readFileSync(data.keysCsv, 'utf8'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the demo data', () => {
  it('has the rows its .json records, and keys for every event', () => {
    expect(events.length).toBe(data.rows);
    expect(events.length).toBeGreaterThan(5000);
    expect(keys.size).toBe(1000);
    expect(events.every((e) => keys.has(e.key))).toBe(true);
  });
});

const SCHEDULERS = [
  { scheduler: 'synchronous' },
  { scheduler: 'threads', workers: 2 },
  { scheduler: 'processes', workers: 2 },
];

describe.each(SCHEDULERS)('the queries on $scheduler, memoryLimit below the file size', (sched) => {
  // ~20 partitions; the store's budget is a tenth of the file, so it spills.
  const run = { ...sched, memoryLimit: 30_000 };
  const frame = () => readEvents(data.csv, { blocksize: 16_000 });

  it('groupby-aggregate per key', async () => {
    const events_ = frame();
    expect(events_.npartitions).toBeGreaterThan(15);
    expectByKey(await byKey(events_).compute(run), events);
  });

  it('filter + sortValues + toCsv into one file', async () => {
    const out = join(dir, `top-${sched.scheduler}.csv`);
    const store = storeWatcher();
    // The filter runs inside each partition's read, so only the rows it keeps (about 1%) reach the
    // store: a budget of 1 kB is what those exceed.
    const tight = { ...run, memoryLimit: 1_000 };
    await topRows(frame(), { npartitions: 4 }).toCsv(out, { singleFile: true, ...tight, callbacks: [store] });
    expectTopFile(out, events);
    // The pieces of the sort went past the budget: the store spilled some to disk.
    expect(store.spilledCount).toBeGreaterThan(0);
  });

  it('merge with the keys table, then groupby per region', async () => {
    expectByRegion(await byRegion(frame(), readKeys(data.keysCsv)).compute(run), events, keys);
  });
});

describe('main.js end to end', () => {
  it('generates the data, runs the three queries, and writes the graphs and the report', () => {
    const out = join(dir, 'demo');
    const args = ['--size', '400kB', '--blocksize', '32kB', '--memory-limit', '100kB', '--workers', '2'];
    const res = spawnSync(process.execPath, [join(here, 'main.js'), ...args, '--out', out], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(res.stderr).not.toMatch(/Error/);
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('memoryLimit 100kB');
    expect(res.stdout).not.toContain('WRONG');
    expect(res.stdout.match(/ ok$/gm)).toHaveLength(2);
    for (const f of ['graph-groupby.svg', 'graph-sort.svg', 'graph-join.svg', 'report.html']) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('Task stream');
    const demoEvents = parseEvents(readFileSync(join(out, 'events-400000B-seed42.csv'), 'utf8'));
    expectTopFile(join(out, `top-${TOP_CAT}.csv`), demoEvents);
    // The region table it printed, against the reference.
    const demoKeys = parseKeys(readFileSync(join(out, 'keys.csv'), 'utf8'));
    for (const [region, g] of byRegionRef(demoEvents, demoKeys)) {
      expect(res.stdout).toMatch(new RegExp(`^\\s+${region}\\s+${g.n}\\s`, 'm'));
    }
  });

  it('refuses a bad flag with a message that says what to write', () => {
    const res = spawnSync(process.execPath, [join(here, 'main.js'), '--size', 'big'], { encoding: 'utf8' });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('--size "big" is not a size: write e.g. 200MB, 1GB or 40GB.');
  });
});
