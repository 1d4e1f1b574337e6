/**
 * Diagnostics on the worker schedulers: `profile()` around a compute on `threads` and on `processes`
 * (2 workers) records one task per key of the graph, each with its function, the worker that ran it,
 * and start/end times inside the run; the two workers really overlap; the ResourceProfiler samples the
 * run; and the HTML report, loaded in headless Chromium, shows one lane per worker and one bar per task
 * without a script error.
 */

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { delayed, prepareRun } from '@tusk/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profile } from '../../src/diagnostics/profile.js';
import { renderReport } from '../../src/diagnostics/report/write-report.js';
import { slowInc, sumAll } from './fixtures/pool-tasks.js';
import { dumpDom, instrument, probeResult } from './helpers/chromium.js';

const schedulers = await import('../../src/index.js');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tusk-pool-profile-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await schedulers.shutdownSchedulers();
});

const N = 12;
const MS = 40;

function graph() {
  return delayed(sumAll)(...Array.from({ length: N }, (_, i) => delayed(slowInc)(i, MS)));
}

describe.each(['threads', 'processes'])('profile() on %s with 2 workers', (scheduler) => {
  it('records every task with its worker and times, workers overlap, and the report shows 2 lanes', async () => {
    // Start both workers first: on a loaded machine a cold worker can start after the other has run
    // every task, and then there would be nothing to overlap.
    await graph().compute({ scheduler, workers: 2, optimize: false });
    const x = graph();
    const before = performance.timeOrigin + performance.now();
    const { result, profile: p } = await profile(
      () => x.compute({ scheduler, workers: 2, optimize: false }),
      { interval: 10 },
    );
    const after = performance.timeOrigin + performance.now();
    let expected = 0;
    for (let i = 0; i < N; i++) expected += i + 1;
    expect(result).toBe(expected);

    const { graph: g } = prepareRun([x], { optimize: false });
    const records = p.profiler.records;
    expect(records).toHaveLength(g.size);
    expect(new Set(records.map((r) => r.key))).toEqual(new Set(g.keys()));
    for (const r of records) {
      expect(['slowInc', 'sumAll']).toContain(r.functionName);
      expect(r.endTime).toBeGreaterThanOrEqual(r.startTime);
      expect(r.startTime).toBeGreaterThanOrEqual(before);
      expect(r.endTime).toBeLessThanOrEqual(after);
    }
    const slow = records.filter((r) => r.functionName === 'slowInc');
    expect(slow).toHaveLength(N);
    for (const r of slow) expect(r.durationMs).toBeGreaterThanOrEqual(MS - 5);
    const workers = new Set(slow.map((r) => r.worker));
    expect(workers.size).toBe(2);
    expect(workers.has('main')).toBe(false);
    // Two workers at once: some pair of slowInc tasks on different workers overlaps in time.
    const overlap = slow.some((a) =>
      slow.some((b) => a.worker !== b.worker && a.startTime < b.endTime && b.startTime < a.endTime),
    );
    expect(overlap).toBe(true);
    expect(p.resources!.samples.length).toBeGreaterThanOrEqual(2);

    const html = await renderReport({ ...p, graph: x, title: `${scheduler} run` });
    const file = join(dir, `${scheduler}.html`);
    await writeFile(
      file,
      instrument(
        html,
        `return { bars: document.querySelectorAll('rect.task').length,
                  barRows: Array.from(new Set(Array.prototype.map.call(document.querySelectorAll('rect.task'), function (r) { return r.getAttribute('y'); }))).length,
                  labels: Array.prototype.map.call(document.querySelectorAll('svg.task-stream text.lane-label title'), function (t) { return t.textContent; }) };`,
      ),
    );
    const { dom } = await dumpDom(file);
    const probe = probeResult<{ bars: number; barRows: number; labels: string[] }>(dom);
    expect(probe.probeError).toBeUndefined();
    expect(probe.errors).toEqual([]);
    const laneWorkers = new Set(records.map((r) => r.worker));
    // One labelled lane per worker, and the bars sit in as many rows.
    expect(probe.result!.labels).toHaveLength(laneWorkers.size);
    expect(new Set(probe.result!.labels)).toEqual(laneWorkers);
    expect(probe.result!.barRows).toBe(laneWorkers.size);
    expect(probe.result!.bars).toBe(records.length);
  });
});
