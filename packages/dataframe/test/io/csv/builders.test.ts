/** Column builders: values, nulls and growth, assembled into Arrow data. */

import { Bool, Dictionary, Float64, Int32, Int64, makeVector, Utf8 } from 'apache-arrow';
import { describe, expect, test } from 'vitest';
import { BoolBuilder } from '../../../src/io/csv/builders/bool-builder.js';
import { DictionaryBuilder } from '../../../src/io/csv/builders/dictionary-builder.js';
import { Float64Builder } from '../../../src/io/csv/builders/float64-builder.js';
import { Int32Builder } from '../../../src/io/csv/builders/int32-builder.js';
import { Int64Builder } from '../../../src/io/csv/builders/int64-builder.js';
import { Utf8Builder } from '../../../src/io/csv/builders/utf8-builder.js';
import { ValidityBuilder } from '../../../src/io/csv/builders/validity.js';

describe('builders', () => {
  test('validity: no bitmap without nulls; LSB-first bits', () => {
    expect(new ValidityBuilder().finish(10)).toEqual({ nullCount: 0, nullBitmap: undefined });
    const v = new ValidityBuilder();
    v.setNull(2);
    v.setNull(9);
    const { nullCount, nullBitmap } = v.finish(10);
    expect(nullCount).toBe(2);
    expect([...nullBitmap!]).toEqual([0b11111011, 0b11111101]);
  });

  test('numbers grow past their initial capacity, with nulls', () => {
    const f = new Float64Builder();
    const i = new Int32Builder();
    for (let k = 0; k < 5000; k++) {
      if (k % 7 === 0) {
        f.appendNull();
        i.appendNull();
      } else {
        f.append(k / 2);
        i.append(-k);
      }
    }
    const fv = makeVector(f.finish(new Float64()));
    const iv = makeVector(i.finish(new Int32()));
    expect([fv.get(0), fv.get(1), fv.get(4999)]).toEqual([null, 0.5, 2499.5]);
    expect([iv.get(7), iv.get(8), iv.nullCount]).toEqual([null, -8, 715]);
  });

  test('int64 words and bigints', () => {
    const b = new Int64Builder();
    for (const v of [0, -1, 2 ** 53 - 1, -(2 ** 53) + 1, 4294967296, -4294967297]) b.append(v);
    b.appendBigInt(-(2n ** 63n));
    b.appendNull();
    expect([...makeVector(b.finish(new Int64()))].map(String)).toEqual([
      '0',
      '-1',
      '9007199254740991',
      '-9007199254740991',
      '4294967296',
      '-4294967297',
      '-9223372036854775808',
      'null',
    ]);
  });

  test('bool, utf8 (strings and bytes), dictionary (strings and bytes)', () => {
    const bo = new BoolBuilder();
    for (const x of [true, false, true]) bo.append(x);
    bo.appendNull();
    expect(makeVector(bo.finish(new Bool())).toArray()).toEqual([true, false, true, null]);
    const u = new Utf8Builder();
    u.appendString('héllo 😀');
    u.appendBytes(Buffer.from('xyz'), 1, 3);
    u.appendNull();
    u.appendString('');
    expect(makeVector(u.finish(new Utf8())).toArray()).toEqual(['héllo 😀', 'yz', null, '']);
    const d1 = new DictionaryBuilder();
    const d2 = new DictionaryBuilder();
    const words = Array.from({ length: 3000 }, (_, k) => `w${k % 700}é`);
    for (const w of words) d1.appendString(w);
    for (const w of words) {
      const b = Buffer.from(`<${w}>`);
      d2.appendBytes(b, 1, b.length - 1);
    }
    d2.appendNull();
    const type = new Dictionary(new Utf8(), new Int32());
    expect(d1.distinct).toBe(700);
    expect(d2.distinct).toBe(700);
    expect(makeVector(d1.finish(type)).toArray()).toEqual(words);
    expect(makeVector(d2.finish(type)).toArray()).toEqual([...words, null]);
  });

  test('dictionary: strings that share a cache slot (same length and last three characters) keep their own codes', () => {
    const d = new DictionaryBuilder();
    // 'aa_xyz' and 'bb_xyz' fall in one slot of the lookup cache; short strings and '' use their own.
    const words = [
      'aa_xyz',
      'bb_xyz',
      'aa_xyz',
      'cc_xyz',
      'bb_xyz',
      '',
      'q',
      'q',
      'aa_xyz',
      'é_xyz',
      'é_xyz',
    ];
    const want: string[] = [];
    for (let k = 0; k < 300; k++) {
      const w = words[(k * 7) % words.length];
      d.appendString(w);
      want.push(w);
    }
    const v = makeVector(d.finish(new Dictionary(new Utf8(), new Int32())));
    expect(v.toArray()).toEqual(want);
    expect(v.data[0].dictionary?.length).toBe(new Set(words).size);
  });
});
