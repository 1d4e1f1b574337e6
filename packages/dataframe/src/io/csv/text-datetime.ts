/**
 * ISO 8601 dates and date-times, for strings (papaparse engine, inference) and bytes (fast engine):
 *   date:      YYYY-MM-DD                                   → days since 1970-01-01 (Arrow DateDay)
 *   timestamp: YYYY-MM-DD[(T| )hh:mm[:ss[.fraction]][Z|±hh[[:]mm]]] → UTC milliseconds (fraction
 *              truncated to ms); a date alone is midnight. Surrounding spaces/tabs are allowed.
 * Calendar fields are range-checked (2023-02-29 is not a date). Days from the civil calendar follow
 * Howard Hinnant's `days_from_civil` (http://howardhinnant.github.io/date_algorithms.html).
 */

const MS_PER_DAY = 86_400_000;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(y: number, m: number): number {
  if (m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) return 29;
  return DAYS_IN_MONTH[m - 1];
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date; NaN when the date does not exist.
 *
 * @example
 * daysFromCivil(1970, 1, 2); // 1
 * daysFromCivil(2023, 2, 29); // NaN
 */
export function daysFromCivil(y: number, m: number, d: number): number {
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return Number.NaN;
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const TS_RE =
  /^[ \t]*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?[ \t]*$/;

/**
 * Does a timestamp string carry a time (not just a date)? And an offset (`Z`, `+02:00`)?
 *
 * @example
 * timestampShape('2024-01-01'); // { time: false, offset: false }
 * timestampShape('2024-01-01T10:00Z'); // { time: true, offset: true }
 */
export function timestampShape(s: string): { time: boolean; offset: boolean } {
  const m = TS_RE.exec(s);
  return { time: m !== null && m[4] !== undefined, offset: m !== null && m[8] !== undefined };
}

// ---- strings (mirror the byte parsers below, with charCodeAt) ----

/** Two digits at s[i], s[i + 1] (the caller checks they are before the end), or -1. */
function twoS(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** Four digits from s[i], or -1. */
function fourS(s: string, i: number): number {
  const a = twoS(s, i);
  const b = twoS(s, i + 2);
  return a >= 0 && b >= 0 ? a * 100 + b : -1;
}

let lastKeyS = -1;
let lastDaysS = 0;

/** Days of the date in the 10 characters from i (the caller checks they exist), or NaN. */
function dateAtS(s: string, i: number): number {
  if (s.charCodeAt(i + 4) !== 45 || s.charCodeAt(i + 7) !== 45) return Number.NaN;
  const y = fourS(s, i);
  const mo = twoS(s, i + 5);
  const d = twoS(s, i + 8);
  if (y < 0 || mo < 0 || d < 0) return Number.NaN;
  const key = y * 10000 + mo * 100 + d;
  if (key !== lastKeyS) {
    lastDaysS = daysFromCivil(y, mo, d);
    lastKeyS = key;
  }
  return lastDaysS;
}

/**
 * Parse an ISO date into days since the epoch; NaN when `s` is not a date.
 *
 * @example
 * parseDateString('2024-03-01'); // 19783
 */
export function parseDateString(s: string): number {
  let start = 0;
  let end = s.length;
  while (start < end && isBlank(s.charCodeAt(start))) start++;
  while (end > start && isBlank(s.charCodeAt(end - 1))) end--;
  if (end - start !== 10) return Number.NaN;
  return dateAtS(s, start);
}

/**
 * Parse an ISO date or date-time into UTC milliseconds; NaN when `s` is not one.
 *
 * @example
 * parseTimestampString('1970-01-01T00:00:01.5Z'); // 1500
 * parseTimestampString('1970-01-01T02:00+02:00'); // 0
 */
export function parseTimestampString(s: string): number {
  let start = 0;
  let end = s.length;
  while (start < end && isBlank(s.charCodeAt(start))) start++;
  while (end > start && isBlank(s.charCodeAt(end - 1))) end--;
  if (end - start < 10) return Number.NaN;
  const days = dateAtS(s, start);
  if (Number.isNaN(days)) return Number.NaN;
  let i = start + 10;
  if (i === end) return days * MS_PER_DAY;
  let c = s.charCodeAt(i);
  if ((c !== 84 && c !== 32) || i + 6 > end || s.charCodeAt(i + 3) !== 58) return Number.NaN;
  const h = twoS(s, i + 1);
  const mi = twoS(s, i + 4);
  if (h < 0 || mi < 0) return Number.NaN;
  i += 6;
  let sec = 0;
  let ms = 0;
  if (i < end && s.charCodeAt(i) === 58) {
    if (i + 3 > end) return Number.NaN;
    sec = twoS(s, i + 1);
    if (sec < 0) return Number.NaN;
    i += 3;
    if (i < end && s.charCodeAt(i) === 46) {
      i++;
      let n = 0;
      for (; i < end && n < 10; n++, i++) {
        const d = s.charCodeAt(i) - 48;
        if (d < 0 || d > 9) break;
        if (n < 3) ms = ms * 10 + d;
      }
      if (n === 0 || n > 9) return Number.NaN;
      for (let k = n; k < 3; k++) ms *= 10;
    }
  }
  if (h > 23 || mi > 59 || sec > 59) return Number.NaN;
  let off = 0;
  if (i < end) {
    c = s.charCodeAt(i);
    if (c === 90) {
      i++;
    } else if (c === 43 || c === 45) {
      if (i + 3 > end) return Number.NaN;
      const oh = twoS(s, i + 1);
      if (oh < 0) return Number.NaN;
      i += 3;
      let om = 0;
      if (i < end) {
        if (s.charCodeAt(i) === 58) i++;
        if (i + 2 > end) return Number.NaN;
        om = twoS(s, i);
        if (om < 0) return Number.NaN;
        i += 2;
      }
      if (oh > 23 || om > 59) return Number.NaN;
      off = (c === 45 ? -1 : 1) * (oh * 60 + om) * 60_000;
    } else {
      return Number.NaN;
    }
  }
  if (i !== end) return Number.NaN;
  return days * MS_PER_DAY + ((h * 60 + mi) * 60 + sec) * 1000 + ms - off;
}

// ---- bytes ----

/** Two digits at bytes i, i+1 (the caller checks they are before the end), or -1. */
function two(bytes: Uint8Array, i: number): number {
  const a = bytes[i] - 48;
  const b = bytes[i + 1] - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** Four digits at bytes i..i+3, or -1. */
function four(bytes: Uint8Array, i: number): number {
  const a = two(bytes, i);
  const b = two(bytes, i + 2);
  return a >= 0 && b >= 0 ? a * 100 + b : -1;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

let lastKey = -1;
let lastDays = 0;

/** Days of the date in the 10 bytes from i (the caller checks they exist), or NaN. Remembers the last date. */
function dateAt(bytes: Uint8Array, i: number): number {
  if (bytes[i + 4] !== 45 || bytes[i + 7] !== 45) return Number.NaN;
  const y = four(bytes, i);
  const mo = two(bytes, i + 5);
  const d = two(bytes, i + 8);
  if (y < 0 || mo < 0 || d < 0) return Number.NaN;
  const key = y * 10000 + mo * 100 + d;
  if (key !== lastKey) {
    lastDays = daysFromCivil(y, mo, d);
    lastKey = key;
  }
  return lastDays;
}

/**
 * `parseDateString` over the bytes from `start` to `end`.
 *
 * @example
 * parseDateBytes(Buffer.from('1970-01-02'), 0, 10); // 1
 */
export function parseDateBytes(bytes: Uint8Array, start: number, end: number): number {
  while (start < end && isBlank(bytes[start])) start++;
  while (end > start && isBlank(bytes[end - 1])) end--;
  if (end - start !== 10) return Number.NaN;
  return dateAt(bytes, start);
}

/**
 * `parseTimestampString` over the bytes from `start` to `end`.
 *
 * @example
 * parseTimestampBytes(Buffer.from('1970-01-01T00:00:02Z'), 0, 20); // 2000
 */
export function parseTimestampBytes(bytes: Uint8Array, start: number, end: number): number {
  while (start < end && isBlank(bytes[start])) start++;
  while (end > start && isBlank(bytes[end - 1])) end--;
  if (end - start < 10) return Number.NaN;
  const days = dateAt(bytes, start);
  if (Number.isNaN(days)) return Number.NaN;
  let i = start + 10;
  if (i === end) return days * MS_PER_DAY;
  let c = bytes[i];
  if ((c !== 84 && c !== 32) || i + 6 > end || bytes[i + 3] !== 58) return Number.NaN;
  const h = two(bytes, i + 1);
  const mi = two(bytes, i + 4);
  if (h < 0 || mi < 0) return Number.NaN;
  i += 6;
  let sec = 0;
  let ms = 0;
  if (i < end && bytes[i] === 58) {
    if (i + 3 > end) return Number.NaN;
    sec = two(bytes, i + 1);
    if (sec < 0) return Number.NaN;
    i += 3;
    if (i < end && bytes[i] === 46) {
      i++;
      let n = 0;
      for (; i < end && n < 10; n++, i++) {
        const d = bytes[i] - 48;
        if (d < 0 || d > 9) break;
        if (n < 3) ms = ms * 10 + d;
      }
      if (n === 0 || n > 9) return Number.NaN;
      for (let k = n; k < 3; k++) ms *= 10;
    }
  }
  if (h > 23 || mi > 59 || sec > 59) return Number.NaN;
  let off = 0;
  if (i < end) {
    c = bytes[i];
    if (c === 90) {
      i++;
    } else if (c === 43 || c === 45) {
      if (i + 3 > end) return Number.NaN;
      const oh = two(bytes, i + 1);
      if (oh < 0) return Number.NaN;
      i += 3;
      let om = 0;
      if (i < end) {
        if (bytes[i] === 58) i++;
        if (i + 2 > end) return Number.NaN;
        om = two(bytes, i);
        if (om < 0) return Number.NaN;
        i += 2;
      }
      if (oh > 23 || om > 59) return Number.NaN;
      off = (c === 45 ? -1 : 1) * (oh * 60 + om) * 60_000;
    } else {
      return Number.NaN;
    }
  }
  if (i !== end) return Number.NaN;
  return days * MS_PER_DAY + ((h * 60 + mi) * 60 + sec) * 1000 + ms - off;
}
