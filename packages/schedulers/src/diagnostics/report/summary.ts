/**
 * The report's figures at a glance: cards (tasks, wall time, workers, parallelism, peak memory, CPU)
 * and the table of time per task name (count, total, mean and longest task time, share of all task
 * time), whose colour swatches are the task stream's legend.
 */

import { formatBytes } from '@tusk/core';
import { formatCount, formatDuration } from '../format.js';
import type { RunRecord, TaskRecord, TaskSummary } from '../profiler.js';
import type { ResourceSample } from '../resource-profiler.js';
import { escapeHtml } from './escape.js';

/**
 * What the summary is made from.
 *
 * @example
 * summaryCards({ records, runs, samples, workers: ['main'] });
 */
export interface SummaryInput {
  readonly records: readonly TaskRecord[];
  readonly runs: readonly RunRecord[];
  readonly samples: readonly ResourceSample[];
  readonly workers: readonly string[];
}

/**
 * Wall time covered by the runs (their union), or by the tasks when no run was recorded.
 *
 * @example
 * wallTime(records, []); // last end − first start
 */
export function wallTime(records: readonly TaskRecord[], runs: readonly RunRecord[]): number {
  const spans = runs.some((r) => r.endTime !== undefined)
    ? runs.filter((r) => r.endTime !== undefined).map((r) => [r.startTime, r.endTime as number] as const)
    : records.map((r) => [r.startTime, r.endTime] as const);
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let curStart = Number.NaN;
  let curEnd = Number.NaN;
  for (const [s, e] of sorted) {
    if (Number.isNaN(curStart) || s > curEnd) {
      if (!Number.isNaN(curStart)) total += curEnd - curStart;
      curStart = s;
      curEnd = e;
    } else if (e > curEnd) curEnd = e;
  }
  if (!Number.isNaN(curStart)) total += curEnd - curStart;
  return total;
}

/**
 * The cards, as HTML.
 *
 * @example
 * summaryCards(input); // '<div class="cards">…</div>'
 */
export function summaryCards(input: SummaryInput): string {
  const cards: [string, string][] = [];
  const taskTime = input.records.reduce((t, r) => t + r.durationMs, 0);
  const wall = wallTime(input.records, input.runs);
  if (input.records.length > 0 || input.runs.length > 0) {
    cards.push([formatCount(input.records.length), 'tasks run']);
    cards.push([formatDuration(wall), 'wall time']);
    cards.push([formatCount(input.workers.length), input.workers.length === 1 ? 'worker' : 'workers']);
    cards.push([formatDuration(taskTime), 'time in tasks']);
    if (wall > 0) cards.push([`${(taskTime / wall).toFixed(2)}×`, 'parallelism (task time / wall)']);
  }
  if (input.samples.length > 0) {
    const peak = (f: (s: ResourceSample) => number | undefined) =>
      input.samples.reduce((m, s) => Math.max(m, f(s) ?? 0), 0);
    cards.push([formatBytes(peak((s) => s.rssBytes)), 'peak RSS']);
    if (input.samples.some((s) => s.memoryBytes !== undefined)) {
      cards.push([formatBytes(peak((s) => s.memoryBytes)), 'peak managed memory']);
      cards.push([formatBytes(peak((s) => s.spilledBytes)), 'peak spilled to disk']);
    }
    const cpu = input.samples.slice(1);
    if (cpu.length > 0) {
      const mean = cpu.reduce((t, s) => t + s.cpuPercent, 0) / cpu.length;
      cards.push([`${mean.toFixed(0)}%`, 'mean CPU (of one core)']);
    }
  }
  if (cards.length === 0) return '';
  return `<div class="cards">${cards
    .map(
      ([value, label]) =>
        `<div class="card"><div class="value">${escapeHtml(value)}</div><div class="label">${escapeHtml(label)}</div></div>`,
    )
    .join('')}</div>`;
}

/**
 * The table of time per task name, as HTML; `colors` are the task stream's. A name whose tasks ran a
 * function of another name (an anonymous `lambda`, a fused `inc+double`) says so under the name.
 *
 * @example
 * taskTable(summarizeTasks(records), colors); // '<table class="functions">…</table>'
 */
export function taskTable(summary: readonly TaskSummary[], colors: ReadonlyMap<string, string>): string {
  const total = summary.reduce((t, s) => t + s.totalMs, 0);
  const rows = summary.map((s) => {
    const share = total > 0 ? s.totalMs / total : 0;
    const color = colors.get(s.name) ?? '#888888';
    const runs =
      s.functionNames.length === 1 && s.functionNames[0] === s.name
        ? ''
        : `<div class="runs">runs ${escapeHtml(s.functionNames.join(', '))}</div>`;
    return (
      `<tr class="name-row"><td><span class="swatch" style="background:${color}"></span>${escapeHtml(s.name)}${runs}</td>` +
      `<td>${formatCount(s.count)}</td><td>${formatDuration(s.totalMs)}</td><td>${formatDuration(s.meanMs)}</td>` +
      `<td>${formatDuration(s.maxMs)}</td><td>${(share * 100).toFixed(1)}%<span class="share" style="width:${Math.round(share * 80)}px"></span></td></tr>`
    );
  });
  return (
    '<table class="functions"><thead><tr><th>task</th><th>count</th><th>total</th><th>mean</th><th>longest</th><th>share of task time</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}
