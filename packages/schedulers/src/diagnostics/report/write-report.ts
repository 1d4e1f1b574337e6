/**
 * writeReport / renderReport: one self-contained HTML file a person would rather look at than read —
 * the run's figures, the task stream (one lane per worker, bars coloured by task name, hover for
 * key, function and duration, drag to zoom), time per task name, memory/spill and CPU over time on the
 * same time axis, and the task graph as inline SVG (core's `toDot` laid out by Graphviz; big graphs
 * collapse to layers on their own). Inline SVG, CSS and vanilla JS only: the file opens offline.
 *
 * Inputs are what the profilers recorded (a `Profiler`, a `ResourceProfiler`, or plain objects of
 * the same shape, e.g. read back from JSON) and, optionally, the collection that ran. All times are
 * drawn relative to the earliest one recorded.
 *
 * Reference: dask/diagnostics/profile_visualize.py (`visualize([prof, rprof])`, a Bokeh page).
 */

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ConfigError, type DotOptions, describeValue, TuskError } from '@tusk/core';
import { formatCount, formatDuration } from '../format.js';
import { naturalSort, type RunRecord, summarizeTasks, type TaskRecord } from '../profiler.js';
import type { ResourceSample } from '../resource-profiler.js';
import { escapeHtml } from './escape.js';
import { CHART_WIDTH, PLOT_LEFT, PLOT_WIDTH } from './frame.js';
import { type GraphInput, graphSvg } from './graph-svg.js';
import { reportPage } from './page.js';
import { taskColors } from './palette.js';
import { cpuChartSvg, memoryChartSvg } from './resource-chart.js';
import { summaryCards, taskTable, wallTime } from './summary.js';
import { taskBars, taskStreamSvg } from './task-stream.js';

/**
 * What to put in a report; every part is optional, but one at least must be given. A `Profile`
 * from `profile(...)` spreads straight in: `{ ...p, graph: x }`.
 *
 * @example
 * await writeReport('report.html', { profiler, resources, graph: total, title: 'Nightly ETL' });
 */
export interface ReportOptions {
  /** Task records (and runs): a `Profiler`, or `{ records, runs? }` of the same shape. */
  profiler?: { readonly records: readonly TaskRecord[]; readonly runs?: readonly RunRecord[] };
  /** Resource samples: a `ResourceProfiler`, or `{ samples }`. */
  resources?: { readonly samples: readonly ResourceSample[] };
  /** The collection(s) or TaskGraph to draw (with `toDot`'s options in `dot`). */
  graph?: GraphInput;
  /** Options for the graph drawing (default `{ color: 'order' }`). */
  dot?: DotOptions;
  /** The page's title (default 'Tusk run report'). */
  title?: string;
  /** Past this many tasks, bars closer than a pixel are merged per lane and task name (default 20,000). */
  maxBars?: number;
  /** A graph whose drawing would have more nodes than this is not laid out (default 1,500). */
  maxGraphNodes?: number;
}

const DEFAULT_MAX_BARS = 20_000;
const DEFAULT_MAX_GRAPH_NODES = 1500;

/**
 * The report as HTML text.
 *
 * @example
 * const { result, profile: p } = await profile(() => total.compute());
 * const html = await renderReport({ ...p, graph: total });
 */
