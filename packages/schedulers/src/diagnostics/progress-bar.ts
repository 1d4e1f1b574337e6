/**
 * ProgressBar: a terminal progress bar driven by scheduler callbacks.
 *
 *     [██████████████░░░░░░░░░░]  58% 5,800/10,000 tasks | 1,930/s | 3.0 s elapsed | ETA 2.2 s | memory 64.0 MiB
 *
 * Cost per task is one counter increment (`taskFinish`); all formatting and writing happens on an
 * unref'd timer (every `interval` ms, default 100), so the bar never slows a run down or keeps the
 * process alive. On a TTY the line is redrawn in place (`\r` + erase-line) and only when it changed;
 * anywhere else (CI logs, files, pipes) it prints plain lines: one each time another `step` (10 %) of
 * the tasks is done, or at least every `every` ms (10 s) while the run goes on, and a last line when
 * the run ends. The rate and ETA shown while running are measured over the last 5 s, so a slow start
 * (a worker pool warming up) does not skew them. Memory and spill come from the run's `stats()` when
 * its store keeps accounting.
 * Runs that overlap share one bar (their tasks are added up); runs shorter than `minimum` ms print
 * nothing.
 *
 * Reference: dask/diagnostics/progress.py (`ProgressBar`: a timer thread redraws, callbacks count).
 */

import {
  type Callbacks,
  ConfigError,
  formatBytes,
  type RunFinishInfo,
  type RunStartInfo,
  type StoreStats,
} from '@tusk/core';
import { formatCount, formatDuration, formatRate } from './format.js';

/**
 * Where a ProgressBar writes: any writable with `write(text)`; `isTTY` (and `columns`) as on
 * `process.stderr`.
 *
 * @example
 * const lines: string[] = [];
 * const stream: ProgressStream = { isTTY: false, write: (s) => lines.push(s) };
 */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/**
 * Options of `new ProgressBar(...)`.
 *
 * @example
 * new ProgressBar({ stream: process.stdout, interval: 250, minimum: 1000 });
 */
export interface ProgressBarOptions {
  /** Where to write (default `process.stderr`). */
  stream?: ProgressStream;
  /** Redraw in place (true) or print plain lines (false); default: the stream's `isTTY`. */
  tty?: boolean;
  /** Milliseconds between timer ticks (default 100). */
  interval?: number;
  /** Plain mode: print a line each time this fraction of the tasks is done (default 0.1). */
  step?: number;
  /** Plain mode: print a line at least this often, in ms, while tasks finish (default 10,000). */
  every?: number;
  /** Print nothing for runs shorter than this, in ms (default 0: always print). */
  minimum?: number;
  /** Width of the bar in characters (default 24; TTY only). */
  width?: number;
}

type RunState = 'running' | 'done' | 'failed';

/** What one redraw shows. */
interface Snapshot {
  done: number;
  total: number;
  elapsedMs: number;
  /** Tasks per second: over the last RATE_WINDOW_MS while running, over the whole run at the end. */
  rate: number;
  stats: StoreStats | undefined;
}

/** The rate (and so the ETA) shown while running is measured over this many recent milliseconds. */
const RATE_WINDOW_MS = 5000;

const ERASE_LINE = '\x1b[K';

/**
 * A progress bar for `compute` (or `withConfig`) callbacks: done/total, rate, elapsed, ETA, and
 * memory/spill when the run reports them. TTY: redrawn in place; otherwise occasional plain lines.
 *
 * @example
 * await x.compute({ callbacks: [new ProgressBar()] });
 * await withConfig({ callbacks: [new ProgressBar({ stream: process.stdout })] }, () => x.compute());
 */
export class ProgressBar implements Callbacks {
  private readonly stream: ProgressStream;
  private readonly tty: boolean;
  private readonly interval: number;
  private readonly step: number;
  private readonly every: number;
  private readonly minimum: number;
  private readonly width: number;

