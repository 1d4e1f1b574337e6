/**
 * Test helpers for the CSV kernels: an independent reference row parser (a plain character state
 * machine, written without looking at the engines), a temp directory, and `readAll`, which plans a
 * file with a (tiny) blocksize, reads every partition in order and concatenates the rows.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Table } from 'apache-arrow';
import {
  type CsvBadLine,
  type CsvReadOptions,
  type CsvSchema,
  DEFAULT_NA_VALUES,
  inferSchema,
  planCsv,
  readCsvBlockDetailed,
} from '../../../src/io/csv/index.js';

/** Options of the reference parser. */
export interface ReferenceOptions {
  delimiter?: string;
  quote?: string;
  comment?: string;
  skipRows?: number;
}

/**
 * Parse CSV text into rows of strings: RFC 4180 quoting ("" escapes a quote), LF or CRLF rows (one CR
 * before LF dropped from the last field), blank lines and comment lines skipped, BOM dropped. Throws
 * on malformed quoting — fixtures given to it are well-formed.
 */
export function referenceParse(text: string, options: ReferenceOptions = {}): string[][] {
  const delim = options.delimiter ?? ',';
  const quote = options.quote ?? '"';
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  for (let i = 0; i < (options.skipRows ?? 0); i++) {
    const nl = text.indexOf('\n');
    text = nl < 0 ? '' : text.slice(nl + 1);
  }
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let state: 'start' | 'unquoted' | 'quoted' | 'quote' | 'after' = 'start';
  const endRow = () => {
    row.push(field);
    const last = row.length - 1;
    if (row[last].endsWith('\r')) row[last] = row[last].slice(0, -1);
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
    row = [];
    field = '';
    state = 'start';
  };
  const endField = () => {
    row.push(field);
    field = '';
    state = 'start';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (
      state === 'start' &&
      row.length === 0 &&
      field === '' &&
      options.comment !== undefined &&
      c === options.comment
    ) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
      continue;
    }
    switch (state) {
      case 'start':
        if (c === quote) state = 'quoted';
        else if (c === delim) endField();
        else if (c === '\n') endRow();
        else {
          field += c;
          state = 'unquoted';
        }
        break;
      case 'unquoted':
        if (c === delim) endField();
        else if (c === '\n') endRow();
        else field += c;
        break;
      case 'quoted':
        if (c === quote) state = 'quote';
        else field += c;
        break;
      case 'quote':
        if (c === quote) {
          field += quote;
          state = 'quoted';
        } else if (c === delim) endField();
        else if (c === '\n') endRow();
        else if (c === ' ' || c === '\t' || c === '\r') state = 'after';
        else throw new Error(`reference: malformed quote at ${i}`);
        break;
      case 'after':
        if (c === delim) endField();
        else if (c === '\n') endRow();
        else if (!(c === ' ' || c === '\t' || c === '\r'))
          throw new Error(`reference: malformed quote at ${i}`);
        break;
    }
  }
  if (state === 'quoted') throw new Error('reference: unclosed quote');
  if (row.length > 0 || field !== '' || state !== 'start') endRow();
  return rows;
}

/** Reference rows as the reader returns them with every column read as 'string': NA spellings → null. */
export function referenceValues(
  rows: readonly string[][],
  naValues: readonly string[] = DEFAULT_NA_VALUES,
): (string | null)[][] {
  const na = new Set(naValues);
  return rows.map((r) => r.map((v) => (na.has(v) ? null : v)));
}

/** A fresh temp directory and a writer of files in it. */
export function tempDir(): {
  dir: string;
  write(name: string, text: string | Buffer): string;
  cleanup(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'tusk-csv-'));
  return {
    dir,
    write(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A table's rows as arrays of plain values (bigint → string). */
export function tableRows(table: Table): unknown[][] {
  const cols = table.schema.fields.map((_, i) => table.getChildAt(i)!);
  const out: unknown[][] = [];
  for (let r = 0; r < table.numRows; r++) {
    out.push(
      cols.map((c) => {
        const v = c.get(r);
        return typeof v === 'bigint' ? v.toString() : v;
      }),
    );
  }
  return out;
}

/** Every partition of `path`, read in order, concatenated. */
export async function readAll(
  path: string,
  options: CsvReadOptions,
  schema?: CsvSchema,
): Promise<{
  rows: unknown[][];
  badLines: CsvBadLine[];
  schema: CsvSchema;
  partitions: number;
  tables: Table[];
}> {
  const s = schema ?? inferSchema(path, options);
  const plan = planCsv(path, options);
  const rows: unknown[][] = [];
  const badLines: CsvBadLine[] = [];
  const tables: Table[] = [];
  for (const b of plan.blocks) {
    const r = await readCsvBlockDetailed({ ...b, schema: s, options });
    rows.push(...tableRows(r.table));
    badLines.push(...r.badLines);
    tables.push(r.table);
  }
  return { rows, badLines, schema: s, partitions: plan.blocks.length, tables };
}

/** `dtypes` reading every named column as 'string'. */
export function allStrings(names: readonly string[]): Record<string, 'string'> {
  return Object.fromEntries(names.map((n) => [n, 'string' as const]));
}

/** Deterministic pseudo-random numbers in [0, 1). */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
}

/** Serialize rows of strings as CSV, quoting fields that need it (for generated fixtures). */
export function toCsv(rows: readonly (readonly string[])[], eol = '\n'): string {
  const cell = (v: string) => (/[",\r\n]/.test(v) || v === '' ? `"${v.replace(/"/g, '""')}"` : v);
  return rows.map((r) => r.map(cell).join(',')).join(eol) + eol;
}
