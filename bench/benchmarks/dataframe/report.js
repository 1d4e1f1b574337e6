/**
 * The tables of the 'dataframe' benchmark: one per query (time, peak RSS of the process tree, ratios
 * to Dask threads and DuckDB taken round by round, the answer check), the targets of issue 6 with
 * marks, and Tusk's parse throughput. Medians with (min–max).
 */

import { mark, num, ratio, spread } from '../../lib/format.js';
import { series } from '../../lib/measure.js';
import { median, pairedRatio, summarize } from '../../lib/stats.js';

const COLUMNS = [
  { title: 'contender', align: 'left' },
  { title: 'time (s)', align: 'right' },
  { title: 'CPU (s)', align: 'right' },
  { title: 'peak RSS (MiB)', align: 'right' },
  { title: '÷ Dask threads', align: 'right' },
  { title: '÷ DuckDB', align: 'right' },
  { title: 'answer', align: 'left' },
];

const secs = (results, id) => series(results.get(id), 'run');
const medianTime = (results, id) => median(secs(results, id).map((s) => s.value));
const medianRss = (contenders, id) => median(contenders.find((c) => c.id === id)?.record.memory ?? []);

function answerCell(r, record) {
  if (!r) return 'n/a';
  if (r.error) return `failed: ${r.error.slice(0, 80)}`;
  if (record.wrong.length > 0)
    return `✗ WRONG (${record.wrong.length}/${r.samples.length}): ${record.wrong[0]}`;
  return r.samples.length > 0 ? '✓' : 'n/a';
}

function queryTable(q, c, defs, unavailable) {
  const rows = defs.map((d) => {
    const r = c.results.get(d.id);
    const rec = c.contenders.find((x) => x.id === d.id)?.record;
    if (!r || !rec) return [d.label, 'n/a', 'n/a', 'n/a', 'n/a', 'n/a', unavailable.get(d.id) ?? 'n/a'];
    const t = summarize(secs(c.results, d.id).map((s) => s.value));
    const m = summarize(rec.memory);
    const vs = (other) =>
      d.id === other || !c.results.get(other)
        ? ''
        : ratio(pairedRatio(secs(c.results, d.id), secs(c.results, other)));
    const procs = rec.processes > 1 ? ` [${rec.processes} proc]` : '';
    const cpu = summarize(rec.cpu);
    return [
      d.label,
      spread(t),
      spread(cpu),
      `${spread(m)}${procs}`,
      vs('dask-threads'),
      vs('duckdb'),
      answerCell(r, rec),
    ];
  });
  const notes = [];
  const short = [...c.results]
    .filter(([, r]) => r.stoppedEarly)
    .map(([id, r]) => `${id} (${r.samples.length})`);
  if (short.length > 0) notes.push(`Fewer samples (time budget): ${short.join(', ')}.`);
  return { title: `${q.id}: ${q.title}`, columns: COLUMNS, rows, notes };
}

/** The targets of issue 6, per query, judged on medians (Tusk on threads, its default scheduler). */
function targetsTable(cases, queries) {
  const rows = [];
  for (const q of queries) {
    const c = cases.get(q.id);
    const t = (id) => medianTime(c.results, id);
    const m = (id) => medianRss(c.contenders, id);
    const daskBest = Math.min(t('dask-threads'), t('dask-processes'));
    const pp = 'tusk-threads-papaparse';
    const fast = 'tusk-threads-fast';
    const judge = (cond, a, b) => (Number.isNaN(a) || Number.isNaN(b) ? 'n/a' : mark(cond));
    rows.push([
      q.id,
      `${num(t(pp))} vs ${num(daskBest)} s ${judge(t(pp) < daskBest, t(pp), daskBest)}`,
      `${num(m(pp))} vs ${num(m('dask-threads'))} MiB ${judge(m(pp) <= m('dask-threads'), m(pp), m('dask-threads'))}`,
      `${num(t(pp))} vs 2 × ${num(t('duckdb'))} s ${judge(t(pp) <= 2 * t('duckdb'), t(pp), t('duckdb'))}`,
      `${num(t(fast))} vs ${num(t('duckdb'))} s ${judge(t(fast) <= t('duckdb'), t(fast), t('duckdb'))}`,
    ]);
  }
  return {
    title: 'Targets (issue 6), Tusk on threads',
    columns: [
      { title: 'query', align: 'left' },
      { title: 'papaparse faster than Dask (best)', align: 'right' },
      { title: 'papaparse RSS ≤ Dask threads', align: 'right' },
      { title: 'papaparse ≤ 2× DuckDB', align: 'right' },
      { title: 'fast ≤ DuckDB', align: 'right' },
    ],
    rows,
    notes: [
      'Medians of the rows above; "Dask (best)" is the faster of its threads and processes schedulers.',
    ],
  };
}

