/**
 * Sizes: numbers of bytes, or strings with decimal (kB, MB, GB…: powers of 1000) or binary (KiB,
 * MiB, GiB…: powers of 1024) units. Anything else is a ConfigError that shows how to write a size.
 */

import { describe, expect, test } from 'vitest';
import { ConfigError } from '../src/errors.js';
import { formatBytes, parseSize } from '../src/size.js';

describe('parseSize', () => {
  test('decimal units are powers of 1000', () => {
    expect(parseSize('64MB')).toBe(64_000_000);
    expect(parseSize('512kB')).toBe(512_000);
    expect(parseSize('2GB')).toBe(2_000_000_000);
    expect(parseSize('3TB')).toBe(3e12);
    expect(parseSize('1PB')).toBe(1e15);
  });

  test('binary units are powers of 1024', () => {
    expect(parseSize('1.5GiB')).toBe(1_610_612_736); // 1.5 × 1024³, by hand
    expect(parseSize('512KiB')).toBe(524_288);
    expect(parseSize('1MiB')).toBe(1_048_576);
    expect(parseSize('2TiB')).toBe(2 * 1024 ** 4);
  });

  test('bytes, short units, case, spaces and decimals', () => {
    expect(parseSize('100')).toBe(100);
    expect(parseSize('100B')).toBe(100);
    expect(parseSize('64M')).toBe(64e6);
    expect(parseSize('1k')).toBe(1000);
    expect(parseSize('64mb')).toBe(64e6);
    expect(parseSize('1 GiB')).toBe(1024 ** 3);
    expect(parseSize('  10 kb  ')).toBe(10_000);
    expect(parseSize('.5MB')).toBe(500_000);
    expect(parseSize('0.1kB')).toBe(100);
    expect(parseSize('1.0001kB')).toBe(1000); // whole bytes, rounded down
  });

  test('numbers are bytes (rounded down)', () => {
    expect(parseSize(0)).toBe(0);
    expect(parseSize(4096)).toBe(4096);
    expect(parseSize(1.9)).toBe(1);
  });

  test('malformed strings are refused with a ConfigError that shows how to write a size', () => {
    const bad = [
      '',
      'abc',
      'MB',
      '64XB',
      '-1MB',
      '1e6',
      '1,5MB',
      '1.2.3MB',
      '64 M B',
      '1constructor',
      '5 toString',
      'Infinity',
    ];
    for (const s of bad) {
      let err: unknown;
      try {
        parseSize(s, 'memoryLimit');
      } catch (e) {
        err = e;
      }
      expect(err, JSON.stringify(s)).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).option).toBe('memoryLimit');
      const message = (err as Error).message;
      expect(message).toContain(`memoryLimit ${JSON.stringify(s)}`);
      expect(message).toContain("'64MB'");
      expect(message).toContain('KiB');
    }
  });

  test('negative, infinite and NaN numbers are refused', () => {
    for (const n of [-1, Number.POSITIVE_INFINITY, Number.NaN]) {
      expect(() => parseSize(n, 'spill')).toThrow(ConfigError);
      expect(() => parseSize(n, 'spill')).toThrow(/spill must be a non-negative number of bytes/);
    }
  });

  test("the option name defaults to 'size'", () => {
    expect(() => parseSize('lots')).toThrow(expect.objectContaining({ option: 'size' }));
  });
});

describe('formatBytes', () => {
  test('bytes below 1 KiB as they are, larger values in binary units with one decimal', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1.0 KiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(64e6)).toBe('61.0 MiB');
    expect(formatBytes(1024 ** 3 * 1.5)).toBe('1.5 GiB');
    expect(formatBytes(1024 ** 5)).toBe('1024.0 TiB');
  });
});
