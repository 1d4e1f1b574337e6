/**
 * Options of the CSV reader, their defaults, and `resolveCsvOptions`, which validates them once at the
 * public edge (STYLE rule 4) into a plain-data `ResolvedCsvOptions` that the kernels trust. Options are
 * plain data (no functions), so a graph can carry them to workers unchanged.
 *
 * Dialect: UTF-8 text, one-byte delimiter / quote / comment characters, rows ended by LF or CRLF (a
 * trailing CR is dropped from the last field; CR-only files are refused), quotes escaped by doubling
 * (RFC 4180). A field is quoted only when it starts with the quote character (as in papaparse); a quote
 * inside an unquoted field is an ordinary character.
 */

import { ConfigError, parseSize } from '@tusk/core';

/** Column types the reader produces (Arrow type in brackets). */
export type CsvDtype =
  | 'int32' // Int32
  | 'int64' // Int64 (BigInt64Array storage)
  | 'float64' // Float64
  | 'bool' // Bool
  | 'string' // Utf8
  | 'category' // Dictionary<Utf8, Int32>, one dictionary per partition
  | 'date' // DateDay (ISO 8601 YYYY-MM-DD)
  | 'timestamp'; // Timestamp<MILLISECOND> (ISO 8601 date-time), UTC when values carry an offset

/**
 * Every dtype name, for validation.
 *
 * @example
 * CSV_DTYPES.includes('category'); // true
 */
export const CSV_DTYPES: readonly CsvDtype[] = [
  'int32',
  'int64',
  'float64',
  'bool',
  'string',
  'category',
  'date',
  'timestamp',
];

/** What to do with a malformed row (wrong field count, broken quotes). */
export type OnBadLine = 'error' | 'skip' | 'warn';

/** Which tokenizer parses partitions: papaparse (default) or the hand-written byte scanner. */
export type CsvEngine = 'papaparse' | 'fast';

/**
 * Strings read as missing values by default (as pandas does).
 *
 * @example
 * readCsvBlock({ ...block, schema, options: { naValues: [...DEFAULT_NA_VALUES, '-'] } });
 */
export const DEFAULT_NA_VALUES: readonly string[] = [
  '',
  '#N/A',
  '#N/A N/A',
  '#NA',
  '-1.#IND',
  '-1.#QNAN',
  '-NaN',
  '-nan',
  '1.#IND',
  '1.#QNAN',
  '<NA>',
  'N/A',
  'NA',
  'NULL',
  'NaN',
  'None',
  'n/a',
  'nan',
  'null',
];

/** Options of planCsv / inferSchema / readCsvBlock (the same object is passed to all three). */
export interface CsvReadOptions {
  /**
   * Most bytes per partition (`'64MB'` default; each file is cut into equal ranges of at most this);
   * `null` reads each file as one partition.
   */
  blocksize?: number | string | null;
  /** `true` (default): the first row names the columns; `false`: columns `'0'`, `'1'`, ...; a list: these names, no header row. */
  header?: boolean | readonly string[];
  /** Field delimiter, one ASCII character (default `','`). */
  delimiter?: string;
  /** Quote character, one ASCII character (default `'"'`); a quote inside a quoted field is doubled. */
  quoteChar?: string;
  /** Lines starting with this character are skipped (default: none). */
  comment?: string | null;
  /** Physical lines to skip at the start of every file, before the header (default 0). */
  skipRows?: number;
  /** Columns to keep: names or 0-based positions in the file (default: all). */
  usecols?: readonly (string | number)[];
  /** Column dtypes that override inference. */
  dtypes?: Readonly<Record<string, CsvDtype>>;
  /** Strings read as null (default DEFAULT_NA_VALUES); applied to every column, quoted or not. */
  naValues?: readonly string[];
  /** Infer integer columns as float64 (Dask's assume_missing). Integers are nullable anyway. */
  assumeMissing?: boolean;
  /** `true` (default): infer ISO 8601 date / timestamp columns; `false`: never; a list: only these columns. */
  parseDates?: boolean | readonly string[];
  /** A string column becomes 'category' when distinct / non-null values in the sample ≤ this (default 0.5). */
  categoryThreshold?: number;
  /** Add a category column with the file path: `true` names it `'path'`, a string names it. */
  includePathColumn?: boolean | string;
  /** Bytes of the first file sampled to infer types (default `'256KiB'`). */
  sample?: number | string;
  /** Tokenizer: `'papaparse'` (default) or `'fast'` (hand-written byte scanner; same results). */
  engine?: CsvEngine;
  /** Malformed rows: `'error'` (default) throws CsvParseError; `'skip'` drops them; `'warn'` drops and warns. */
  onBadLine?: OnBadLine;
  /** How far past a partition's start the row-boundary search may look (default `'1MiB'`). */
  boundaryLookahead?: number | string;
  /** Longest row a partition reads past its end to finish (default `'64MiB'`); longer = unclosed quote. */
  maxRowBytes?: number | string;
}

