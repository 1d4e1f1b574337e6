/**
 * Where do rows start after byte `start`? — the row-boundary search of partitioned CSV reading.
 *
 * A partition that begins at an arbitrary byte offset must begin its rows at the first true row
 * start after it. The next newline is not always one: a quoted field may hold newlines, and reading
 * from there silently yields wrong rows (a known Dask failure). Knowing whether `start` lies inside
 * quotes exactly needs a parse from the file's beginning (the quote parity of the whole prefix), which
 * costs O(start) per partition — quadratic over a file. Instead we speculate and verify:
 *
 * 1. Speculate (this module). The tokenizer state just before byte `start - 1` is unknown, but it is
 *    one of a few: at a row start, at a field start, in an unquoted field, in a quoted field, just after
 *    a quote in a quoted field, after a closing quote (spaces before the delimiter), in a comment line.
 *    We run the tokenizer (papaparse's rules, see engines/fast-engine.ts) from `start - 1` once per
 *    hypothesis, in lockstep. Each hypothesis's candidate is the position after the first newline it
 *    sees outside quotes. A hypothesis is refuted by evidence: a closing quote followed by something
 *    other than a delimiter/newline (papaparse's "InvalidQuotes"), a row (after its candidate) whose
 *    field count differs from the header's, or the end of the file inside quotes. The answer is found
 *    when every surviving hypothesis has a candidate and they agree (hypotheses that disagree keep
 *    running). Typically this takes a row or two: in the wrong reading, quoted text is read as
 *    unquoted and vice versa, which breaks quotes or field counts almost at once.
 *
 *    The one case evidence cannot settle quickly is "inside a quoted field" when no quote byte follows
 *    for a long way (files without quotes — the common case): that reading says the whole stretch is
 *    one field. We skip ahead with a native byte search for the next quote; if none occurs within
 *    `boundaryLookahead` bytes (default 1 MiB) the reading is dropped, i.e. we ASSUME no quoted field
 *    spans more than the lookahead around a partition start. If the end of the file comes first, the
 *    reading is refuted (an unclosed quote).
 *
 *    Results: 'found' (the row start, or the end of the file when no row starts after `start`);
 *    'malformed' when every reading is refuted (malformed rows near here); 'ambiguous' when readings
 *    that disagree both survive the whole lookahead (files dense with quotes, e.g. many `""` fields,
 *    can be read consistently both ways for a long stretch; so can a multi-line quoted first column,
 *    whose tail may read as a row with a stray quote). For these two the reader falls back to the
 *    exact scan (`ExactRowScanner`): the tokenizer run from an anchor whose state is known — a row
 *    start that speculation decides further back (start − lookahead, − 2·lookahead, ...), else the
 *    data start. It follows the engines' handling of malformed rows, so `onBadLine` then applies as
 *    usual. Never a guess.
 *
 * 2. Verify (read-csv-block.ts). Partition k starts exactly right (partition 0 starts at the data
 *    start; by induction below), so its parse knows exactly where its last row ends: the true start of
 *    partition k+1. It re-runs this (deterministic) search at its own end and throws CsvBoundaryError
 *    if the speculation disagrees. So when all partitions of a file are read, every boundary is checked
 *    exactly, at the cost of one extra search per partition; a silent mistake needs both a quoted field
 *    longer than the lookahead whose text parses as well-formed rows AND a partition read without its
 *    predecessor.
 *
 * Reference: Ge et al., "Speculative Distributed CSV Data Parsing for Big Data Analytics", SIGMOD 2019
 * (speculation over the quote state, validated afterwards).
 */

/** Tokenizer states (see engines/fast-engine.ts for the rules). */
const RS = 0; // row start
const FS = 1; // field start
const UQ = 2; // in an unquoted field
const Q = 3; // in a quoted field
const QQ = 4; // just after a quote inside a quoted field (closing, or first of a doubled quote)
const AQ = 5; // after a closing quote, spaces/tabs/CR before the delimiter or newline
const CM = 6; // in a comment line

const NL = 10;
const CR = 13;

/** The dialect bytes the search needs. */
export interface RowStartDialect {
  readonly delimiterByte: number;
  readonly quoteByte: number;
  /** -1 when comments are off. */
  readonly commentByte: number;
}

/** Outcome of a search over one window. */
export type RowStartResult =
  | { readonly kind: 'found'; readonly offset: number }
  | { readonly kind: 'need-more' }
  | { readonly kind: 'malformed'; readonly offset: number }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly number[] };

