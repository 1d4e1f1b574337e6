/**
 * NA matching: `naMatcher` hands out one matcher per list of spellings (partitions of a read share
 * it), and matchers of different lists each match their own spellings only — as strings and as bytes.
 */

import { describe, expect, it } from 'vitest';
import { naMatcher } from '../../../src/io/csv/na-values.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('naMatcher', () => {
  it('gives one matcher per list, and each list its own spellings', () => {
    const a = naMatcher(['', 'NA']);
    expect(naMatcher(['', 'NA'])).toBe(a);
    const b = naMatcher(['-999', 'missing']);
    expect(b).not.toBe(a);
    for (const [m, yes, no] of [
      [a, ['', 'NA'], ['-999', 'missing', 'na', 'NaN']],
      [b, ['-999', 'missing'], ['', 'NA', '-99']],
    ] as const) {
      for (const s of yes) {
        expect(m.isNaString(s)).toBe(true);
        expect(m.isNaBytes(bytes(s), 0, bytes(s).length)).toBe(true);
      }
      for (const s of no) {
        expect(m.isNaString(s)).toBe(false);
        expect(m.isNaBytes(bytes(s), 0, bytes(s).length)).toBe(false);
      }
    }
    expect(b.hasNumeric).toBe(true);
    expect(a.hasNumeric).toBe(false);
  });
});
