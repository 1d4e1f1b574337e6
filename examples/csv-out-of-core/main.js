/**
 * Tusk's main demo: a CSV far larger than the memory it is given, grouped, sorted and joined on all
 * cores.
 *
 *   node examples/csv-out-of-core/main.js                 # 1 GB of events, generated once (seconds)
 *   node examples/csv-out-of-core/main.js --size 200MB    # a quick look
 *   node examples/csv-out-of-core/main.js --size 40GB     # past this machine's RAM
 *   node examples/csv-out-of-core/main.js --help          # every option
 *
 * The events file (id, key, cat, x, y, ts) is made by data.js and cached under out/. Then, with the
 * store's memory limited to a fraction of the file (256 MB by default), three queries each stream the
 * whole file: a groupby-aggregate per key, a filter + sort + write of one category's largest rows,
 * and a join with a small table of keys followed by a groupby per region (queries.js). Each prints a
 * preview of its answer, a check of it against the row count data.js recorded, its time, throughput
 * and peak RSS. The graphs are drawn as SVG and the whole run is written as an HTML report (task
 * stream per worker, memory and CPU over time) under out/.
 */

import { existsSync, statfsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatTable, readCsv } from '@tusk/dataframe';
import { shutdownSchedulers, writeReport } from '@tusk/schedulers';
import { ensureData, sizeLabel } from './data.js';
import { bytes, count, figures, indent, seconds } from './format.js';
import { Steps } from './measure.js';
import { parseOptions, USAGE, UsageError } from './options.js';
import {
  byKey,
  byRegion,
  readEvents,
  readKeys,
  TOP_CAT,
  topPredicate,
  topRows,
  weighted,
} from './queries.js';