  private done = 0;
  private total = 0;
  private active = 0;
  private t0 = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private statsSources: (() => StoreStats)[] = [];
  /** Plain mode: the `done` count at which the next step line is due. */
  private nextStepAt = 0;
  private lastLineAt = 0;
  private lastDrawn = '';
  private shown = false;
  /** (time, done) at recent ticks, oldest first, for the recent rate; the first is the run's start. */
  private history: [number, number][] = [];

  constructor(options: ProgressBarOptions = {}) {
    this.stream = options.stream ?? process.stderr;
    this.tty = options.tty ?? this.stream.isTTY === true;
    this.interval = positive(options.interval, 100, 'interval');
    this.step = positive(options.step, 0.1, 'step');
    this.every = positive(options.every, 10_000, 'every');
    this.minimum = options.minimum === undefined ? 0 : nonNegative(options.minimum, 'minimum');
    this.width = Math.max(1, Math.floor(positive(options.width, 24, 'width')));
  }

  /** Callback: a run starts (its tasks are added to the bar). */
  start(info: RunStartInfo): void {
    if (this.active === 0) {
      this.done = 0;
      this.total = 0;
      this.t0 = performance.now();
      this.lastLineAt = this.t0;
      this.lastDrawn = '';
      this.shown = false;
      this.statsSources = [];
      this.nextStepAt = 0;
      this.history = [[this.t0, 0]];
      this.timer = setInterval(() => this.tick(), this.interval);
      this.timer.unref?.();
    }
    this.active++;
    this.total += info.tasks;
    if (info.stats) this.statsSources.push(info.stats);
    this.nextStepAt = this.stepTarget(this.done);
  }

  /** Callback: one task finished (a counter increment, nothing else). */
  taskFinish(): void {
    this.done++;
  }

  /** Callback: a run ends; the last overlapping run draws the final line. */
  finish(info: RunFinishInfo): void {
    if (this.active === 0) return;
    this.active--;
    if (this.active > 0) return;
    clearInterval(this.timer);
    this.timer = undefined;
    const snap = this.snapshot(true);
    if (snap.elapsedMs < this.minimum && !this.shown) return;
    const state = info.ok ? 'done' : 'failed';
    if (this.tty) this.stream.write(`\r${this.fit(this.ttyLine(snap, state))}${ERASE_LINE}\n`);
    else this.stream.write(`${plainLine(snap, state)}\n`);
  }

  /** Timer tick: redraw (TTY) or print a line when a step or `every` ms has passed (plain). */
  private tick(): void {
    const snap = this.snapshot();
    if (snap.elapsedMs < this.minimum) return;
    if (this.tty) {
      const line = this.fit(this.ttyLine(snap, 'running'));
      if (line === this.lastDrawn) return;
      this.lastDrawn = line;
      this.shown = true;
      this.stream.write(`\r${line}${ERASE_LINE}`);
      return;
    }
    const now = performance.now();
    const stepDue = snap.done >= this.nextStepAt && snap.done < snap.total;
    const timeDue = now - this.lastLineAt >= this.every && snap.done > 0;
    if (!stepDue && !timeDue) return;
    this.lastLineAt = now;
    this.nextStepAt = this.stepTarget(snap.done);
    this.shown = true;
    this.stream.write(`${plainLine(snap, 'running')}\n`);
  }

  /** The smallest `done` count past the step that `done` is in (plain mode). */
  private stepTarget(done: number): number {
    if (this.total === 0) return Number.POSITIVE_INFINITY;
    const fraction = done / this.total;
    const nextFraction = (Math.floor(fraction / this.step + 1e-9) + 1) * this.step;
    return Math.max(done + 1, Math.ceil(nextFraction * this.total - 1e-9));
  }