/** Options after validation: plain data, bytes for the dialect characters. */
export interface ResolvedCsvOptions {
  readonly blocksize: number | null;
  readonly header: boolean;
  readonly names: readonly string[] | null;
  readonly delimiter: string;
  readonly quoteChar: string;
  readonly comment: string | null;
  readonly delimiterByte: number;
  readonly quoteByte: number;
  /** -1 when comments are off. */
  readonly commentByte: number;
  readonly skipRows: number;
  readonly usecols: readonly (string | number)[] | null;
  readonly dtypes: Readonly<Record<string, CsvDtype>>;
  readonly naValues: readonly string[];
  readonly assumeMissing: boolean;
  readonly parseDates: boolean | readonly string[];
  readonly categoryThreshold: number;
  readonly pathColumn: string | null;
  readonly sample: number;
  readonly engine: CsvEngine;
  readonly onBadLine: OnBadLine;
  readonly boundaryLookahead: number;
  readonly maxRowBytes: number;
}

function oneAsciiChar(option: string, value: string, forbidden: string): number {
  if (
    typeof value !== 'string' ||
    value.length !== 1 ||
    value.charCodeAt(0) > 0x7f ||
    forbidden.includes(value)
  ) {
    throw new ConfigError(
      option,
      `${option} must be one ASCII character other than ${JSON.stringify(forbidden)}, got ${JSON.stringify(value)}.`,
    );
  }
  return value.charCodeAt(0);
}

/**
 * Validate CSV options and fill in defaults.
 *
 * @example
 * const o = resolveCsvOptions({ delimiter: ';', blocksize: '1MB' });
 * o.delimiterByte; // 59
 * o.blocksize; // 1_000_000
 */
export function resolveCsvOptions(options: CsvReadOptions = {}): ResolvedCsvOptions {
  const delimiter = options.delimiter ?? ',';
  const quoteChar = options.quoteChar ?? '"';
  const comment = options.comment ?? null;
  const delimiterByte = oneAsciiChar('delimiter', delimiter, '\r\n');
  const quoteByte = oneAsciiChar('quoteChar', quoteChar, `\r\n${delimiter}`);
  const commentByte =
    comment === null ? -1 : oneAsciiChar('comment', comment, `\r\n${delimiter}${quoteChar}`);
  const header = options.header ?? true;
  const names = Array.isArray(header) ? [...(header as readonly string[])] : null;
  if (names && new Set(names).size !== names.length) {
    throw new ConfigError('header', `header names must be distinct, got ${JSON.stringify(names)}.`);
  }
  const skipRows = options.skipRows ?? 0;
  if (!Number.isInteger(skipRows) || skipRows < 0) {
    throw new ConfigError('skipRows', `skipRows must be a non-negative integer, got ${skipRows}.`);
  }
  const dtypes = options.dtypes ?? {};
  for (const [col, dt] of Object.entries(dtypes)) {
    if (!CSV_DTYPES.includes(dt)) {
      throw new ConfigError(
        'dtypes',
        `Unknown dtype ${JSON.stringify(dt)} for column '${col}'; use one of ${CSV_DTYPES.join(', ')}.`,
      );
    }
  }
  const engine = options.engine ?? 'papaparse';
  if (engine !== 'papaparse' && engine !== 'fast') {
    throw new ConfigError('engine', `engine must be 'papaparse' or 'fast', got ${JSON.stringify(engine)}.`);
  }
  const onBadLine = options.onBadLine ?? 'error';
  if (onBadLine !== 'error' && onBadLine !== 'skip' && onBadLine !== 'warn') {
    throw new ConfigError(
      'onBadLine',
      `onBadLine must be 'error', 'skip' or 'warn', got ${JSON.stringify(onBadLine)}.`,
    );
  }
  const categoryThreshold = options.categoryThreshold ?? 0.5;
  if (!(categoryThreshold >= 0 && categoryThreshold <= 1)) {
    throw new ConfigError(
      'categoryThreshold',
      `categoryThreshold must be in [0, 1], got ${categoryThreshold}.`,
    );
  }
  const blocksize = options.blocksize === null ? null : parseSize(options.blocksize ?? '64MB', 'blocksize');
  if (blocksize === 0)
    throw new ConfigError('blocksize', 'blocksize must be positive (or null for whole files).');
  const pathOpt = options.includePathColumn ?? false;
  const pathColumn = pathOpt === true ? 'path' : pathOpt === false ? null : String(pathOpt);
  return {
    blocksize,
    header: header === true,
    names,
    delimiter,
    quoteChar,
    comment,
    delimiterByte,
    quoteByte,
    commentByte,
    skipRows,
    usecols: options.usecols ? [...options.usecols] : null,
    dtypes,
    naValues: options.naValues ? [...options.naValues] : DEFAULT_NA_VALUES,
    assumeMissing: options.assumeMissing ?? false,
    parseDates: options.parseDates ?? true,
    categoryThreshold,
    pathColumn,
    sample: Math.max(1, parseSize(options.sample ?? '256KiB', 'sample')),
    engine,
    onBadLine,
    boundaryLookahead: Math.max(64, parseSize(options.boundaryLookahead ?? '1MiB', 'boundaryLookahead')),
    maxRowBytes: Math.max(64, parseSize(options.maxRowBytes ?? '64MiB', 'maxRowBytes')),
  };
}
