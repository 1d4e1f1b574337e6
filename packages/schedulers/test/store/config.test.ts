/**
 * The store's options: defaults after Dask's worker memory thresholds, sizes, fractions and
 * percentages for memoryLimit, `false` to turn a threshold off, ConfigError naming the option, and
 * precedence: per-run options over withConfig over setConfig over defaults.
 */

import os from 'node:os';
import { ConfigError, setConfig, withConfig } from '@tusk/core';
import { describe, expect, it } from 'vitest';
import { registerStoreConfig, resolveStoreOptions } from '../../src/store/config.js';

registerStoreConfig();
registerStoreConfig(); // idempotent

describe('resolveStoreOptions', () => {
  it('defaults: half the machine memory, target 0.6, pause 0.8, under os.tmpdir()', () => {
    const o = resolveStoreOptions();
    const limit = Math.floor(os.totalmem() * 0.5);
    expect(o).toMatchObject({ limitBytes: limit, spillDir: os.tmpdir(), rssIntervalMs: 50 });
    expect(o.targetBytes).toBeCloseTo(limit * 0.6);
    expect(o.pauseBytes).toBeCloseTo(limit * 0.8);
  });

  it.each([
    ['64MB', 64e6],
    ['64MiB', 64 * 2 ** 20],
    [1_000_000, 1e6],
    [0.25, Math.floor(os.totalmem() * 0.25)],
    ['10%', Math.floor(os.totalmem() * 0.1)],
    [0, Number.POSITIVE_INFINITY],
    ['0', Number.POSITIVE_INFINITY],
  ])('memoryLimit %j is %d bytes', (memoryLimit, bytes) => {
    expect(resolveStoreOptions({ memoryLimit }).limitBytes).toBe(bytes);
  });

  it('false turns a threshold off', () => {
    const o = resolveStoreOptions({ memoryLimit: '1GB', memoryTarget: false, memoryPause: false });
    expect(o.targetBytes).toBe(Number.POSITIVE_INFINITY);
    expect(o.pauseBytes).toBe(Number.POSITIVE_INFINITY);
  });

  it.each([
    ['memoryLimit', { memoryLimit: 'lots' }],
    ['memoryLimit', { memoryLimit: -5 }],
    ['memoryLimit', { memoryLimit: {} as never }],
    ['memoryTarget', { memoryTarget: 1.5 }],
    ['memoryTarget', { memoryTarget: 0 }],
    ['memoryPause', { memoryPause: '0.8' as never }],
    ['spillDir', { spillDir: '' }],
  ])('a bad %s is a ConfigError naming it', (option, options) => {
    let err: unknown;
    try {
      resolveStoreOptions(options);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).option).toBe(option);
  });

  it('per-run options win over withConfig, which wins over setConfig', () => {
    const restore = setConfig({ memoryLimit: '1GB', spillDir: '/var/tmp' });
    try {
      expect(resolveStoreOptions()).toMatchObject({ limitBytes: 1e9, spillDir: '/var/tmp' });
      withConfig({ memoryLimit: '2GB', memoryTarget: 0.5 }, () => {
        const o = resolveStoreOptions();
        expect(o.limitBytes).toBe(2e9);
        expect(o.targetBytes).toBe(1e9);
        expect(resolveStoreOptions({ memoryLimit: '3GB' }).limitBytes).toBe(3e9);
      });
    } finally {
      restore();
    }
    expect(resolveStoreOptions().spillDir).toBe(os.tmpdir());
  });
});
