/**
 * The frame every chart of the report shares, so that the task stream and the memory and CPU charts
 * line up on one time axis: the same width, left margin (lane and value labels) and plot width, and
 * a time axis with grid lines. Each chart draws its marks in a nested `<svg class="plot">` whose
 * viewBox is in milliseconds since the report's start on x (and pixels on y) with
 * `preserveAspectRatio="none"`; zooming only changes that viewBox, and strokes keep their width with
 * `vector-effect: non-scaling-stroke`. The page's script redraws the time axis after a zoom.
 */

import { niceTicks, timeLabel } from './time-axis.js';

/**
 * Width of every chart, in SVG user units (the page scales it to the window).
 *
 * @example
 * `<svg viewBox="0 0 ${CHART_WIDTH} ${height}">`;
 */
export const CHART_WIDTH = 1000;

/**
 * Room for lane and value labels left of the plot.
 *
 * @example
 * const x = PLOT_LEFT + (t / spanMs) * PLOT_WIDTH; // where time t falls on a chart
 */
export const PLOT_LEFT = 140;

/**
 * Width of the plot area.
 *
 * @example
 * const msPerUnit = spanMs / PLOT_WIDTH; // one unit (a pixel at 1000 px wide) in ms
 */
export const PLOT_WIDTH = CHART_WIDTH - PLOT_LEFT - 24;

/**
 * Room under a plot for the time axis labels.
 *
 * @example
 * const height = top + plotHeight + AXIS_HEIGHT;
 */
export const AXIS_HEIGHT = 26;

/**
 * A number written short for SVG coordinates (at most 3 decimals, no trailing zeros).
 *
 * @example
 * num(12.345678); // '12.346'
 */
export function num(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

/**
 * The time axis for a plot spanning `spanMs` that sits from `top` to `bottom`: grid lines across the
 * plot and labels under it. The group carries its geometry as data attributes for the page's script.
 *
 * @example
 * timeAxisSvg(2000, 10, 110); // '<g class="x-axis" data-top="10" data-bottom="110">…</g>'
 */
export function timeAxisSvg(spanMs: number, top: number, bottom: number): string {
  const ticks = niceTicks(0, spanMs, 8);
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : spanMs;
  const last = ticks[ticks.length - 1];
  const parts: string[] = [];
  for (const t of ticks) {
    const x = num(PLOT_LEFT + (t / spanMs) * PLOT_WIDTH);
    parts.push(
      `<line class="grid" x1="${x}" x2="${x}" y1="${top}" y2="${bottom}"/>` +
        `<text class="tick" x="${x}" y="${bottom + 16}" text-anchor="middle">${timeLabel(t, step, last)}</text>`,
    );
  }
  return `<g class="x-axis" data-top="${top}" data-bottom="${bottom}">${parts.join('')}</g>`;
}
