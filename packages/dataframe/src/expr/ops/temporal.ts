/**
 * Date parts — year, month (1–12), day (1–31), hour (0–23) — of date and timestamp columns, in UTC
 * (a timestamp's time zone annotation is not applied). Days come from `civilFromDays`; runs of rows on
 * the same day (common in sorted data) reuse the previous row's civil date.
 */

import { civilFromDays, MS_PER_DAY } from '../datetime.js';
import { msPerUnit } from '../dtype.js';
import type { NumVal, Val } from '../values.js';

/** Which part of the date to extract. */
export type DatePart = 'year' | 'month' | 'day' | 'hour';

/**
 * A date part (int32) of a date/timestamp value.
 *
 * @example
 * datePart(tsVal, 'year', n);
 */
export function datePart(a: Val, part: DatePart, n: number): Val {
  const civil = [0, 0, 0];
  const pick = part === 'year' ? 0 : part === 'month' ? 1 : 2;
  if (a.k === 'scalar') {
    if (a.value === null) return { k: 'scalar', dtype: 'int32', value: null };
    const ms = Number(a.value) * msPerUnit(a.dtype);
    const days = Math.floor(ms / MS_PER_DAY);
    if (part === 'hour')
      return { k: 'scalar', dtype: 'int32', value: Math.floor((ms - days * MS_PER_DAY) / 3_600_000) };
    civilFromDays(days, civil);
    return { k: 'scalar', dtype: 'int32', value: civil[pick] };
  }
  const x = a as NumVal;
  const v = x.v;
  const out = new Int32Array(n);
  const isDays = x.dtype === 'date';
  const f = isDays ? MS_PER_DAY : msPerUnit(x.dtype);
  if (part === 'hour') {
    if (!isDays) {
      for (let i = 0; i < n; i++) {
        const ms = v[i] * f;
        out[i] = Math.floor((ms - Math.floor(ms / MS_PER_DAY) * MS_PER_DAY) / 3_600_000);
      }
    }
    return { k: 'num', dtype: 'int32', v: out, valid: x.valid };
  }
  let lastDay = Number.NaN;
  let last = 0;
  for (let i = 0; i < n; i++) {
    const days = isDays ? v[i] : Math.floor((v[i] * f) / MS_PER_DAY);
    if (days !== lastDay) {
      civilFromDays(days, civil);
      lastDay = days;
      last = civil[pick];
    }
    out[i] = last;
  }
  return { k: 'num', dtype: 'int32', v: out, valid: x.valid };
}