export async function renderReport(options: ReportOptions): Promise<string> {
  checkOptions(options);
  const records = options.profiler?.records ?? [];
  const runs = options.profiler?.runs ?? [];
  const samples = options.resources?.samples ?? [];
  const maxBars = options.maxBars ?? DEFAULT_MAX_BARS;
  const workers = naturalSort([...new Set(records.map((r) => r.worker))]);

  // One time axis for every chart: from the earliest time recorded to the latest.
  let t0 = Number.POSITIVE_INFINITY;
  let t1 = Number.NEGATIVE_INFINITY;
  for (const r of records) {
    if (r.startTime < t0) t0 = r.startTime;
    if (r.endTime > t1) t1 = r.endTime;
  }
  for (const s of samples) {
    if (s.time < t0) t0 = s.time;
    if (s.time > t1) t1 = s.time;
  }
  for (const r of runs) {
    if (r.startTime < t0) t0 = r.startTime;
    if (r.endTime !== undefined && r.endTime > t1) t1 = r.endTime;
  }
  if (!Number.isFinite(t0)) {
    t0 = 0;
    t1 = 1;
  }
  const spanMs = round(Math.max(t1 - t0, 1e-3));

  const summary = summarizeTasks(records);
  const colors = taskColors(summary.map((s) => s.name));
  const bars = taskBars(records, workers, t0, spanMs, maxBars);
  const nameIndex = new Map(summary.map((s, i) => [s.name, i]));
  const functionNames = [...new Set(bars.map((b) => b.functionName))];
  const functionIndex = new Map(functionNames.map((f, i) => [f, i]));

  const sections: string[] = [summaryCards({ records, runs, samples, workers })];
  if (options.profiler !== undefined) {
    const merged = bars.length < records.length;
    sections.push(
      '<section id="task-stream">',
      '<h2>Task stream</h2>',
      '<div class="toolbar">',
      `<p class="hint">One lane per worker; each bar is a task, coloured by task name (key prefix). Hover a bar for its key and duration; drag across any chart to zoom, double-click to reset.${
        merged
          ? ` ${formatCount(records.length)} tasks are drawn as ${formatCount(bars.length)} bars: tasks of one name closer than a pixel are merged.`
          : ''
      }</p>`,
      '<button id="reset-zoom" type="button" hidden>Reset zoom</button>',
      '</div>',
      records.length > 0
        ? `<div class="panel">${taskStreamSvg(bars, workers, colors, spanMs)}</div>`
        : '<p class="empty">No task was recorded.</p>',
      '</section>',
    );
    if (summary.length > 0) {
      sections.push(
        '<section id="functions">',
        '<h2>Time per task</h2>',
        taskTable(summary, colors),
        '</section>',
      );
    }
  }
  if (options.resources !== undefined) {
    sections.push(
      '<section id="resources">',
      '<h2>Memory and CPU</h2>',
      `<p class="hint">${escapeHtml(resourceNote(samples))}</p>`,
      samples.length > 0
        ? `<div class="panel">${memoryChartSvg(samples, t0, spanMs)}${cpuChartSvg(samples, t0, spanMs)}</div>`
        : '<p class="empty">No sample was taken.</p>',
      '</section>',
    );
  }
  if (options.graph !== undefined) {
    const maxNodes = options.maxGraphNodes ?? DEFAULT_MAX_GRAPH_NODES;
    const { svg, nodes } = await graphSvg(options.graph, options.dot ?? { color: 'order' }, maxNodes);
    sections.push(
      '<section id="graph">',
      '<h2>Task graph</h2>',
      svg !== undefined
        ? '<p class="hint">Ellipses are function calls, boxes the values they produce; requested results have a double border. Big graphs are drawn one node per layer. Click the drawing to switch between fit-to-width and actual size.</p>' +
            `<div class="graph fit" id="graph-drawing">${svg}</div>`
        : `<p class="empty">The graph is too big to draw here: its drawing would have ${formatCount(nodes)} nodes (the limit is ${formatCount(maxNodes)}). ` +
            'Pass a part of it as <code>graph</code>, or raise <code>maxGraphNodes</code> (Graphviz may take minutes).</p>',
      '</section>',
    );
  }

  const data = {
    span: spanMs,
    frame: { chart: CHART_WIDTH, left: PLOT_LEFT, width: PLOT_WIDTH },
    names: summary.map((s) => s.name),
    functions: functionNames,
    workers,
    bars: {
      k: bars.map((b) => b.key),
      g: bars.map((b) => nameIndex.get(b.name) ?? 0),
      f: bars.map((b) => functionIndex.get(b.functionName) ?? 0),
      w: bars.map((b) => b.lane),
      s: bars.map((b) => round(b.start)),
      d: bars.map((b) => round(b.duration)),
      n: bars.map((b) => b.count),
    },
    samples:
      samples.length === 0
        ? null
        : {
            t: samples.map((s) => round(s.time - t0)),
            rss: samples.map((s) => s.rssBytes),
            mem: samples.map((s) => s.memoryBytes ?? null),
            spill: samples.map((s) => s.spilledBytes ?? null),
            cpu: samples.map((s) => round(s.cpuPercent)),
          },
  };
  return reportPage({
    title: options.title ?? 'Tusk run report',
    subtitle: subtitle(records, runs, workers),
    sections,
    data,
  });
}

