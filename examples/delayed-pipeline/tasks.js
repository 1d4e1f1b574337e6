/**
 * The pipeline's steps, as plain functions exported from this module. `defineTasks` records each
 * one by module URL + export name, so Tusk can run them on worker threads and child processes as
 * well as in this thread.
 */

import { readFile, writeFile } from 'node:fs/promises';
import { defineTasks } from '@tusk/core';

/** Read one file (I/O: returns a promise, so reads overlap). */
export async function load(path) {
  return { path, text: await readFile(path, 'utf8') };
}

/** Parse `date,region,product,qty,unit_price` lines into records. */
export function parse({ path, text }) {
  const lines = text.split('\n');
  const header = lines[0].split(',');
  const records = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const f = line.split(',');
    if (f.length !== header.length) {
      throw new Error(`${path}:${i + 1}: expected ${header.length} fields, found ${f.length}`);
    }
    records.push({ date: f[0], region: f[1], product: f[2], qty: Number(f[3]), price: Number(f[4]) });
  }
  return records;
}

/** Keep real sales and compute each line's revenue. */
export function transform(records) {
  const out = [];
  for (const r of records)
    if (r.qty > 0) out.push({ region: r.region, product: r.product, revenue: r.qty * r.price });
  return out;
}

/** Revenue and line count per region for one file. */
export function summarize(rows) {
  const totals = {};
  for (const r of rows) {
    totals[r.region] ??= { revenue: 0, lines: 0 };
    const t = totals[r.region];
    t.revenue += r.revenue;
    t.lines += 1;
  }
  return totals;
}

/** Merge per-region summaries (the reduction step; associative, so it runs as a tree). */
export function combine(...parts) {
  const totals = {};
  for (const part of parts) {
    for (const [region, t] of Object.entries(part)) {
      totals[region] ??= { revenue: 0, lines: 0 };
      const acc = totals[region];
      acc.revenue += t.revenue;
      acc.lines += t.lines;
    }
  }
  return totals;
}

/** Write the report as JSON; returns the path written. */
export async function write(totals, path) {
  const rows = Object.entries(totals)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([region, t]) => ({ region, revenue: Math.round(t.revenue * 100) / 100, lines: t.lines }));
  await writeFile(path, `${JSON.stringify(rows, null, 2)}\n`);
  return path;
}

defineTasks(import.meta.url, { load, parse, transform, summarize, combine, write });