interface Hypothesis {
  state: number;
  /** Absolute candidate row start, -1 until the first newline outside quotes. */
  boundary: number;
  /** Delimiters seen in the current row. */
  field: number;
  /** Content bytes of the current field, and whether the last was CR (blank-line detection). */
  len: number;
  cr: boolean;
  dead: boolean;
}

function isQuoteTrailer(c: number): boolean {
  return c === 32 || c === 9 || c === CR || c === 11 || c === 12;
}

/**
 * Search `window` — the file's bytes from absolute offset `base` = start − 1 — for the first row start
 * at or after `start`. `eof`: the window reaches the end of the file; `final`: the window is as long
 * as the lookahead allows (undecided readings without a candidate are then dropped).
 *
 * @example
 * const dialect = { delimiterByte: 44, quoteByte: 34, commentByte: -1 };
 * const text = 'a,b\n1,"x\ny"\n2,z\n';
 * // start = 9 is inside the quoted "x\ny": the row after it starts at 12 ('2,z')
 * searchRowStart(Buffer.from(text.slice(8)), 8, true, false, dialect, 2); // { kind: 'found', offset: 12 }
 */
export function searchRowStart(
  window: Uint8Array,
  base: number,
  eof: boolean,
  final: boolean,
  dialect: RowStartDialect,
  fieldCount: number,
): RowStartResult {
  const D = dialect.delimiterByte;
  const QB = dialect.quoteByte;
  const C = dialect.commentByte;
  const initial = C >= 0 ? [RS, FS, UQ, Q, QQ, AQ, CM] : [RS, FS, UQ, Q, QQ, AQ];
  let hyps: Hypothesis[] = initial.map((state) => ({
    state,
    boundary: -1,
    field: 0,
    len: 0,
    cr: false,
    dead: false,
  }));
  const n = window.length;
  let lastDeath = base;

  const endRow = (h: Hypothesis, i: number, comment: boolean): void => {
    if (h.boundary < 0) h.boundary = base + i + 1;
    else if (!comment) {
      const blank = h.field === 0 && (h.len === 0 || (h.len === 1 && h.cr));
      if (!blank && h.field + 1 !== fieldCount) h.dead = true;
    }
    h.state = RS;
    h.field = 0;
    h.len = 0;
    h.cr = false;
  };
  const nextField = (h: Hypothesis): void => {
    h.field++;
    h.len = 0;
    h.cr = false;
    h.state = FS;
  };

  let nextQuote = -1;
  for (let i = 0; i < n; i++) {
    const b = window[i];
    let event = false;
    for (const h of hyps) {
      switch (h.state) {
        case CM:
          if (b === NL) {
            endRow(h, i, true);
            event = true;
          }
          break;
        case RS:
        case FS:
          if (h.state === RS && b === C) h.state = CM;
          else if (b === QB) h.state = Q;
          else if (b === D) nextField(h);
          else if (b === NL) {
            endRow(h, i, false);
            event = true;
          } else {
            h.state = UQ;
            h.len = 1;
            h.cr = b === CR;
          }
          break;
        case UQ:
          if (b === D) nextField(h);
          else if (b === NL) {
            endRow(h, i, false);
            event = true;
          } else {
            h.len++;
            h.cr = b === CR;
          }
          break;
        case Q:
          if (b === QB) h.state = QQ;
          else {
            h.len++;
            h.cr = b === CR;
          }
          break;
        case QQ:
        case AQ:
          if (h.state === QQ && b === QB) {
            h.state = Q;
            h.len++;
            h.cr = false;
          } else if (b === D) nextField(h);
          else if (b === NL) {
            endRow(h, i, false);
            event = true;
          } else if (isQuoteTrailer(b)) h.state = AQ;
          else {
            h.dead = true;
            event = true;
          }
          break;
      }
    }
    if (!event) continue;
    if (hyps.some((h) => h.dead)) lastDeath = base + i;
    hyps = prune(hyps);
    if (hyps.length === 0) return { kind: 'malformed', offset: lastDeath };
    const agreed = agreement(hyps);
    if (agreed !== undefined) return { kind: 'found', offset: agreed };
    // Settled apart from readings stuck inside one quoted field: skip to the next quote byte.
    const pending = pendingOnlyInQuotes(hyps);
    if (pending !== undefined) {
      if (nextQuote <= i) nextQuote = window.indexOf(QB, i + 1);
      if (nextQuote < 0) {
        if (eof || final) return { kind: 'found', offset: pending };
        return { kind: 'need-more' };
      }
    }
  }
  if (eof) {
    for (const h of hyps) {
      if (h.state === Q) h.dead = true;
      else if (h.boundary < 0) h.boundary = base + n;
      else if (h.state !== RS && h.state !== CM) {
        const blank = h.field === 0 && (h.len === 0 || (h.len === 1 && h.cr));
        if (!blank && h.field + 1 !== fieldCount) h.dead = true;
      }
    }
    hyps = prune(hyps);
    if (hyps.length === 0) return { kind: 'malformed', offset: lastDeath };
    const agreed = agreement(hyps);
    if (agreed !== undefined) return { kind: 'found', offset: agreed };
    return { kind: 'ambiguous', candidates: candidates(hyps) };
  }
  if (!final) return { kind: 'need-more' };
  const placed = hyps.filter((h) => h.boundary >= 0);
  const agreed = placed.length > 0 ? agreement(placed) : undefined;
  if (agreed !== undefined) return { kind: 'found', offset: agreed };
  return { kind: 'ambiguous', candidates: candidates(hyps) };
}