/**
 * Write the report to `path` (parent directories are created); resolves to the absolute path.
 *
 * @example
 * const { result, profile: p } = await profile(() => total.compute());
 * await writeReport('out/report.html', { ...p, graph: total }); // '/…/out/report.html'
 */
export async function writeReport(path: string, options: ReportOptions): Promise<string> {
  if (typeof path !== 'string' || path === '') {
    throw new TuskError(`writeReport: expected a file path, got ${describeValue(path)}.`);
  }
  const html = await renderReport(options);
  const file = resolve(path);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, html, 'utf8');
  return file;
}

function checkOptions(options: ReportOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new TuskError(
      `writeReport: expected options { profiler, resources, graph }, got ${describeValue(options)}.`,
    );
  }
  const { profiler, resources, graph, maxBars, maxGraphNodes, title } = options;
  if (profiler === undefined && resources === undefined && graph === undefined) {
    throw new TuskError(
      'writeReport: nothing to draw. Pass a profiler, resources or a graph, e.g. ' +
        "`const { profile: p } = await profile(() => x.compute()); await writeReport('report.html', { ...p, graph: x })`.",
    );
  }
  if (profiler !== undefined && !Array.isArray((profiler as { records?: unknown }).records)) {
    throw new ConfigError(
      'profiler',
      `writeReport: profiler must be a Profiler (or { records }); got ${describeValue(profiler)}.`,
    );
  }
  if (resources !== undefined && !Array.isArray((resources as { samples?: unknown }).samples)) {
    throw new ConfigError(
      'resources',
      `writeReport: resources must be a ResourceProfiler (or { samples }); got ${describeValue(resources)}.`,
    );
  }
  if (maxBars !== undefined && !(Number.isInteger(maxBars) && maxBars > 0)) {
    throw new ConfigError(
      'maxBars',
      `writeReport: maxBars must be a positive whole number; got ${describeValue(maxBars)}.`,
    );
  }
  if (maxGraphNodes !== undefined && !(typeof maxGraphNodes === 'number' && maxGraphNodes >= 0)) {
    throw new ConfigError(
      'maxGraphNodes',
      `writeReport: maxGraphNodes must be a non-negative number; got ${describeValue(maxGraphNodes)}.`,
    );
  }
  if (title !== undefined && typeof title !== 'string') {
    throw new ConfigError('title', `writeReport: title must be a string; got ${describeValue(title)}.`);
  }
}

function subtitle(
  records: readonly TaskRecord[],
  runs: readonly RunRecord[],
  workers: readonly string[],
): string {
  const parts = [`Generated ${new Date().toISOString().replace('T', ' ').slice(0, 19)} UTC`];
  if (runs.length > 0) {
    const schedulers = [...new Set(runs.map((r) => r.scheduler))].join(', ');
    const failed = runs.filter((r) => r.ok === false).length;
    parts.push(
      `${formatCount(runs.length)} run${runs.length === 1 ? '' : 's'} on ${schedulers}${failed > 0 ? ` (${failed} failed)` : ''}`,
    );
  }
  if (records.length > 0) {
    parts.push(
      `${formatCount(records.length)} tasks on ${workers.length} worker${workers.length === 1 ? '' : 's'} in ${formatDuration(wallTime(records, runs))}`,
    );
  }
  return parts.join(' · ');
}

function resourceNote(samples: readonly ResourceSample[]): string {
  const children = samples.reduce((m, s) => Math.max(m, s.childProcesses ?? 0), 0);
  const counted = samples.some((s) => s.childProcesses !== undefined);
  const who = !counted
    ? 'This process and its worker threads; child processes are not counted on this platform.'
    : children > 0
      ? `This process, its worker threads and its child processes (up to ${children} at once).`
      : 'This process and its worker threads (no child process was running).';
  return `${who} CPU is in % of one core. Managed and spilled bytes come from the run's store when it keeps accounting. Hover for values.`;
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
