/**
 * The report in a real browser: headless Chromium loads the file offline, its script runs without
 * an error, it shows one bar per task, hovering a bar shows the task's key, and a drag zooms every
 * chart. Chromium missing is a failure that says how to install it, never a skip.
 */

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profile } from '../../../src/diagnostics/profile.js';
import { renderReport } from '../../../src/diagnostics/report/write-report.js';
import { dumpDom, instrument, probeResult, requireChromium } from '../helpers/chromium.js';
import { sleepInc, sumOfDoubles, total } from '../helpers/graphs.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tusk-report-browser-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Probe {
  tooltipHidden: boolean;
  tooltip: string;
  firstKey: string;
  viewBoxesBefore: string[];
  viewBoxesAfter: string[];
  resetVisible: boolean;
  axisLabels: string[];
  sampleTooltip: string;
  sampleTooltipInWindow: boolean;
  expectedSampleTime: number;
  viewBoxesReset: string[];
}

// Runs in the page, after the page's own script: hover the first bar, drag across the task stream,
// hover the memory chart, double-click to reset.
const PROBE = `
  var data = JSON.parse(document.getElementById('tusk-data').textContent);
  var tip = document.getElementById('tooltip');
  var plots = Array.prototype.slice.call(document.querySelectorAll('svg.plot'));
  var box = function () { return plots.map(function (p) { return p.getAttribute('viewBox'); }); };
  var mouse = function (target, type, x, y) {
    target.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, button: 0, clientX: x, clientY: y }));
  };
  var out = {};
  var bar = document.querySelector('rect.task');
  var r = bar.getBoundingClientRect();
  mouse(bar, 'mousemove', r.left + r.width / 2, r.top + r.height / 2);
  out.tooltipHidden = tip.hidden;
  out.tooltip = tip.textContent;
  out.firstKey = data.bars.k[Number(bar.getAttribute('data-i'))];
  out.viewBoxesBefore = box();
  var stream = document.querySelector('svg.task-stream svg.plot');
  var s = stream.getBoundingClientRect();
  mouse(stream, 'mousedown', s.left + s.width * 0.25, s.top + 4);
  mouse(stream, 'mousemove', s.left + s.width * 0.5, s.top + 4);
  mouse(window, 'mouseup', s.left + s.width * 0.5, s.top + 4);
  out.viewBoxesAfter = box();
  out.resetVisible = !document.getElementById('reset-zoom').hidden;
  out.axisLabels = Array.prototype.map.call(document.querySelectorAll('svg.task-stream g.x-axis text'), function (t) { return t.textContent; });
  // Hover the middle of the zoomed memory chart: the nearest sample to the middle of the new span.
  var memory = document.querySelector('svg.plot[data-chart="memory"]');
  var chart = memory.ownerSVGElement.getBoundingClientRect();
  var scale = chart.width / data.frame.chart;
  var middleX = chart.left + (data.frame.left + data.frame.width / 2) * scale;
  mouse(memory, 'mousemove', middleX, chart.top + chart.height / 2);
  out.sampleTooltip = tip.textContent;
  var t = tip.getBoundingClientRect();
  out.sampleTooltipInWindow = !tip.hidden && t.left >= 0 && t.right <= window.innerWidth;
  var vb = memory.getAttribute('viewBox').split(' ').map(Number);
  var mid = vb[0] + vb[2] / 2;
  out.expectedSampleTime = data.samples.t.reduce(function (best, x) { return Math.abs(x - mid) < Math.abs(best - mid) ? x : best; });
  mouse(stream, 'dblclick', s.left + 10, s.top + 4);
  out.viewBoxesReset = box();
  return out;
`;

describe('the HTML report in headless Chromium', () => {
  it('finds Chromium (install: apt-get install -y chromium)', () => {
    expect(requireChromium()).toBeTruthy();
  });

  it('loads without errors, shows a bar per task, tooltips on hover, and zooms on drag', async () => {
    const slow = Array.from({ length: 6 }, (_, i) => sleepInc(i, 10));
    const x = total([sumOfDoubles(15), total(slow)]);
    const { profile: p } = await profile(() => x.compute({ scheduler: 'synchronous', optimize: false }), {
      interval: 5,
    });
    const tasks = p.profiler.records.length;
    expect(tasks).toBe(31 + 7 + 1);
    const html = await renderReport({ ...p, graph: x, title: 'Browser check' });

    // As written: the page marks itself ready, and the DOM has one bar per task.
    const plainFile = join(dir, 'report.html');
    await writeFile(plainFile, html);
    const plain = await dumpDom(plainFile);
    expect(plain.dom).toContain('data-tusk-report="ready"');
    expect(plain.dom).not.toContain('class="script-error"');
    expect(plain.dom.match(/<rect class="task"/g)?.length).toBe(tasks);
    expect(plain.stderr).not.toMatch(/Uncaught|CONSOLE.*error/i);

    // Instrumented: errors recorded from the first script on, and the probe's interactions.
    const probedFile = join(dir, 'report-probed.html');
    await writeFile(probedFile, instrument(html, PROBE));
    const { dom } = await dumpDom(probedFile);
    const probe = probeResult<Probe>(dom);
    expect(probe.probeError).toBeUndefined();
    expect(probe.errors).toEqual([]);
    const r = probe.result!;
    expect(r.tooltipHidden).toBe(false);
    expect(r.tooltip).toContain(r.firstKey);
    expect(r.tooltip).toMatch(/function\s*(lambda|inc|double|total|sleep_inc)/);
    expect(r.tooltip).toMatch(/duration\s*[\d.]+ (ms|s)/);
    expect(r.tooltip).toMatch(/worker\s*main/);
    // The drag zoomed every plot (task stream, memory, CPU) to the same span, a quarter of the run.
    expect(r.viewBoxesBefore).toHaveLength(3);
    const spans = r.viewBoxesAfter.map((v) => v.split(' ').map(Number));
    const [x0, , w0] = spans[0];
    const full = Number(r.viewBoxesBefore[0].split(' ')[2]);
    for (const [x1, , w1] of spans) {
      expect(x1).toBeCloseTo(x0, 6);
      expect(w1).toBeCloseTo(w0, 6);
    }
    expect(x0).toBeCloseTo(full * 0.25, 1);
    expect(w0).toBeCloseTo(full * 0.25, 1);
    expect(r.resetVisible).toBe(true);
    expect(r.axisLabels.length).toBeGreaterThan(2);
    expect(r.sampleTooltip).toMatch(/RSS\s*[\d.]+ (MiB|GiB)/);
    expect(r.sampleTooltipInWindow).toBe(true);
    const shown = /^at ([\d.]+) (ms|s)/.exec(r.sampleTooltip);
    expect(shown).not.toBeNull();
    const shownMs = Number(shown![1]) * (shown![2] === 's' ? 1000 : 1);
    expect(shownMs).toBeCloseTo(r.expectedSampleTime, 0);
    expect(r.sampleTooltip).toMatch(/CPU\s*[\d.]+ %/);
    expect(r.viewBoxesReset).toEqual(r.viewBoxesBefore);
  });
});
