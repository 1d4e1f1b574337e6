import { compute, delayed, keyPrefixOf, prepareRun } from '@tusk/core';
import { describe, expect, it } from 'vitest';
import { naturalSort, Profiler, summarizeTasks } from '../../src/diagnostics/profiler.js';
import { sumOfDoubles } from './helpers/graphs.js';

describe('Profiler', () => {
  it('records exactly the tasks that ran: one record per key of the graph', async () => {
    const x = sumOfDoubles(20);
    const profiler = new Profiler();
    const before = performance.timeOrigin + performance.now();
    expect(await x.compute({ scheduler: 'synchronous', optimize: false, callbacks: [profiler] })).toBe(
      2 * ((20 * 21) / 2),
    );
    const after = performance.timeOrigin + performance.now();
    const { graph } = prepareRun([x], { optimize: false });
    expect(profiler.records).toHaveLength(graph.size);
    expect(new Set(profiler.records.map((r) => r.key))).toEqual(new Set(graph.keys()));
    const byName = new Map<string, number>();
    for (const r of profiler.records)
      byName.set(keyPrefixOf(r.key), (byName.get(keyPrefixOf(r.key)) ?? 0) + 1);
    expect(Object.fromEntries(byName)).toEqual({ inc: 20, double: 20, total: 1 });
    expect(profiler.summary().map((s) => [s.name, s.count])).toEqual(
      expect.arrayContaining([
        ['inc', 20],
        ['double', 20],
        ['total', 1],
      ]),
    );
    for (const r of profiler.records) {
      expect(r.worker).toBe('main');
      expect(r.endTime).toBeGreaterThanOrEqual(r.startTime);
      expect(r.durationMs).toBeCloseTo(r.endTime - r.startTime, 9);
      expect(r.startTime).toBeGreaterThanOrEqual(before);
      expect(r.endTime).toBeLessThanOrEqual(after);
      // The helpers' functions are anonymous arrows: core names them 'lambda' (or, some day, by `name`).
      expect(r.functionName).toMatch(/^(lambda|inc|double|total)$/);
    }
    // The synchronous scheduler runs one task at a time: records do not overlap.
    const sorted = [...profiler.records].sort((a, b) => a.startTime - b.startTime);
    for (let i = 1; i < sorted.length; i++)
      expect(sorted[i].startTime).toBeGreaterThanOrEqual(sorted[i - 1].endTime);
    expect(profiler.workers()).toEqual(['main']);
  });

  it('records the optimised graph when compute optimises (fused keys, not the ones built)', async () => {
    const x = sumOfDoubles(4);
    const profiler = new Profiler();
    await compute(x, { scheduler: 'synchronous', callbacks: [profiler] });
    const { graph } = prepareRun([x]);
    expect(new Set(profiler.records.map((r) => r.key))).toEqual(new Set(graph.keys()));
  });

  it('records each run, and the tasks of a failed run that finished before the failure', async () => {
    const profiler = new Profiler();
    await sumOfDoubles(2).compute({ scheduler: 'synchronous', optimize: false, callbacks: [profiler] });
    const fail = delayed(
      (_x: number): number => {
        throw new Error('nope');
      },
      { name: 'fail' },
    );
    const bad = fail(sumOfDoubles(2));
    await expect(
      bad.compute({ scheduler: 'synchronous', optimize: false, callbacks: [profiler] }),
    ).rejects.toThrow();
    expect(profiler.runs).toHaveLength(2);
    expect(profiler.runs[0]).toMatchObject({ scheduler: 'synchronous', tasks: 5, workers: 1, ok: true });
    expect(profiler.runs[1]).toMatchObject({ scheduler: 'synchronous', tasks: 6, ok: false });
    for (const run of profiler.runs) expect(run.endTime).toBeGreaterThanOrEqual(run.startTime);
    // 5 of the first run, 5 of the second before `fail` threw.
    expect(profiler.records).toHaveLength(10);
    expect(profiler.records.some((r) => r.functionName === 'fail')).toBe(false);
    profiler.clear();
    expect(profiler.records).toHaveLength(0);
    expect(profiler.runs).toHaveLength(0);
  });

  it('summarises time per task name (key prefix), the largest total first', () => {
    const rec = (name: string, durationMs: number, functionName = name) => ({
      key: `${name}-3f2a,0`,
      functionName,
      worker: 'main',
      startTime: 0,
      endTime: durationMs,
      durationMs,
    });
    const s = summarizeTasks([rec('a', 1), rec('b', 5), rec('a', 2, 'lambda'), rec('c', 4)]);
    expect(s.map((f) => f.name)).toEqual(['b', 'c', 'a']);
    expect(s[2]).toEqual({
      name: 'a',
      functionNames: ['a', 'lambda'],
      count: 2,
      totalMs: 3,
      meanMs: 1.5,
      maxMs: 2,
    });
  });

  it('orders workers naturally', () => {
    expect(naturalSort(['thread-10', 'main', 'thread-2', 'thread-1'])).toEqual([
      'main',
      'thread-1',
      'thread-2',
      'thread-10',
    ]);
  });
});
