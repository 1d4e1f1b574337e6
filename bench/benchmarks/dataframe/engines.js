/**
 * The Node-side engines of the 'dataframe' benchmark: Tusk, DuckDB (`@duckdb/node-api`) and Polars
 * (`nodejs-polars`), each running one query on one CSV file. Every engine is imported lazily, so a
 * child process loads only the one it runs (and a missing native package fails only its contender).
 *
 * `run(spec)` returns `{ rows }` for the groupby queries (plain rows in the column order of
 * queries.js) or `{ file }` for the sort query. Only `run` is timed by the child; imports, instance
 * creation (DuckDB), Tusk's worker-pool start-up (see `warmPool`) and the conversion of the answer to
 * plain rows are outside the clock.
 */

import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const AGG_COLUMNS = ['x_sum', 'x_mean', 'x_count', 'y_sum', 'y_mean', 'y_count'];
const num = (v) => (typeof v === 'bigint' ? Number(v) : v);

/** The header and first `rows` rows of the CSV at `path` (read from its first 64 KiB). */
function headLines(path, rows) {
  const buf = Buffer.alloc(1 << 16);
  const fd = openSync(path, 'r');
  try {
    const n = readSync(fd, buf, 0, buf.length, 0);
    return `${buf
      .toString('utf8', 0, n)
      .split('\n')
      .slice(0, rows + 1)
      .join('\n')}\n`;
  } finally {
    closeSync(fd);
  }
}

/**
 * Start Tusk's worker pool before the clock, as a long-lived program has it: `work(file, out)` runs
 * the same query on a copy of the first 64 rows of `path`, cut into 256-byte partitions so that every
 * worker gets tasks and imports the kernels the query names (Apache Arrow, the CSV reader, the
 * groupby or sort). Each worker parses only a few rows, so no kernel is JIT-compiled here. Without it
 * every sample would also pay the workers' start-up: about 0.4–0.5 s of wall time and 0.4 s of CPU
 * per worker on this machine (node + module loading), which a one-shot script does pay.
 * Returns the seconds it took (reported as `warmSeconds`, never counted in the query's time).
 */
async function warmPool(path, scheduler, work) {
  if (scheduler === 'synchronous') return 0;
  const t0 = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'tusk-bench-warm-'));
  try {
    const file = join(dir, 'head.csv');
    writeFileSync(file, headLines(path, 64));
    await work(file, join(dir, 'out.csv'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return (performance.now() - t0) / 1e3;
}

/** Tusk: readCsv (`parser`: 'papaparse' | 'fast') → groupby / filter + sortValues + toCsv, on `threads` or `processes`. */
async function tusk({ path, query, out, scheduler, workers, parser, blocksize, warm = true }) {
  const { col, readCsv } = await import('@tusk/dataframe');
  const computeOptions = { scheduler, workers };
  const csvOptions = { engine: parser, ...(blocksize ? { blocksize } : {}) };
  const work = async (file, outFile, options = csvOptions) => {
    const df = readCsv(file, options);
    if (query === 'mean') return { table: await df.groupby('key').col('x').mean().compute(computeOptions) };
    if (query === 'agg') {
      const spec = { x: ['sum', 'mean', 'count'], y: ['sum', 'mean', 'count'] };
      return { table: await df.groupby('key').agg(spec).compute(computeOptions) };
    }
    await df
      .filter(col('x').gt(900))
      .sortValues('x')
      .toCsv(outFile, { singleFile: true, ...computeOptions });
    return { file: outFile };
  };
  const warmSeconds = warm
    ? await warmPool(path, scheduler, (file, outFile) =>
        work(file, outFile, { ...csvOptions, blocksize: 256 }),
      )
    : undefined;
  return {
    run: () => work(path, out),
    answer(r) {
      if (r.file) return { ...r, warmSeconds };
      const names = query === 'mean' ? ['key', 'x'] : ['key', ...AGG_COLUMNS];
      const vectors = names.map((n) => r.table.getChild(n));
      const rows = [];
      for (let i = 0; i < r.table.numRows; i++) rows.push(vectors.map((v) => num(v.get(i))));
      return { rows, warmSeconds };
    },
  };
}

/**
 * Tusk's parse throughput: `readCsv(path).len()` — every column of every partition parsed into Arrow,
 * then the rows counted — on `synchronous` (one core) or a worker scheduler. Answer: the row count.
 */
async function tuskParse({ path, scheduler, workers, parser, blocksize, dtypes, warm = true }) {
  const { readCsv } = await import('@tusk/dataframe');
  const options = { engine: parser, ...(blocksize ? { blocksize } : {}), ...(dtypes ? { dtypes } : {}) };
  const count = (file, opts = options) => readCsv(file, opts).len().compute({ scheduler, workers });
  const warmSeconds = warm
    ? await warmPool(path, scheduler, (file) => count(file, { ...options, blocksize: 256 }))
    : undefined;
  return {
    async run() {
      return { count: await count(path) };
    },
    answer: (r) => ({ ...r, warmSeconds }),
  };
}

/** DuckDB in-process, `threads` = workers, reading the CSV with its auto-detection. */
async function duckdb({ path, query, out, workers }) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { threads: String(workers) });
  const con = await instance.connect();
  const src = `read_csv('${path.replaceAll("'", "''")}')`;
  const sql = {
    mean: `SELECT key, avg(x) FROM ${src} GROUP BY key`,
    agg: `SELECT key, sum(x), avg(x), count(x), sum(y), avg(y), count(y) FROM ${src} GROUP BY key`,
    sort: `COPY (SELECT * FROM ${src} WHERE x > 900 ORDER BY x) TO '${String(out).replaceAll("'", "''")}' (HEADER)`,
  }[query];
  return {
    async run() {
      const reader = await con.runAndReadAll(sql);
      return query === 'sort' ? { file: out } : { reader };
    },
    answer(r) {
      if (r.file) return r;
      return { rows: r.reader.getRowsJS().map((row) => row.map(num)) };
    },
  };
}

/** Polars: `streaming` (scanCSV … collect({ streaming }) / sinkCSV) or in memory (readCSV …). */
async function polars({ path, query, out, mode }) {
  const pl = (await import('nodejs-polars')).default;
  const aggs =
    query === 'mean'
      ? [pl.col('x').mean().alias('x_mean')]
      : [
          pl.col('x').sum().alias('x_sum'),
          pl.col('x').mean().alias('x_mean'),
          pl.col('x').count().alias('x_count'),
          pl.col('y').sum().alias('y_sum'),
          pl.col('y').mean().alias('y_mean'),
          pl.col('y').count().alias('y_count'),
        ];
  const streaming = mode === 'streaming';
  return {
    async run() {
      if (query === 'sort') {
        if (streaming) {
          await pl.scanCSV(path).filter(pl.col('x').gt(900)).sort('x').sinkCSV(out).collect();
        } else {
          pl.readCSV(path).filter(pl.col('x').gt(900)).sort('x').writeCSV(out);
        }
        return { file: out };
      }
      const df = streaming
        ? await pl.scanCSV(path).groupBy('key').agg(aggs).collect({ streaming: true })
        : pl
            .readCSV(path)
            .groupBy('key')
            .agg(...aggs);
      return { df };
    },
    answer(r) {
      if (r.file) return r;
      return { rows: r.df.rows().map((row) => row.map(num)) };
    },
  };
}

/** Engine name → factory `(spec) → Promise<{ run, answer }>`. */
export const ENGINES = { tusk, 'tusk-parse': tuskParse, duckdb, polars };
