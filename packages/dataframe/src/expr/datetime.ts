/**
 * Calendar arithmetic for date/timestamp expressions, in UTC, without `Date` objects in the loops.
 *
 * `civilFromDays` converts days since 1970-01-01 to (year, month, day) with Howard Hinnant's
 * branch-light algorithm ("chrono-Compatible Low-Level Date Algorithms", civil_from_days), valid for
 * the whole proleptic Gregorian calendar. `parseIsoMs` reads ISO-8601 dates and date-times; a
 * date-time without an offset is taken as UTC (unlike `Date.parse`, which would use the local zone),
 * so every worker reads the same instant.
 */

/** Milliseconds per day. */
export const MS_PER_DAY = 86_400_000;

/**
 * (year, month 1–12, day 1–31) of a day number (days since 1970-01-01), written into `out`.
 *
 * @example
 * const out = [0, 0, 0];
 * civilFromDays(19723, out); // out = [2024, 1, 1]
 */
export function civilFromDays(days: number, out: number[]): void {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  out[0] = yoe + era * 400 + (m <= 2 ? 1 : 0);
  out[1] = m;
  out[2] = d;
}

/**
 * Days since 1970-01-01 of a civil date (the inverse of civilFromDays).
 *
 * @example
 * daysFromCivil(2024, 1, 1); // 19723
 */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const ISO =
  /^(-?\d{4,6})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Epoch milliseconds of an ISO-8601 date or date-time string (UTC unless an offset is given), or NaN
 * when the string is not ISO-8601.
 *
 * @example
 * parseIsoMs('2024-01-01'); // 1704067200000
 * parseIsoMs('2024-01-01T01:00:00+01:00'); // 1704067200000
 */
export function parseIsoMs(s: string): number {
  const m = ISO.exec(s.trim());
  if (!m) return Number.NaN;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return Number.NaN;
  const h = m[4] ? Number(m[4]) : 0;
  const mi = m[5] ? Number(m[5]) : 0;
  const sec = m[6] ? Number(m[6]) : 0;
  if (h > 23 || mi > 59 || sec > 60) return Number.NaN;
  const frac = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  let ms = daysFromCivil(y, mo, d) * MS_PER_DAY + h * 3_600_000 + mi * 60_000 + sec * 1000 + frac;
  const tz = m[8];
  if (tz && tz !== 'Z' && tz !== 'z') {
    const sign = tz[0] === '-' ? -1 : 1;
    const digits = tz.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    ms -= sign * (oh * 3_600_000 + om * 60_000);
  }
  return ms;
}

/**
 * ISO-8601 text of epoch milliseconds: `YYYY-MM-DD` when `dateOnly`, else `YYYY-MM-DDTHH:MM:SS.sssZ`.
 *
 * @example
 * formatIsoMs(0, true); // '1970-01-01'
 */
export function formatIsoMs(ms: number, dateOnly: boolean): string {
  const iso = new Date(ms).toISOString();
  return dateOnly ? iso.slice(0, iso.indexOf('T')) : iso;
}
