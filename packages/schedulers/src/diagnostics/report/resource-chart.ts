/**
 * Line charts of a ResourceProfiler's samples over time, on the task stream's time axis: memory
 * (RSS, the store's managed bytes, spilled bytes) and CPU %. Static SVG; each chart's nested plot
 * carries `data-chart` so the page's script can show the nearest sample's values on hover.
 *
 * Reference: dask/diagnostics/profile_visualize.py (`plot_resources`).
 */

import type { ResourceSample } from '../resource-profiler.js';
import { escapeHtml } from './escape.js';
import { AXIS_HEIGHT, CHART_WIDTH, num, PLOT_LEFT, PLOT_WIDTH, timeAxisSvg } from './frame.js';
import { niceTicks } from './time-axis.js';

/**
 * One line of a chart: a label, a colour, and a value per sample (undefined: no point).
 *
 * @example
 * const rss: Series = { label: 'RSS', color: '#4e79a7', values: samples.map((s) => s.rssBytes) };
 */
export interface Series {
  readonly label: string;
  readonly color: string;
  readonly values: readonly (number | undefined)[];
  /** Drawn dashed. */
  readonly dashed?: boolean;
}

/**
 * Colours of the resource lines.
 *
 * @example
 * SERIES_COLORS.rss; // '#4e79a7'
 */
export const SERIES_COLORS = {
  rss: '#4e79a7',
  memory: '#59a14f',
  spilled: '#e15759',
  cpu: '#f28e2b',
} as const;

const TOP = 26;

/**
 * The memory chart: RSS, plus managed and spilled bytes when the samples have them.
 *
 * @example
 * memoryChartSvg(resources.samples, t0, spanMs); // '<svg class="chart resources memory" …>'
 */
export function memoryChartSvg(samples: readonly ResourceSample[], t0: number, spanMs: number): string {
  const series: Series[] = [
    { label: 'RSS', color: SERIES_COLORS.rss, values: samples.map((s) => s.rssBytes) },
  ];
  if (samples.some((s) => s.memoryBytes !== undefined)) {
    series.push({ label: 'managed', color: SERIES_COLORS.memory, values: samples.map((s) => s.memoryBytes) });
  }
  if (samples.some((s) => (s.spilledBytes ?? 0) > 0)) {
    series.push({
      label: 'spilled',
      color: SERIES_COLORS.spilled,
      values: samples.map((s) => s.spilledBytes),
      dashed: true,
    });
  }
  let max = 0;
  for (const s of series) for (const v of s.values) if (v !== undefined && v > max) max = v;
  const [unit, unitName] = BYTE_UNITS.find(([size]) => max >= size) ?? BYTE_UNITS[BYTE_UNITS.length - 1];
  const ticks = coveringTicks(max / unit, 4).map((t) => t * unit);
  const label = (v: number) => (v === 0 ? '0' : `${Number((v / unit).toPrecision(4))} ${unitName}`);
  return lineChartSvg('memory', samples, series, t0, spanMs, 170, ticks, label);
}

/** Binary units, largest first, for the memory axis (its ticks are round in the unit shown). */
const BYTE_UNITS: readonly (readonly [number, string])[] = [
  [1024 ** 4, 'TiB'],
  [1024 ** 3, 'GiB'],
  [1024 ** 2, 'MiB'],
  [1024, 'KiB'],
  [1, 'B'],
];

/**
 * Round ticks from 0 up to at least `max` (one step past the last nice tick when needed).
 *
 * @example
 * coveringTicks(130, 3); // [0, 50, 100, 150]
 */
export function coveringTicks(max: number, count: number): number[] {
  const ticks = niceTicks(0, max > 0 ? max : 1, count);
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
  while (ticks[ticks.length - 1] < max) ticks.push(Number((ticks[ticks.length - 1] + step).toPrecision(12)));
  return ticks;
}

/**
 * The CPU chart (% of one core; its scale grows past 100 when several cores were busy).
 *
 * @example
 * cpuChartSvg(resources.samples, t0, spanMs); // '<svg class="chart resources cpu" …>'
 */
export function cpuChartSvg(samples: readonly ResourceSample[], t0: number, spanMs: number): string {
  const series: Series[] = [
    { label: 'CPU %', color: SERIES_COLORS.cpu, values: samples.map((s) => s.cpuPercent) },
  ];
  let max = 100;
  for (const s of samples) if (s.cpuPercent > max) max = s.cpuPercent;
  return lineChartSvg(
    'cpu',
    samples,
    series,
    t0,
    spanMs,
    120,
    coveringTicks(max, 4),
    (v) => `${Number(v.toPrecision(3))}%`,
  );
}

/** A line chart on the shared time axis: y from 0 to the last of `ticks`, one polyline per series. */
function lineChartSvg(
  name: string,
  samples: readonly ResourceSample[],
  series: readonly Series[],
  t0: number,
  spanMs: number,
  plotHeight: number,
  ticks: readonly number[],
  format: (v: number) => string,
): string {
  const yMax = ticks[ticks.length - 1] > 0 ? ticks[ticks.length - 1] : 1;
  const y = (v: number) => plotHeight - (v / yMax) * plotHeight;
  const height = TOP + plotHeight + AXIS_HEIGHT;
  const parts: string[] = [
    `<svg class="chart resources ${name}" viewBox="0 0 ${CHART_WIDTH} ${height}" width="${CHART_WIDTH}" height="${height}" role="img" aria-label="${escapeHtml(series.map((s) => s.label).join(', '))} over time">`,
  ];
  // Legend.
  let lx = PLOT_LEFT;
  for (const s of series) {
    parts.push(
      `<line x1="${lx}" x2="${lx + 18}" y1="11" y2="11" stroke="${s.color}" stroke-width="3"${s.dashed ? ' stroke-dasharray="4 3"' : ''}/>` +
        `<text class="legend" x="${lx + 24}" y="15">${escapeHtml(s.label)}</text>`,
    );
    lx += 34 + s.label.length * 7.5;
  }
  // Value axis.
  for (const t of ticks) {
    const ty = num(TOP + y(t));
    parts.push(
      `<line class="grid" x1="${PLOT_LEFT}" x2="${PLOT_LEFT + PLOT_WIDTH}" y1="${ty}" y2="${ty}"/>` +
        `<text class="tick" x="${PLOT_LEFT - 8}" y="${num(TOP + y(t) + 4)}" text-anchor="end">${escapeHtml(format(t))}</text>`,
    );
  }
  parts.push(timeAxisSvg(spanMs, TOP, TOP + plotHeight));
  parts.push(
    `<svg class="plot" data-chart="${name}" x="${PLOT_LEFT}" y="${TOP}" width="${PLOT_WIDTH}" height="${plotHeight}" viewBox="0 0 ${num(spanMs)} ${plotHeight}" preserveAspectRatio="none" data-span="${num(spanMs)}">`,
    `<rect class="plot-bg" x="0" y="0" width="${num(spanMs)}" height="${plotHeight}"/>`,
  );
  for (const s of series) {
    const points: string[] = [];
    s.values.forEach((v, i) => {
      if (v !== undefined) points.push(`${num(samples[i].time - t0)},${num(y(v))}`);
    });
    if (points.length === 0) continue;
    parts.push(
      `<polyline class="series" points="${points.join(' ')}" stroke="${s.color}"${s.dashed ? ' stroke-dasharray="4 3"' : ''}/>`,
    );
  }
  parts.push('</svg>', '</svg>');
  return parts.join('');
}
