/**
 * The value grammars: the string parsers (papaparse engine, inference) and the byte parsers (fast
 * engine) must accept exactly the same texts with the same results; floats must round like Number().
 */

import { describe, expect, test } from 'vitest';
import { classifyValue, inferColumnDtype, suggestDtype } from '../../../src/io/csv/classify-value.js';
import { parseBoolBytes, parseBoolString } from '../../../src/io/csv/text-bool.js';
import {
  daysFromCivil,
  parseDateBytes,
  parseDateString,
  parseTimestampBytes,
  parseTimestampString,
} from '../../../src/io/csv/text-datetime.js';
import {
  parseFloatBytes,
  parseFloatString,
  parseIntBytes,
  parseIntString,
} from '../../../src/io/csv/text-number.js';
import { prng } from './helpers.js';

const SAMPLES = [
  '',
  ' ',
  '0',
  '-0',
  '+7',
  ' 42 ',
  '\t-3\t',
  '1 2',
  '007',
  '12345678901234567890',
  '-2147483648',
  '2147483648',
  '1.5',
  '.5',
  '5.',
  '.',
  '-.5e-3',
  '1e5',
  '1E+5',
  '1e',
  'e5',
  '1.2.3',
  '0x10',
  '1_000',
  'inf',
  '-Infinity',
  'NaN',
  'nAn',
  '+inf',
  'infinit',
  '1,5',
  '١٢',
  '1.7976931348623157e308',
  '2e308',
  '4.9e-324',
  '0.1',
  '0.30000000000000004',
  '123456789012345678',
  '9007199254740993',
  'true',
  'FALSE',
  ' True ',
  'yes',
  't',
  '2024-01-31',
  '2024-02-30',
  '2024-13-01',
  '2024-1-01',
  ' 2024-02-29 ',
  '1900-02-29',
  '2000-02-29',
  '0001-01-01',
  '2024-01-01T00:00',
  '2024-01-01 23:59:59',
  '2024-01-01T24:00',
  '2024-01-01T10:00:00.123456789Z',
  '2024-01-01T10:00:00.1234567890',
  '2024-01-01T10:00+05:30',
  '2024-01-01T10:00-0800',
  '2024-01-01T10:00+01',
  '2024-01-01T10:00:60',
  '2024-01-01T',
  '2024-01-01Z',
  '2024-01-01T10:00:00,5',
];

const bytesOf = (s: string) => {
  const b = Buffer.from(`#${s}#`);
  return [b, 1, b.length - 1] as const;
};

describe('string and byte parsers agree', () => {
  test.each(SAMPLES)('%j', (s) => {
    expect(parseIntBytes(...bytesOf(s))).toBe(parseIntString(s));
    expect(parseFloatBytes(...bytesOf(s))).toBe(parseFloatString(s));
    expect(parseBoolBytes(...bytesOf(s))).toBe(parseBoolString(s));
    expect(parseDateBytes(...bytesOf(s))).toBe(parseDateString(s));
    expect(parseTimestampBytes(...bytesOf(s))).toBe(parseTimestampString(s));
  });

  test('random decimal texts round exactly like Number()', () => {
    const rnd = prng(99);
    for (let i = 0; i < 20000; i++) {
      const int = String(Math.floor(rnd() * 10 ** Math.floor(rnd() * 20)));
      const frac = String(Math.floor(rnd() * 10 ** Math.floor(rnd() * 12))).padStart(
        Math.floor(rnd() * 4),
        '0',
      );
      const exp = rnd() < 0.3 ? `e${Math.floor(rnd() * 60) - 30}` : '';
      const s = `${rnd() < 0.5 ? '-' : ''}${int}.${frac}${exp}`;
      expect(parseFloatBytes(...bytesOf(s)), s).toBe(Number(s));
      expect(parseFloatString(s), s).toBe(Number(s));
    }
  });
});

describe('values', () => {
  test('numbers', () => {
    expect(parseIntString(' -42 ')).toBe(-42);
    expect(parseIntString('4.2')).toBeNaN();
    expect(parseFloatString('-inf')).toBe(-Infinity);
    expect(parseFloatString('1,5')).toBeUndefined();
  });

  test('dates and timestamps', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(1969, 12, 31)).toBe(-1);
    expect(parseDateString('2024-03-01')).toBe(Date.UTC(2024, 2, 1) / 86_400_000);
    expect(parseDateString('0001-01-01')).toBe(Date.parse('0001-01-01T00:00:00Z') / 86_400_000);
    expect(parseTimestampString('2024-01-01T10:00:00.123456789Z')).toBe(Date.UTC(2024, 0, 1, 10, 0, 0, 123));
    expect(parseTimestampString('2024-01-01T10:00+05:30')).toBe(Date.UTC(2024, 0, 1, 4, 30));
    expect(parseTimestampString('2024-01-01')).toBe(Date.UTC(2024, 0, 1));
  });

  test('classification, joins and suggestions', () => {
    expect(
      ['1', '3000000000', '1e999999999999999999999', 'x', 'true', '2024-01-01', '2024-01-01 10:00'].map(
        classifyValue,
      ),
    ).toEqual(['int32', 'int64', 'float64', 'string', 'bool', 'date', 'timestamp']);
    const opts = { assumeMissing: false, parseDates: true, categoryThreshold: 0.5 };
    expect(inferColumnDtype(['1', '2.5'], opts).dtype).toBe('float64');
    expect(inferColumnDtype(['2024-01-01', '2024-01-01T10:00'], opts).dtype).toBe('timestamp');
    expect(inferColumnDtype(['true', '1'], opts).dtype).toBe('string');
    expect(inferColumnDtype([], opts).dtype).toBe('string');
    expect(suggestDtype('int32', '99999999999')).toBe('int64');
    expect(suggestDtype('int64', '1.5')).toBe('float64');
    expect(suggestDtype('bool', '2')).toBe('string');
  });
});
