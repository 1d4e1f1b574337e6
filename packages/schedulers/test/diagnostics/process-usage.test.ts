import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { UsageMeter } from '../../src/diagnostics/process-usage.js';

const busy = (ms: number) => {
  const end = performance.now() + ms;
  let x = 0;
  while (performance.now() < end) x += Math.sqrt(x + 1);
  return x;
};

describe('UsageMeter', () => {
  it('reports 0 % on the first reading, then the CPU this process used since', () => {
    const meter = new UsageMeter({ children: false });
    const first = meter.read();
    expect(first.cpuPercent).toBe(0);
    expect(first.rssBytes).toBeGreaterThan(1024 * 1024);
    expect(first.childProcesses).toBeUndefined();
    busy(100);
    expect(meter.read().cpuPercent).toBeGreaterThan(0);
  });

  it.runIf(process.platform === 'linux')(
    "counts a child process's CPU and memory on Linux (process.cpuUsage does not)",
    async () => {
      const withChildren = new UsageMeter();
      const selfOnly = new UsageMeter({ children: false });
      const before = withChildren.read();
      selfOnly.read();
      expect(before.childProcesses).toBeTypeOf('number');
      const child = spawn(
        process.execPath,
        ['-e', 'const end = Date.now() + 5000; while (Date.now() < end) {}'],
        {
          stdio: 'ignore',
        },
      );
      try {
        await new Promise((r) => setTimeout(r, 400));
        const a = withChildren.read();
        const b = selfOnly.read();
        expect(a.childProcesses).toBe((before.childProcesses ?? 0) + 1);
        expect(a.rssBytes).toBeGreaterThan(b.rssBytes);
        // The child spun for the whole interval; this process mostly slept.
        expect(a.cpuPercent).toBeGreaterThan(b.cpuPercent);
      } finally {
        child.kill();
      }
    },
  );
});
