/**
 * The two engines must agree: every fixture — well-formed and malformed, under every `onBadLine`
 * mode and several blocksizes — is read with papaparse and with the fast byte scanner, and the rows,
 * the skipped lines and the errors (class and fields) must be identical.
 */

import { afterAll, expect, test } from 'vitest';
import { type CsvReadOptions, inferSchema } from '../../../src/io/csv/index.js';
import * as F from './fixtures.js';
import { readAll, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const MALFORMED: Record<string, string> = {
  strayQuotes: 'a,b\n5",6\nx"y,"z"\n"q"r",s\n',
  spacesAfterQuote: 'a,b\n"x" \t,"y"  \r\n"p"\t\n',
  fieldCounts: 'a,b,c\n1,2\n3,4,5\n6,7,8,9\n,,\n',
  invalidQuotes: 'a,b\n1,"x"y"\n2,"ok"\n3,"a"b"c",d\n4,5\n',
  crInQuotesAtEnd: 'a,b\n1,"x\r"\n2,"y\r\n"\r\n',
  unclosedAtEnd: 'a,b\n1,2\n3,"open\n4,5',
  commentsAndBlanks: '#c\n\na,b\n#x,"y\n1,2\n\n\r\n#\n3,4',
  quotedBlank: 'a\n1\n""\n\r\n"\r"\n2\n',
  headerOnlyNoNewline: 'a,b,c',
  typedMess: 'i,f,d\n1,2.5,2024-01-01\n 2 ,\t-1e-3 ,2024-02-01 \n+3,.5,NA\n-0,1.,\n',
};

const FIXTURES: Record<string, string> = {
  quoting: F.QUOTING,
  nulls: F.NULLS,
  unicode: F.UNICODE,
  crlf: F.CRLF,
  bom: F.BOM_NO_FINAL_NEWLINE,
  emptyLines: F.EMPTY_LINES,
  comments: F.COMMENTS,
  csvInQuotes: F.CSV_IN_QUOTES,
  random: F.randomCsv(7, 25),
  ...MALFORMED,
};

/** Rows, skipped lines, or the error, as plain data. */
async function outcome(path: string, options: CsvReadOptions): Promise<unknown> {
  try {
    const { rows, badLines } = await readAll(path, options);
    return { rows, badLines };
  } catch (err) {
    const e = err as Record<string, unknown>;
    return {
      error: e.name,
      line: e.line,
      byteOffset: e.byteOffset,
      column: e.column,
      value: e.value,
      reason: e.reason,
    };
  }
}

test.each(Object.entries(FIXTURES))('engines agree on %s', async (name, text) => {
  const path = tmp.write(`${name}.csv`, text);
  const comment = name.startsWith('comment') ? '#' : undefined;
  const schema = inferSchema(path, { comment });
  for (const onBadLine of ['error', 'skip'] as const) {
    // Whole-file reading is the baseline: partitioning never changes the outcome of a good read.
    const whole = await outcome(path, { blocksize: null, onBadLine, comment, engine: 'papaparse' });
    for (const blocksize of [2, 11, 32, null]) {
      const base = { blocksize, onBadLine, comment };
      const papa = await outcome(path, { ...base, engine: 'papaparse' });
      const fast = await outcome(path, { ...base, engine: 'fast' });
      expect(fast, `${name} ${onBadLine} ${blocksize}`).toEqual(papa);
      if (!('error' in (papa as object))) expect(papa).toEqual(whole);
    }
  }
  expect(schema.names.length).toBeGreaterThan(0);
});
