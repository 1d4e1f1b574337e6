/**
 * Benchmark 'dataframe': Tusk's dataframe on a generated CSV (1 GB by default) beside Dask, DuckDB and
 * Polars, on the same file in the same run.
 *
 * Queries (benchmarks/dataframe/queries.js): `groupby('key').x.mean()`, `groupby('key').agg({x: [sum,
 * mean, count], y: [sum, mean, count]})`, and filter(x > 900) + sort by x + write one CSV file.
 * Contenders (benchmarks/dataframe/contenders.js): Tusk on threads and processes with 2 workers, each
 * with the papaparse parser (the default) and the 'fast' byte scanner; Dask threads / processes
 * (Debian's python3-dask); DuckDB (`@duckdb/node-api`); Polars (`nodejs-polars`) streaming and in
 * memory.
 *
 * Every sample runs in a fresh child process whose whole process tree is watched for its peak RSS
 * (tree-rss.js); the child times only the query (imports excluded). So there is nothing to warm up but
 * the page cache, which is warmed once by reading the file. Rounds interleave the contenders in a
 * rotated order (lib/measure.js); a contender stops after one sample once it has spent the time budget
 * on a query. Every answer is checked against the file's exact truth (lib/csv-data.js), and a wrong
 * one is marked ✗ in the table. A last table gives Tusk's parse throughput for both parsers.
 *
 * Targets (issue 6): faster than Dask on every query with no more peak memory than Dask; within 2×
 * DuckDB with papaparse; at or below DuckDB with the fast parser.
 */

import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvTruth, ensureCsv, parseBytes } from '../lib/csv-data.js';
import { sampleRounds } from '../lib/measure.js';
import { DEFAULT_PYTHON } from '../lib/peer.js';
import { contenderDefs, makeContender, parseContenders, probeDask } from './dataframe/contenders.js';
import { QUERIES } from './dataframe/queries.js';
import { report } from './dataframe/report.js';

const DASK_HINT =
  'Dask comes from Debian: sudo apt-get install -y python3-dask (then run the benchmark again).';

/** Read the file once so every contender finds it in the page cache. */
function warmPageCache(path) {
  const buf = Buffer.allocUnsafe(16 << 20);
  const fd = openSync(path, 'r');
  try {
    while (readSync(fd, buf, 0, buf.length, null) > 0) {
      // reading is the point
    }
  } finally {
    closeSync(fd);
  }
}

function packageVersion(name) {
  try {
    const url = new URL(`../node_modules/${name}/package.json`, import.meta.url);
    return JSON.parse(readFileSync(url, 'utf8')).version;
  } catch {
    return '?';
  }
}

export default {
  name: 'dataframe',
  title: 'Dataframe on a generated CSV: Tusk vs Dask, DuckDB and Polars (time and peak RSS)',
  defaults: { size: '1GB', quickSize: '200MB', workers: 2 },

  async run(ctx) {
    const bytes = parseBytes(ctx.size ?? (ctx.quick ? this.defaults.quickSize : this.defaults.size));
    const workers = ctx.workers ?? this.defaults.workers;
    const python = ctx.python ?? DEFAULT_PYTHON;
    const file = ensureCsv({ bytes, log: ctx.log });
    const truth = csvTruth(file);
    ctx.log(`  data: ${file} (${truth.rows.toLocaleString('en-US')} rows); warming the page cache…`);
    warmPageCache(file);

    const versions = {
      node: process.version,
      '@duckdb/node-api': packageVersion('@duckdb/node-api'),
      'nodejs-polars': packageVersion('nodejs-polars'),
    };
    let defs = contenderDefs(workers);
    const unavailable = new Map();
    const notes = [];
    if (!ctx.peers) {
      defs = defs.filter((d) => d.id.startsWith('tusk-'));
    } else {
      const dask = await probeDask(python);
      if (dask.ok) Object.assign(versions, { dask: dask.versions.dask, pandas: dask.versions.pandas });
      else {
        ctx.log(`  Dask n/a: ${dask.reason}\n  ${DASK_HINT}`);
        for (const d of defs) if (d.kind === 'dask') unavailable.set(d.id, 'n/a (not available, see below)');
        notes.push(`Dask is not available (${dask.reason}). ${DASK_HINT}`);
        defs = defs.filter((d) => d.kind !== 'dask');
      }
    }

    const settings = {
      warmup: 0,
      repeats: ctx.repeatsSet ? ctx.sampling.repeats : ctx.quick ? 2 : 3,
      minRepeats: 1,
      budgetSeconds: ctx.quick ? 10 : 40,
      collect: false,
    };
    const outDir = mkdtempSync(join(tmpdir(), 'tusk-bench-dataframe-'));
    const cases = new Map();
    let parse;
    try {
      for (const q of QUERIES) {
        ctx.log(`  ${q.id}: ${q.title}…`);
        const contenders = defs.map((d) =>
          makeContender(d, { query: q.id, path: file, truth, outDir, python, workers }),
        );
        const results = await sampleRounds(contenders, { ...settings, log: ctx.log });
        cases.set(q.id, { contenders, results });
      }
      ctx.log('  parse throughput…');
      const contenders = parseContenders({ path: file, truth, workers });
      parse = { contenders, results: await sampleRounds(contenders, { ...settings, log: ctx.log }) };
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
    return report({
      file,
      truth,
      defs: contenderDefs(workers).filter((d) => defs.some((x) => x.id === d.id) || unavailable.has(d.id)),
      queries: QUERIES,
      cases,
      parse,
      unavailable,
      versions,
      settings,
      notes,
    });
  },
};