function parseTable(parse, bytes) {
  const rows = parse.contenders.map((c) => {
    const r = parse.results.get(c.id);
    if (!r || r.error) return [c.label, 'failed', '', '', '', r?.error?.slice(0, 80) ?? 'n/a'];
    const t = summarize(series(r, 'run').map((s) => s.value));
    const mbs = {
      median: bytes / 1e6 / t.median,
      min: bytes / 1e6 / t.max,
      max: bytes / 1e6 / t.min,
      n: t.n,
    };
    const ok = c.record.wrong.length === 0 ? '✓' : `✗ ${c.record.wrong[0]}`;
    return [
      c.label,
      spread(t),
      spread(mbs),
      spread(summarize(c.record.cpu)),
      spread(summarize(c.record.memory)),
      ok,
    ];
  });
  return {
    title: "Tusk's parse throughput: readCsv(path).len() (all six columns typed into Arrow)",
    columns: [
      { title: 'parser, scheduler', align: 'left' },
      { title: 'time (s)', align: 'right' },
      { title: 'MB/s', align: 'right' },
      { title: 'CPU (s)', align: 'right' },
      { title: 'peak RSS (MiB)', align: 'right' },
      { title: 'rows', align: 'left' },
    ],
    rows,
    notes: ['Includes planning, type inference from a 256 KiB sample and the scheduler; MB = 10^6 bytes.'],
  };
}

/** Tables and JSON data of the run. */
export function report({
  file,
  truth,
  defs,
  queries,
  cases,
  parse,
  unavailable,
  versions,
  settings,
  notes = [],
}) {
  const tables = [];
  const head = `${(truth.bytes / 1e6).toFixed(0)} MB, ${truth.rows.toLocaleString('en-US')} rows`;
  for (const q of queries) {
    const t = queryTable(q, cases.get(q.id), defs, unavailable);
    t.title = `${t.title} — ${head}`;
    tables.push(t);
  }
  tables.push(targetsTable(cases, queries));
  if (parse) tables.push(parseTable(parse, truth.bytes));
  tables[0].notes = [
    `File: ${file} (generated by bench/lib/csv-data.js, page cache warmed). Every sample is a fresh process; ` +
      'time = the query inside it (imports and worker-pool start-up excluded: each sample first runs the ' +
      "same query on the file's first 64 rows, Tusk's pools and Dask's process pool alike); CPU = user + " +
      'system time of the query over the process tree (all threads; worker processes count their start-up ' +
      'too; on a loaded machine it moves less than time); ' +
      'peak RSS = Σ VmHWM over the process tree (benchmarks/dataframe/tree-rss.js). ' +
      'Ratios: per-round medians of time ÷ time.',
    `Versions: ${Object.entries(versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(
        ', ',
      )}. Samples: up to ${settings.repeats} rounds, none after ${settings.budgetSeconds} s per contender and query.`,
    ...tables[0].notes,
    ...notes,
  ];
  const data = {
    file,
    rows: truth.rows,
    bytes: truth.bytes,
    versions,
    settings,
    queries: Object.fromEntries(
      queries.map((q) => {
        const c = cases.get(q.id);
        return [
          q.id,
          Object.fromEntries(
            c.contenders.map((x) => {
              const r = c.results.get(x.id);
              return [x.id, { seconds: series(r, 'run').map((s) => s.value), error: r?.error, ...x.record }];
            }),
          ),
        ];
      }),
    ),
    parse: parse
      ? Object.fromEntries(
          parse.contenders.map((x) => [
            x.id,
            { seconds: series(parse.results.get(x.id), 'run').map((s) => s.value), ...x.record },
          ]),
        )
      : undefined,
  };
  return { tables, data };
}
