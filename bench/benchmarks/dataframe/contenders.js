/**
 * The contenders of the 'dataframe' benchmark and how one sample of each is taken: every sample is a
 * fresh child process (child.js for the Node engines, peers/dask_dataframe.py for Dask) run under
 * tree-rss.js, so its wall time is the query's own (measured inside the child, after imports) and its
 * peak RSS is that of its whole process tree. The answer is checked against the truth right after
 * the sample (outside the clock); a wrong answer is recorded, and the sample still counts.
 */

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { checkGroups, checkSortedFile } from './queries.js';
import { runMeasured } from './tree-rss.js';

const CHILD = new URL('child.js', import.meta.url).pathname;
const DASK = new URL('../../peers/dask_dataframe.py', import.meta.url).pathname;

/**
 * Contender definitions: `{ id, label, kind: 'node' | 'dask', spec }`, where `spec` is merged into the
 * child's request. Tusk and Dask run with `workers` workers; DuckDB with that many threads; Polars
 * with POLARS_MAX_THREADS = workers.
 */
export function contenderDefs(workers) {
  const tusk = (scheduler, parser) => ({
    id: `tusk-${scheduler}-${parser}`,
    label: `Tusk ${scheduler}, ${parser}`,
    kind: 'node',
    spec: { engine: 'tusk', scheduler, workers, parser },
  });
  return [
    tusk('threads', 'papaparse'),
    tusk('threads', 'fast'),
    tusk('processes', 'papaparse'),
    tusk('processes', 'fast'),
    { id: 'dask-threads', label: 'Dask threads', kind: 'dask', spec: { scheduler: 'threads', workers } },
    {
      id: 'dask-processes',
      label: 'Dask processes',
      kind: 'dask',
      spec: { scheduler: 'processes', workers },
    },
    { id: 'duckdb', label: 'DuckDB', kind: 'node', spec: { engine: 'duckdb', workers } },
    {
      id: 'polars-streaming',
      label: 'Polars streaming',
      kind: 'node',
      spec: { engine: 'polars', mode: 'streaming' },
    },
    {
      id: 'polars-memory',
      label: 'Polars in-memory',
      kind: 'node',
      spec: { engine: 'polars', mode: 'memory' },
    },
  ];
}

/**
 * A sampleRounds contender for `def` on `query`. What the metrics cannot carry is kept in
 * `contender.record`, one entry per measured sample: peak RSS (`memory`, MiB), sampled simultaneous
 * RSS (`rss`), CPU seconds of the tree (`cpu`), and the answer problems found (`wrong`). A child that
 * fails throws, so the contender is dropped with its error.
 */
export function makeContender(def, { query, path, truth, outDir, python, workers }) {
  const record = { memory: [], rss: [], cpu: [], processes: 0, wrong: [] };
  const out = join(outDir, `${def.id}-${query}.csv`);
  const env = { ...process.env, POLARS_MAX_THREADS: String(workers) };
  return {
    id: def.id,
    record,
    async sample() {
      const request = JSON.stringify({ ...def.spec, query, path, out });
      const r =
        def.kind === 'dask'
          ? await runMeasured(python, ['-u', DASK, request], { env })
          : await runMeasured(process.execPath, [CHILD, request], { env });
      const res = r.result;
      if (r.code !== 0 || !res || res.error || typeof res.seconds !== 'number') {
        const why =
          res?.error ?? `exit ${r.signal ?? r.code}: ${r.stderr.trim().split('\n').slice(-3).join(' ')}`;
        throw new Error(why.split('\n')[0]);
      }
      let problem;
      if (query === 'sort') {
        problem = await checkSortedFile(out, truth);
        rmSync(out, { force: true, recursive: true });
      } else {
        problem = checkGroups(query, res.rows, truth);
      }
      if (problem) record.wrong.push(problem);
      record.memory.push(r.hwmKiB / 1024);
      record.rss.push(r.sumRssKiB / 1024);
      if (typeof res.cpuSeconds === 'number') record.cpu.push(res.cpuSeconds + r.descendantCpuSeconds);
      record.processes = Math.max(record.processes, r.processes);
      return { run: res.seconds };
    },
  };
}

/**
 * Parse-throughput contenders: `readCsv().len()` on one core and on the worker scheduler, per parser,
 * and the fast parser once more with `key` read as a plain string column (a file with a text column).
 */
export function parseContenders({ path, truth, workers }) {
  const out = [];
  const cases = [];
  for (const parser of ['papaparse', 'fast'])
    for (const scheduler of ['synchronous', 'threads']) cases.push({ parser, scheduler });
  cases.push({ parser: 'fast', scheduler: 'threads', dtypes: { key: 'string' } });
  for (const { parser, scheduler, dtypes } of cases) {
    const record = { wrong: [], memory: [], cpu: [] };
    const on = scheduler === 'synchronous' ? '1 core (synchronous)' : `threads × ${workers}`;
    out.push({
      id: `parse-${parser}-${scheduler}${dtypes ? '-key-string' : ''}`,
      label: `${parser}, ${on}${dtypes ? ', key as string' : ''}`,
      record,
      async sample() {
        const request = JSON.stringify({ engine: 'tusk-parse', path, scheduler, workers, parser, dtypes });
        const r = await runMeasured(process.execPath, [CHILD, request]);
        const res = r.result;
        if (r.code !== 0 || !res || res.error) throw new Error(String(res?.error ?? r.stderr).split('\n')[0]);
        if (res.count !== truth.rows) record.wrong.push(`${res.count} rows, expected ${truth.rows}`);
        record.memory.push(r.hwmKiB / 1024);
        record.cpu.push(res.cpuSeconds + r.descendantCpuSeconds);
        return { run: res.seconds };
      },
    });
  }
  return out;
}

/** Is Dask importable by `python`? `{ ok, versions?, reason? }` (one short child process). */
export async function probeDask(python) {
  try {
    const r = await runMeasured(python, ['-u', DASK, JSON.stringify({ op: 'versions' })], {
      timeoutMs: 60_000,
    });
    if (r.result?.versions) return { ok: true, versions: r.result.versions };
    return { ok: false, reason: r.result?.error ?? (r.stderr.trim().split('\n').pop() || `exit ${r.code}`) };
  } catch (err) {
    return { ok: false, reason: err.code === 'ENOENT' ? `${python} not found` : err.message };
  }
}
