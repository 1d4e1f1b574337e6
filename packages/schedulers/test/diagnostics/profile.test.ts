import { delayed } from '@tusk/core';
import { describe, expect, it } from 'vitest';
import { type Profile, profile } from '../../src/diagnostics/profile.js';
import { ProgressBar } from '../../src/diagnostics/progress-bar.js';
import { FakeStream } from './helpers/fake-stream.js';
import { sumOfDoubles } from './helpers/graphs.js';

describe('profile', () => {
  it('returns the result with the tasks and resource samples of the runs inside', async () => {
    const x = sumOfDoubles(10);
    const { result, profile: p } = await profile(() =>
      x.compute({ scheduler: 'synchronous', optimize: false }),
    );
    expect(result).toBe(110);
    expect(p.profiler.records).toHaveLength(21);
    expect(p.profiler.runs).toHaveLength(1);
    expect(p.resources?.samples.length).toBeGreaterThanOrEqual(2);
  });

  it('records every compute inside the function, across awaits, and none outside it', async () => {
    const outside = sumOfDoubles(1);
    const { profile: p } = await profile(async () => {
      const a = await sumOfDoubles(2).compute({ scheduler: 'synchronous', optimize: false });
      await new Promise((r) => setTimeout(r, 5));
      const b = await sumOfDoubles(3).compute({ scheduler: 'synchronous', optimize: false });
      return a + b;
    });
    await outside.compute({ scheduler: 'synchronous' });
    expect(p.profiler.runs).toHaveLength(2);
    expect(p.profiler.records).toHaveLength(5 + 7);
  });

  it('leaves resources out when asked, and installs extra callbacks', async () => {
    const stream = new FakeStream(false);
    const { profile: p } = await profile(() => sumOfDoubles(2).compute({ scheduler: 'synchronous' }), {
      resources: false,
      callbacks: [new ProgressBar({ stream })],
    });
    expect(p.resources).toBeUndefined();
    expect(stream.text).toContain('100%');
  });

  it('rethrows a failure with what was recorded attached', async () => {
    const fail = delayed(
      (_x: number): number => {
        throw new Error('nope');
      },
      { name: 'fail' },
    );
    const err = await profile(() =>
      fail(sumOfDoubles(2)).compute({ scheduler: 'synchronous', optimize: false }),
    ).then(
      () => undefined,
      (e: unknown) => e as Error & { profile?: Profile },
    );
    expect(err).toBeInstanceOf(Error);
    expect(err?.profile?.profiler.records).toHaveLength(5);
    expect(err?.profile?.profiler.runs[0].ok).toBe(false);
  });
});