const here = dirname(fileURLToPath(import.meta.url));
/** A path as the user would type it: relative to the working directory when inside it. */
function show(path) {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/** Stop early when the disk cannot hold the file (the check is skipped where statfs is missing). */
function checkDisk(dir, need) {
  let existing = resolve(dir);
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  let free;
  try {
    const s = statfsSync(existing);
    free = s.bavail * s.bsize;
  } catch {
    return;
  }
  if (free < need * 1.05) {
    throw new UsageError(
      `${bytes(need)} of CSV does not fit in ${show(dir)} (${bytes(free)} free): ` +
        'pass a smaller --size, or --out a directory on a bigger disk.',
    );
  }
}

/** Sum of a numeric column of an Arrow table. */
function columnSum(table, name) {
  let s = 0;
  for (const v of table.getChild(name)) s += Number(v);
  return s;
}

function check(label, got, want) {
  const ok = got === want;
  console.log(
    `  check: ${label}: ${count(got)}${ok ? ' = ' : ' ≠ '}${count(want)} rows ${ok ? 'ok' : 'WRONG'}`,
  );
  if (!ok) process.exitCode = 1;
}

async function main(o) {
  const cached = existsSync(join(o.out, `events-${sizeLabel(o.size)}-seed${o.seed}.csv`));
  if (!cached) checkDisk(o.out, o.size);
  console.log('Tusk: out-of-core CSV demo\n');
  if (!cached) console.error(`Generating ${bytes(o.size)} of events (once; later runs reuse the file) …`);
  const data = await ensureData(o.out, o.size, o.seed);
  const made =
    data.generatedMs > 0
      ? `generated in ${seconds(data.generatedMs)} (${(data.bytes / 1e3 / data.generatedMs).toFixed(0)} MB/s)`
      : 'cached';
  const events = readEvents(data.csv, { blocksize: o.blocksize, engine: o.engine });
  const keys = readKeys(data.keysCsv);
  const run = {
    scheduler: o.scheduler,
    memoryLimit: o.memoryLimit,
    ...(o.scheduler === 'synchronous' ? {} : { workers: o.workers }),
  };
  const ram = totalmem();
  console.log(`  data     ${show(data.csv)}: ${bytes(data.bytes)}, ${count(data.rows)} rows (${made})`);
  console.log(
    `  memory   memoryLimit ${o.memoryLimitText}: the file is ${(data.bytes / o.memoryLimit).toFixed(1)}× the limit ` +
      `(and ${(data.bytes / ram).toFixed(2)}× this machine's ${bytes(ram)} of RAM)`,
  );
  console.log(
    `  run      ${o.scheduler} scheduler, ${o.workers} worker${o.workers === 1 ? '' : 's'} on ${cpus().length} cores, ` +
      `${events.npartitions} partitions of at most ${bytes(o.blocksize)}, ${o.engine} tokenizer`,
  );
  console.log(`  columns  ${events.columns.map((c) => `${c}: ${events.dtypes[c]}`).join(', ')}`);

  const agg = byKey(events);
  const top = topRows(events);
  const region = byRegion(events, keys);

  const steps = new Steps();
  const t0 = performance.now();

  console.log("\n[1/3] groupby('key').agg({ x: [sum, mean, count], y: [sum, mean, count] })");
  const s1 = await steps.run(() => agg.compute(run));
  console.log(indent(formatTable(s1.result, { maxRows: 8 })));
  check('x_count adds up to the file', columnSum(s1.result, 'x_count'), data.rows);
  console.log(figures(s1, data.bytes, o.memoryLimit));

  const topCsv = join(o.out, `top-${TOP_CAT}.csv`);
  console.log(
    `\n[2/3] filter${topPredicate} → sortValues(x descending, then id; ${top.npartitions} ranges) → toCsv`,
  );
  const s2 = await steps.run(() => top.toCsv(topCsv, { singleFile: true, ...run }));
  const written = readCsv(topCsv);
  const [firstRows, writtenRows] = await Promise.all([written.head(5, run), written.len().compute(run)]);
  console.log(`  wrote ${show(topCsv)}: ${count(writtenRows)} rows, sorted by x descending; the first 5:`);
  console.log(indent(formatTable(firstRows)));
  console.log(figures(s2, data.bytes, o.memoryLimit));

  console.log(`\n[3/3] merge(keys.csv, on 'key') → assign(wx = ${weighted}) → groupby('region')`);
  const s3 = await steps.run(() => region.compute(run));
  console.log(indent(formatTable(s3.result)));
  check('every event found its key', columnSum(s3.result, 'events'), data.rows);
  console.log(figures(s3, data.bytes, o.memoryLimit));

  const totalMs = performance.now() - t0;
  const peak = Math.max(process.resourceUsage().maxRSS * 1024, s1.peakRss, s2.peakRss, s3.peakRss);
  // Drawn after the queries: Graphviz (WebAssembly) keeps its memory, which would inflate their RSS.
  const graphs = await Promise.all([
    agg.visualize(join(o.out, 'graph-groupby.svg'), { color: 'order' }),
    top.visualize(join(o.out, 'graph-sort.svg'), { color: 'order' }),
    region.visualize(join(o.out, 'graph-join.svg'), { color: 'order' }),
  ]);
  const report = await writeReport(join(o.out, 'report.html'), {
    ...steps.report(),
    graph: [agg, top, region],
    title: `Tusk: out-of-core CSV demo (${bytes(data.bytes)}, ${o.scheduler})`,
  });
  console.log(
    `\nTotal: ${seconds(totalMs)} for 3 passes over ${bytes(data.bytes)} ` +
      `(${((3 * data.bytes) / 1e3 / totalMs).toFixed(0)} MB/s); peak RSS ${bytes(peak)} ` +
      `(${o.scheduler === 'synchronous' ? 'this process' : o.scheduler === 'threads' ? 'this process with its worker threads' : 'this process plus its worker processes, as sampled'}).`,
  );
  console.log(`  graphs   ${graphs.map(show).join(', ')}`);
  console.log(`  report   ${show(report)} (task stream, memory and CPU over time, the graph)`);
}

let options;
try {
  options = parseOptions(process.argv.slice(2), join(here, 'out'));
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  console.error(`${err.message}\n\n${USAGE}`);
  process.exit(2);
}
if (options.help) {
  console.log(USAGE);
} else {
  try {
    await main(options);
  } catch (err) {
    process.exitCode = err instanceof UsageError ? 2 : 1;
    console.error(err instanceof UsageError ? err.message : err);
  } finally {
    await shutdownSchedulers();
  }
}