  /**
   * What to draw now. While running, the rate is measured over the last RATE_WINDOW_MS (the ticks
   * keep a short history), so a slow start — a worker pool warming up — does not skew the ETA.
   */
  private snapshot(final = false): Snapshot {
    const now = performance.now();
    const elapsedMs = now - this.t0;
    let rate = elapsedMs > 0 ? (this.done / elapsedMs) * 1000 : 0;
    if (!final) {
      const h = this.history;
      h.push([now, this.done]);
      while (h.length > 2 && now - h[1][0] >= RATE_WINDOW_MS) h.shift();
      const [t, d] = h[0];
      if (now > t) rate = ((this.done - d) / (now - t)) * 1000;
    }
    return { done: this.done, total: this.total, elapsedMs, rate, stats: sumStats(this.statsSources) };
  }

  private ttyLine(snap: Snapshot, state: RunState): string {
    const fraction = snap.total === 0 ? 1 : Math.min(1, snap.done / snap.total);
    const filled = Math.round(fraction * this.width);
    const bar = `[${'█'.repeat(filled)}${'░'.repeat(this.width - filled)}]`;
    return `${bar} ${details(snap, state)}`;
  }

  /** Cut a TTY line to the terminal width, so `\r` redraws one row. */
  private fit(line: string): string {
    const columns = this.stream.columns;
    if (columns === undefined || columns < 2) return line;
    const chars = Array.from(line);
    return chars.length < columns ? line : chars.slice(0, columns - 1).join('');
  }
}

/** A plain (non-TTY) line: `[tusk] 30% 3,000/10,000 tasks | …`. */
function plainLine(snap: Snapshot, state: RunState): string {
  return `[tusk] ${details(snap, state)}`;
}

function details(snap: Snapshot, state: RunState): string {
  const fraction = snap.total === 0 ? 1 : Math.min(1, snap.done / snap.total);
  const percent = `${String(Math.floor(fraction * 100)).padStart(3)}%`;
  const parts = [`${percent} ${formatCount(snap.done)}/${formatCount(snap.total)} tasks`];
  const rate = snap.rate;
  if (snap.done > 0 && rate > 0) parts.push(formatRate(rate));
  const elapsed = formatDuration(snap.elapsedMs);
  parts.push(
    state === 'running'
      ? `${elapsed} elapsed`
      : state === 'done'
        ? `done in ${elapsed}`
        : `FAILED after ${elapsed}`,
  );
  if (state === 'running' && snap.done < snap.total && rate > 0) {
    parts.push(`ETA ${formatDuration(((snap.total - snap.done) / rate) * 1000)}`);
  }
  if (snap.stats) {
    parts.push(`memory ${formatBytes(snap.stats.memoryBytes)}`);
    if (snap.stats.spilledBytes > 0 || snap.stats.spilledCount > 0) {
      parts.push(`spilled ${formatBytes(snap.stats.spilledBytes)}`);
    }
  }
  return parts.join(' | ');
}

/** The stores' accounting added up (overlapping runs), or undefined when no run keeps any. */
function sumStats(sources: readonly (() => StoreStats)[]): StoreStats | undefined {
  if (sources.length === 0) return undefined;
  let memoryBytes = 0;
  let spilledBytes = 0;
  let peakMemoryBytes = 0;
  let spilledCount = 0;
  let reloadedCount = 0;
  for (const source of sources) {
    let s: StoreStats;
    try {
      s = source();
    } catch {
      continue;
    }
    memoryBytes += s.memoryBytes;
    spilledBytes += s.spilledBytes;
    peakMemoryBytes += s.peakMemoryBytes;
    spilledCount += s.spilledCount;
    reloadedCount += s.reloadedCount;
  }
  return { memoryBytes, spilledBytes, peakMemoryBytes, spilledCount, reloadedCount };
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!(typeof value === 'number' && value > 0 && Number.isFinite(value))) {
    throw new ConfigError(name, `ProgressBar: ${name} must be a positive number; got ${String(value)}.`);
  }
  return value;
}

function nonNegative(value: number, name: string): number {
  if (!(typeof value === 'number' && value >= 0)) {
    throw new ConfigError(name, `ProgressBar: ${name} must be a non-negative number; got ${String(value)}.`);
  }
  return value;
}
