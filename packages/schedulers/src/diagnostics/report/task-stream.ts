/**
 * The task stream: one lane per worker, each task a bar from its start to its end, coloured by
 * task name (the key prefix: the function or operation that made it) — Dask's task-stream plot, as
 * static SVG.
 *
 *     main     ███ ██ █████  ███
 *     thread-1  ██ ████ █ ███ ██
 *              0 ms   50 ms   100 ms
 *
 * Bars carry `class="task"` and `data-i`, the index of their entry in the page's bar data (key,
 * function, worker, start, duration), which the page's script shows on hover. Every bar also has a
 * 1-pixel outline of its own colour, so a task far shorter than a pixel still shows. A run with more
 * tasks than `maxBars` would make a file too heavy to open: then, per lane, tasks of the same
 * name closer together than one pixel (at full width) are merged into one bar that says how many
 * tasks it holds, as a raster of the plot would show them anyway.
 *
 * Reference: dask/diagnostics/profile_visualize.py (`plot_tasks`); distributed's task stream.
 */

import { keyPrefixOf } from '@tusk/core';
import type { TaskRecord } from '../profiler.js';
import { escapeHtml } from './escape.js';
import { AXIS_HEIGHT, CHART_WIDTH, num, PLOT_LEFT, PLOT_WIDTH, timeAxisSvg } from './frame.js';

/**
 * One bar of the task stream: a task, or a run of merged tasks.
 *
 * @example
 * const bar: TaskBar = { key: 'inc-3f2a', name: 'inc', functionName: 'inc', lane: 0, start: 1.25, duration: 0.5, count: 1 };
 */
export interface TaskBar {
  /** The task's key (the first task's, for merged bars). */
  readonly key: string;
  /** The key prefix, which picks the colour. */
  readonly name: string;
  /** The function that ran (the first task's, for merged bars). */
  readonly functionName: string;
  /** Index of the worker's lane. */
  readonly lane: number;
  /** Milliseconds since the report's start. */
  readonly start: number;
  /** Milliseconds from the first start to the last end. */
  readonly duration: number;
  /** Tasks in the bar (1 unless merged). */
  readonly count: number;
}

const LANE_HEIGHT = 22;
const BAR_INSET = 3;
const TOP = 6;

/**
 * The bars to draw: one per task, or merged per lane and function when there are more than `maxBars`.
 *
 * @example
 * taskBars(profiler.records, ['main'], t0, spanMs, 20_000).length; // profiler.records.length
 */
export function taskBars(
  records: readonly TaskRecord[],
  workers: readonly string[],
  t0: number,
  spanMs: number,
  maxBars: number,
): TaskBar[] {
  const laneOf = new Map(workers.map((w, i) => [w, i]));
  const bars: TaskBar[] = records.map((r) => ({
    key: r.key,
    name: keyPrefixOf(r.key),
    functionName: r.functionName,
    lane: laneOf.get(r.worker) ?? 0,
    start: r.startTime - t0,
    duration: Math.max(0, r.endTime - r.startTime),
    count: 1,
  }));
  if (bars.length <= maxBars) return bars;
  return mergeBars(bars, spanMs / PLOT_WIDTH);
}

/**
 * Per lane and name, in start order, tasks less than `gap` ms apart become one bar. Bars of one lane
 * and name are then at least a pixel apart, so there are at most about PLOT_WIDTH of them.
 */
function mergeBars(bars: TaskBar[], gap: number): TaskBar[] {
  const sorted = [...bars].sort(
    (a, b) => a.lane - b.lane || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || a.start - b.start,
  );
  const out: TaskBar[] = [];
  let cur: { -readonly [K in keyof TaskBar]: TaskBar[K] } | undefined;
  for (const b of sorted) {
    if (
      cur !== undefined &&
      cur.lane === b.lane &&
      cur.name === b.name &&
      b.start - (cur.start + cur.duration) < gap
    ) {
      cur.duration = Math.max(cur.duration, b.start + b.duration - cur.start);
      cur.count += b.count;
      continue;
    }
    if (cur !== undefined) out.push(cur);
    cur = { ...b };
  }
  if (cur !== undefined) out.push(cur);
  return out;
}

/**
 * The task stream as an SVG element (lanes, bars, time axis).
 *
 * @example
 * taskStreamSvg(bars, ['main'], new Map([['inc', '#4e79a7']]), 120); // '<svg class="chart task-stream" …>'
 */
export function taskStreamSvg(
  bars: readonly TaskBar[],
  workers: readonly string[],
  colors: ReadonlyMap<string, string>,
  spanMs: number,
): string {
  const lanes = Math.max(1, workers.length);
  const plotHeight = lanes * LANE_HEIGHT;
  const height = TOP + plotHeight + AXIS_HEIGHT;
  const labels: string[] = [];
  const stripes: string[] = [];
  workers.forEach((w, i) => {
    const y = TOP + i * LANE_HEIGHT;
    if (i % 2 === 1) {
      stripes.push(
        `<rect class="lane" x="${PLOT_LEFT}" y="${y}" width="${PLOT_WIDTH}" height="${LANE_HEIGHT}"/>`,
      );
    }
    const label = w.length > 20 ? `${w.slice(0, 19)}…` : w;
    labels.push(
      `<text class="lane-label" x="${PLOT_LEFT - 8}" y="${y + LANE_HEIGHT / 2 + 4}" text-anchor="end">${escapeHtml(label)}<title>${escapeHtml(w)}</title></text>`,
    );
  });
  const rects: string[] = new Array(bars.length);
  const barHeight = LANE_HEIGHT - 2 * BAR_INSET;
  // A zero-width rect is not drawn at all; its outline alone keeps it visible.
  const minWidth = spanMs * 1e-6;
  for (let i = 0; i < bars.length; i++) {
    const b = bars[i];
    const color = colors.get(b.name) ?? '#888888';
    const merged = b.count > 1 ? ` data-n="${b.count}"` : '';
    rects[i] =
      `<rect class="task${b.count > 1 ? ' merged' : ''}" data-i="${i}"${merged} x="${num(b.start)}" ` +
      `y="${b.lane * LANE_HEIGHT + BAR_INSET}" width="${num(Math.max(minWidth, b.duration))}" height="${barHeight}" ` +
      `fill="${color}" stroke="${color}"/>`;
  }
  return [
    `<svg class="chart task-stream" viewBox="0 0 ${CHART_WIDTH} ${height}" width="${CHART_WIDTH}" height="${height}" role="img" aria-label="Task stream: ${bars.length} bars in ${lanes} lanes">`,
    ...stripes,
    timeAxisSvg(spanMs, TOP, TOP + plotHeight),
    ...labels,
    `<svg class="plot" x="${PLOT_LEFT}" y="${TOP}" width="${PLOT_WIDTH}" height="${plotHeight}" viewBox="0 0 ${num(spanMs)} ${plotHeight}" preserveAspectRatio="none" data-span="${num(spanMs)}">`,
    `<rect class="plot-bg" x="0" y="0" width="${num(spanMs)}" height="${plotHeight}"/>`,
    rects.join(''),
    '</svg>',
    '</svg>',
  ].join('');
}