/** Drop dead hypotheses and duplicates (same state and bookkeeping: same future). */
function prune(hyps: Hypothesis[]): Hypothesis[] {
  const seen = new Set<string>();
  const out: Hypothesis[] = [];
  for (const h of hyps) {
    if (h.dead) continue;
    const key = `${h.state},${h.boundary},${h.field},${h.len},${h.cr}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(h);
  }
  return out;
}

/** The common candidate when every hypothesis has one and they agree. */
function agreement(hyps: readonly Hypothesis[]): number | undefined {
  const b = hyps[0].boundary;
  if (b < 0) return undefined;
  for (const h of hyps) if (h.boundary !== b) return undefined;
  return b;
}

/** When the only disagreement comes from candidate-less readings inside quotes: the others' answer. */
function pendingOnlyInQuotes(hyps: readonly Hypothesis[]): number | undefined {
  let b = -1;
  for (const h of hyps) {
    if (h.boundary < 0) {
      if (h.state !== Q) return undefined;
    } else if (b < 0) b = h.boundary;
    else if (h.boundary !== b) return undefined;
  }
  return b < 0 ? undefined : b;
}

function candidates(hyps: readonly Hypothesis[]): number[] {
  return [...new Set(hyps.map((h) => h.boundary))].sort((a, b) => a - b);
}

/**
 * The exact row-start scan: the tokenizer's state carried from the data start (a row start), fed
 * window by window. It follows the engines' rules, including their recovery from a malformed quote
 * (the quote becomes content and the field runs on to the next closing quote), so its boundaries are
 * exactly where the engines' rows start.
 *
 * @example
 * const scanner = new ExactRowScanner({ delimiterByte: 44, quoteByte: 34, commentByte: -1 });
 * scanner.feed(Buffer.from('a,"x\ny"\nb,c\n'), 0, 3); // 9: the row after the quoted newline
 */
export class ExactRowScanner {
  private state = RS;

  constructor(private readonly dialect: RowStartDialect) {}

  /**
   * Feed `window` (file bytes from absolute offset `base`, following the bytes fed before); returns
   * the first row start ≥ `from` in it, or -1 (feed the next window; at the end of the file the answer
   * is the file size).
   */
  feed(window: Uint8Array, base: number, from: number): number {
    const D = this.dialect.delimiterByte;
    const QB = this.dialect.quoteByte;
    const C = this.dialect.commentByte;
    let state = this.state;
    const n = window.length;
    for (let i = 0; i < n; i++) {
      const b = window[i];
      switch (state) {
        case Q:
          if (b === QB) state = QQ;
          continue;
        case CM:
          if (b !== NL) continue;
          break;
        case RS:
        case FS:
          if (state === RS && b === C) {
            state = CM;
            continue;
          }
          if (b === QB) state = Q;
          else if (b === D) state = FS;
          else if (b !== NL) state = UQ;
          if (b !== NL) continue;
          break;
        case UQ:
          if (b === D) state = FS;
          if (b !== NL) continue;
          break;
        case QQ:
        case AQ:
          if (state === QQ && b === QB) state = Q;
          else if (b === D) state = FS;
          else if (isQuoteTrailer(b)) state = AQ;
          else if (b !== NL) state = Q; // malformed quote: content, as the engines read it
          if (b !== NL) continue;
          break;
      }
      // b is a newline outside quotes: a row start follows.
      state = RS;
      if (base + i + 1 >= from) {
        this.state = state;
        return base + i + 1;
      }
    }
    this.state = state;
    return -1;
  }
}
