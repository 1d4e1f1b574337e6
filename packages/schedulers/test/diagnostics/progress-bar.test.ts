import { ConfigError, compute, type RunStartInfo, withConfig } from '@tusk/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProgressBar } from '../../src/diagnostics/progress-bar.js';
import { FakeStream } from './helpers/fake-stream.js';
import { manyTiny, sumOfDoubles, tickInc } from './helpers/graphs.js';

const ESC = '\x1b';

function startInfo(tasks: number, extra: Partial<RunStartInfo> = {}): RunStartInfo {
  return { scheduler: 'test', tasks, keys: [], workers: 1, ...extra };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('ProgressBar in a real run (synchronous scheduler)', () => {
  it('writes a handful of times at most for 10,000 tiny tasks, plain mode', async () => {
    const stream = new FakeStream(false);
    const x = manyTiny(10_000);
    expect(
      await x.compute({
        scheduler: 'synchronous',
        optimize: false,
        callbacks: [new ProgressBar({ stream })],
      }),
    ).toBe((10_000 * 10_001) / 2);
    expect(stream.writes.length).toBeGreaterThanOrEqual(1);
    expect(stream.writes.length).toBeLessThanOrEqual(5);
    const last = stream.writes[stream.writes.length - 1];
    expect(last).toMatch(/^\[tusk\] 100% 10,001\/10,001 tasks \| .*done in /);
    expect(last.endsWith('\n')).toBe(true);
    // Plain lines: no carriage returns, no escape codes.
    expect(stream.text).not.toContain('\r');
    expect(stream.text).not.toContain(ESC);
  });

  it('redraws in place on a TTY, and ends the line when the run ends', async () => {
    const stream = new FakeStream(true, 120);
    await manyTiny(10_000).compute({ scheduler: 'synchronous', callbacks: [new ProgressBar({ stream })] });
    expect(stream.writes.length).toBeLessThanOrEqual(5);
    for (const w of stream.writes) expect(w.startsWith('\r')).toBe(true);
    const last = stream.writes[stream.writes.length - 1];
    expect(last).toContain(`${ESC}[K`);
    expect(last.endsWith('\n')).toBe(true);
    expect(last).toMatch(/\[█{24}\] 100% /);
  });

  it('stays throttled when tasks yield to the event loop (10,000 tasks, timer ticks during the run)', async () => {
    const stream = new FakeStream(true, 200);
    const interval = 50;
    const t0 = performance.now();
    await manyTiny(10_000, tickInc).compute({
      scheduler: 'synchronous',
      callbacks: [new ProgressBar({ stream, interval })],
    });
    const elapsed = performance.now() - t0;
    // One write per timer tick at most, plus the final line: nothing per task.
    expect(stream.writes.length).toBeLessThanOrEqual(Math.ceil(elapsed / interval) + 2);
    expect(stream.writes.length).toBeLessThan(200);
    expect(stream.writes[stream.writes.length - 1]).toContain('100% 10,001/10,001 tasks');
  });

  it('works from withConfig callbacks', async () => {
    const stream = new FakeStream(false);
    const result = await withConfig({ callbacks: [new ProgressBar({ stream })] }, () =>
      sumOfDoubles(5).compute({ scheduler: 'synchronous', optimize: false }),
    );
    expect(result).toBe(2 * (1 + 2 + 3 + 4 + 5));
    expect(stream.text).toContain('100% 11/11 tasks');
  });

  it('says when the run failed', async () => {
    const stream = new FakeStream(false);
    const { delayed } = await import('@tusk/core');
    const boom = delayed(
      (_x: number): number => {
        throw new Error('boom');
      },
      { name: 'boom' },
    );
    await expect(
      compute(boom(1), { scheduler: 'synchronous', callbacks: [new ProgressBar({ stream })] }),
    ).rejects.toThrow();
    expect(stream.text).toMatch(/FAILED after /);
  });

  it('prints nothing for runs shorter than `minimum`', async () => {
    const stream = new FakeStream(false);
    await sumOfDoubles(3).compute({
      scheduler: 'synchronous',
      callbacks: [new ProgressBar({ stream, minimum: 60_000 })],
    });
    expect(stream.writes).toEqual([]);
  });
});

describe('ProgressBar driven by hand (fake timers)', () => {
  it('plain mode prints a line per 10% step, not per task or per tick', () => {
    vi.useFakeTimers();
    const stream = new FakeStream(false);
    const bar = new ProgressBar({ stream, interval: 100 });
    bar.start(startInfo(100));
    for (let i = 0; i < 5; i++) bar.taskFinish();
    vi.advanceTimersByTime(100);
    expect(stream.writes).toHaveLength(0); // the first step is at 10 tasks
    for (let i = 0; i < 4; i++) bar.taskFinish(); // 9 done
    vi.advanceTimersByTime(500);
    expect(stream.writes).toHaveLength(0);
    for (let i = 0; i < 6; i++) bar.taskFinish(); // 15 done
    vi.advanceTimersByTime(100);
    expect(stream.writes).toHaveLength(1);
    expect(stream.writes[0]).toMatch(/^\[tusk\] {2}15% 15\/100 tasks \| .* elapsed \| ETA /);
    vi.advanceTimersByTime(1000);
    expect(stream.writes).toHaveLength(1);
    for (let i = 0; i < 5; i++) bar.taskFinish(); // 20 done: the next step
    vi.advanceTimersByTime(100);
    expect(stream.writes).toHaveLength(2);
    expect(stream.writes[1]).toContain(' 20% 20/100 tasks');
    bar.finish({ ok: true, durationMs: 1, tasksDone: 20 });
  });

  it('plain mode also prints every `every` ms while tasks trickle in', () => {
    vi.useFakeTimers();
    const stream = new FakeStream(false);
    const bar = new ProgressBar({ stream, interval: 100, every: 2000 });
    bar.start(startInfo(1000));
    bar.taskFinish();
    vi.advanceTimersByTime(100);
    const first = stream.writes.length;
    bar.taskFinish();
    vi.advanceTimersByTime(1500);
    expect(stream.writes.length).toBe(first);
    vi.advanceTimersByTime(600);
    expect(stream.writes.length).toBe(first + 1);
    bar.finish({ ok: true, durationMs: 1, tasksDone: 2 });
  });

  it('measures the rate and ETA over the last seconds, so a slow start does not skew them', () => {
    vi.useFakeTimers();
    const stream = new FakeStream(false);
    const bar = new ProgressBar({ stream, interval: 100, every: 60_000 });
    bar.start(startInfo(1000));
    vi.advanceTimersByTime(10_000); // a pool warming up: nothing done for 10 s
    for (let i = 0; i < 10; i++) {
      for (let j = 0; j < 10; j++) bar.taskFinish();
      vi.advanceTimersByTime(100);
    }
    // 100 tasks in the last 5 s: 20/s, 900 to go (the average since the start would say 9/s, 100 s).
    expect(stream.writes).toHaveLength(1);
    expect(stream.writes[0]).toMatch(/ 10% 100\/1,000 tasks \| 20\/s \| 11\.0 s elapsed \| ETA 45\.0 s/);
    bar.finish({ ok: true, durationMs: 1, tasksDone: 100 });
    expect(stream.writes[1]).toMatch(/ 10% 100\/1,000 tasks \| 9\.09\/s \| done in 11\.0 s/);
  });

  it('TTY mode writes once per tick at most, however many tasks finish', () => {
    vi.useFakeTimers();
    const stream = new FakeStream(true);
    const bar = new ProgressBar({ stream, interval: 100 });
    bar.start(startInfo(1_000_000));
    for (let i = 0; i < 500_000; i++) bar.taskFinish();
    expect(stream.writes).toHaveLength(0);
    vi.advanceTimersByTime(100);
    expect(stream.writes).toHaveLength(1);
    expect(stream.writes[0]).toMatch(/^\r\[█{12}░{12}\] {2}50% 500,000\/1,000,000 tasks/);
    for (let i = 0; i < 100_000; i++) bar.taskFinish();
    vi.advanceTimersByTime(1000);
    expect(stream.writes.length).toBeLessThanOrEqual(11);
    bar.finish({ ok: true, durationMs: 1, tasksDone: 600_000 });
  });

  it('stops its timer when the run finishes', () => {
    vi.useFakeTimers();
    const stream = new FakeStream(true);
    const bar = new ProgressBar({ stream, interval: 100 });
    bar.start(startInfo(2));
    bar.taskFinish();
    bar.taskFinish();
    bar.finish({ ok: true, durationMs: 1, tasksDone: 2 });
    const n = stream.writes.length;
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(10_000);
    expect(stream.writes.length).toBe(n);
  });

  it('shows memory and spill from stats() when the run reports them', () => {
    vi.useFakeTimers();
    const stream = new FakeStream(false);
    const bar = new ProgressBar({ stream });
    const stats = vi.fn(() => ({
      memoryBytes: 64 * 1024 ** 2,
      spilledBytes: 2 * 1024 ** 3,
      peakMemoryBytes: 100 * 1024 ** 2,
      spilledCount: 3,
      reloadedCount: 1,
    }));
    bar.start(startInfo(10, { stats }));
    for (let i = 0; i < 10; i++) bar.taskFinish();
    expect(stats).not.toHaveBeenCalled(); // nothing per task
    bar.finish({ ok: true, durationMs: 1, tasksDone: 10 });
    expect(stream.text).toContain('memory 64.0 MiB | spilled 2.0 GiB');
  });

  it('adds up runs that overlap and draws the final line when the last one ends', () => {
    vi.useFakeTimers();
    const stream = new FakeStream(false);
    const bar = new ProgressBar({ stream });
    bar.start(startInfo(3));
    bar.start(startInfo(7));
    for (let i = 0; i < 3; i++) bar.taskFinish();
    bar.finish({ ok: true, durationMs: 1, tasksDone: 3 });
    expect(stream.text).not.toContain('done in');
    for (let i = 0; i < 7; i++) bar.taskFinish();
    bar.finish({ ok: true, durationMs: 1, tasksDone: 7 });
    expect(stream.text).toContain('100% 10/10 tasks');
  });

  it('cuts TTY lines to the terminal width', () => {
    vi.useFakeTimers();
    const stream = new FakeStream(true, 40);
    const bar = new ProgressBar({ stream });
    bar.start(startInfo(10));
    vi.advanceTimersByTime(100);
    bar.finish({ ok: true, durationMs: 1, tasksDone: 0 });
    for (const w of stream.writes) {
      const visible = w.replace(/\r|\n/g, '').replace(`${ESC}[K`, '');
      expect(Array.from(visible).length).toBeLessThan(40);
    }
  });

  it('refuses bad options with a ConfigError naming the option', () => {
    expect(() => new ProgressBar({ interval: 0 })).toThrow(ConfigError);
    try {
      new ProgressBar({ step: -1 });
    } catch (e) {
      expect((e as ConfigError).option).toBe('step');
    }
    expect(() => new ProgressBar({ minimum: -5 })).toThrow(/minimum/);
  });
});
