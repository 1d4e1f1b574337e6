/**
 * The row-boundary search on literal windows. Each case draws the text and marks `start` with ^;
 * the expected row start is the first row start at or after it.
 */

import { describe, expect, test } from 'vitest';
import { ExactRowScanner, searchRowStart } from '../../../src/io/csv/row-start.js';

const DIALECT = { delimiterByte: 44, quoteByte: 34, commentByte: -1 };

/** Search `text` from `start` with the whole rest of the text as the window. */
function search(
  text: string,
  start: number,
  fieldCount: number,
  opts: { eof?: boolean; final?: boolean; comment?: boolean } = {},
) {
  const bytes = Buffer.from(text);
  const dialect = opts.comment ? { ...DIALECT, commentByte: 35 } : DIALECT;
  return searchRowStart(
    bytes.subarray(start - 1),
    start - 1,
    opts.eof ?? true,
    opts.final ?? false,
    dialect,
    fieldCount,
  );
}

/** The exact answer for the same question. */
function exact(text: string, start: number, dataStart: number): number {
  const bytes = Buffer.from(text);
  const found = new ExactRowScanner(DIALECT).feed(bytes.subarray(dataStart), dataStart, start);
  return found < 0 ? bytes.length : found;
}

describe('searchRowStart', () => {
  test('outside quotes: the position after the next newline', () => {
    //            a,b\n1,2\n3,4\n
    //                  ^ start 5
    expect(search('a,b\n1,2\n3,4\n', 5, 2)).toEqual({ kind: 'found', offset: 8 });
  });

  test('a start right after a newline is itself a row start', () => {
    expect(search('a,b\n1,2\n3,4\n', 8, 2)).toEqual({ kind: 'found', offset: 8 });
  });

  test('inside a quoted field with newlines: the row after the field', () => {
    //     a,b\n1,"x\ny\nz"\n2,w\n      start inside "x\ny..."
    const text = 'a,b\n1,"x\ny\nz"\n2,w\n';
    const start = text.indexOf('y');
    expect(search(text, start, 2)).toEqual({ kind: 'found', offset: text.indexOf('2,w') });
  });

  test('a quoted field whose lines look like rows is refuted by the field count at its end', () => {
    const text = 'id,p,n\n1,"2,x,3\n4,y,5\n8,w,9",10\n11,v,12\n';
    const start = text.indexOf('4,y');
    expect(search(text, start, 3)).toEqual({ kind: 'found', offset: text.indexOf('11,v') });
  });

  test('no quotes ahead: the in-quotes reading is dropped at the lookahead limit (or refuted at EOF)', () => {
    const text = 'a,b\n1,2\n3,4\n5,6\n';
    expect(search(text, 6, 2, { eof: false, final: false })).toEqual({ kind: 'need-more' });
    expect(search(text, 6, 2, { eof: false, final: true })).toEqual({ kind: 'found', offset: 8 });
    expect(search(text, 6, 2, { eof: true })).toEqual({ kind: 'found', offset: 8 });
  });

  test('no row starts after start: the end of the file', () => {
    const text = 'a,b\n1,"long\nvalue"';
    expect(search(text, text.indexOf('value'), 2)).toEqual({ kind: 'found', offset: text.length });
  });

  test('readings that both stay consistent are reported as ambiguous', () => {
    // After a quote at a row start, "stray quote in an unquoted field" is as consistent as "opening
    // quote" to the end of this file: only the prefix (a row start before the quote) tells.
    const text = 'h1,h2\n"a\nb",1\n"",2\n';
    expect(search(text, 7, 2)).toEqual({ kind: 'ambiguous', candidates: [9, 14] });
    expect(exact(text, 7, 6)).toBe(14);
  });

  test('every reading refuted: malformed', () => {
    const text = 'a,b\n1,2\n3,4,5\n6\n"x"y,z\n';
    expect(search(text, 5, 2).kind).toBe('malformed');
  });

  test('comment lines are row boundaries too', () => {
    const text = 'a,b\n1,2\n# c, "d\n3,4\n';
    expect(search(text, 5, 2, { comment: true })).toEqual({ kind: 'found', offset: 8 });
  });

  test('whenever it decides, it agrees with the exact scan (and it decides for most starts)', () => {
    const text = 'h1,h2\n"a\nb",1\n"",2\n"x,""y""\n",3\nplain,4\n"\n\n",5\nlast,6\n';
    let decided = 0;
    for (let start = 7; start < text.length; start++) {
      const r = search(text, start, 2);
      if (r.kind !== 'found') continue;
      decided++;
      expect(r.offset, `start ${start}`).toBe(exact(text, start, 6));
    }
    expect(decided).toBeGreaterThan((text.length - 7) / 2);
  });
});

describe('ExactRowScanner', () => {
  test('carries the quote state across windows', () => {
    const scanner = new ExactRowScanner(DIALECT);
    const text = Buffer.from('a,"x\ny"\nb,c\n');
    expect(scanner.feed(text.subarray(0, 4), 0, 3)).toBe(-1);
    expect(scanner.feed(text.subarray(4), 4, 3)).toBe(8);
  });

  test('reads a malformed quote the way the engines do (as content)', () => {
    const text = 'a\n"x"y\n"\nb\n';
    expect(exact(text, 3, 2)).toBe(text.indexOf('b'));
  });
});
