/**
 * parseFloatString's fast path for plain decimals (sign, digits, one dot) against Number() on random
 * texts of that shape: signs, leading zeros, a trailing or leading dot, up to 17 digits (past 15 the
 * general path takes over), and texts that are no number at all.
 */

import { expect, test } from 'vitest';
import { parseFloatString } from '../../../src/io/csv/text-number.js';

test('plain decimals equal Number()', () => {
  let s = 7;
  const r = (n: number) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s % n;
  };
  const D = '0123456789';
  for (let k = 0; k < 300000; k++) {
    const sign = ['', '-', '+'][r(3)];
    const a = Array.from({ length: r(10) }, () => D[r(10)]).join('');
    const b = Array.from({ length: r(10) }, () => D[r(10)]).join('');
    const t = `${sign}${a}${r(2) ? `.${b}` : ''}`;
    const want = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : undefined;
    const got = parseFloatString(t);
    if (!Object.is(got, want)) throw new Error(`${JSON.stringify(t)}: ${got} vs ${want}`);
  }
  expect(parseFloatString('5.')).toBe(5);
  expect(Object.is(parseFloatString('-0'), -0)).toBe(true);
});
