/**
 * `hashJoin`: join two tables on key columns — inner, left, right or outer, like pandas `merge`.
 *
 * Both sides' keys are factorized through shared hash tables (equal keys get equal codes; int32 3 and
 * float64 3.0 match; plain and dictionary strings match), the build side's rows are bucketed by code
 * (counting sort), and the probe side emits one output row per match, in order — then every output
 * column is gathered once. Null keys never match (SQL; pandas would match NaN with NaN); unmatched rows
 * of the kept side(s) get nulls. Row order: inner/left follow the left table (matches in right order),
 * right follows the right table, outer is the left join followed by the unmatched right rows.
 * Columns: the left columns, then the right ones; a key with the same name on both sides appears once
 * (for right/outer joins it takes the right value where the left is missing); other names present on
 * both sides get `suffixes` (default ['_x', '_y']).
 * Reference: pandas `merge`; Arrow C++ hash join (build/probe on the right/left).
 */

import { defineTasks } from '@tusk/core';
import type { Data, Field, Table } from 'apache-arrow';
import { commonType, type DType, requireDType } from '../expr/dtype.js';
import { DTypeError, InvalidArgumentError } from '../expr/errors.js';
import { concatData } from './arrow/concat.js';
import { factorize, keyKind } from './arrow/factorize.js';
import { columnIndex, columnList, columnsOf, field, makeTable } from './arrow/table.js';
import { takeData } from './arrow/take.js';
import { castData } from './astype.js';

/** Join type. */
export type JoinHow = 'inner' | 'left' | 'right' | 'outer';

/** Options of hashJoin. */
export interface JoinOptions {
  /** Key columns with the same names on both sides. */
  readonly on?: string | readonly string[];
  /** Key columns of the left table (with `rightOn`). */
  readonly leftOn?: string | readonly string[];
  /** Key columns of the right table (with `leftOn`). */
  readonly rightOn?: string | readonly string[];
  /** Join type (default 'inner'). */
  readonly how?: JoinHow;
  /** Suffixes for other columns present on both sides (default ['_x', '_y']). */
  readonly suffixes?: readonly [string, string];
}

/** Matching pairs: for each probe row its build matches (bucketed by code), optionally keeping unmatched probe rows. */
function matchPairs(
  probe: Int32Array,
  build: Int32Array,
  count: number,
  keepUnmatched: boolean,
): [Int32Array, Int32Array] {
  const start = new Int32Array(count + 1);
  for (let j = 0; j < build.length; j++) if (build[j] >= 0) start[build[j] + 1]++;
  for (let c = 0; c < count; c++) start[c + 1] += start[c];
  const rows = new Int32Array(start[count]);
  const fill = start.slice(0, count);
  for (let j = 0; j < build.length; j++) if (build[j] >= 0) rows[fill[build[j]]++] = j;
  let total = 0;
  for (let i = 0; i < probe.length; i++) {
    const c = probe[i];
    const m = c >= 0 ? start[c + 1] - start[c] : 0;
    total += m > 0 ? m : keepUnmatched ? 1 : 0;
  }
  const pi = new Int32Array(total);
  const bi = new Int32Array(total);
  let p = 0;
  for (let i = 0; i < probe.length; i++) {
    const c = probe[i];
    const s = c >= 0 ? start[c] : 0;
    const e = c >= 0 ? start[c + 1] : 0;
    if (e > s) {
      for (let k = s; k < e; k++) {
        pi[p] = i;
        bi[p++] = rows[k];
      }
    } else if (keepUnmatched) {
      pi[p] = i;
      bi[p++] = -1;
    }
  }
  return [pi, bi];
}

function keysOf(options: JoinOptions, left: Table, right: Table): [string[], string[]] {
  if (options.on !== undefined) {
    if (options.leftOn !== undefined || options.rightOn !== undefined) {
      throw new InvalidArgumentError('hashJoin: give either on, or leftOn and rightOn, not both.');
    }
    return [
      columnList(left.schema, options.on, 'join (left)'),
      columnList(right.schema, options.on, 'join (right)'),
    ];
  }
  if (options.leftOn === undefined || options.rightOn === undefined) {
    throw new InvalidArgumentError('hashJoin needs on, or leftOn and rightOn.');
  }
  const l = columnList(left.schema, options.leftOn, 'join (left)');
  const r = columnList(right.schema, options.rightOn, 'join (right)');
  if (l.length !== r.length || l.length === 0) {
    throw new InvalidArgumentError(
      `hashJoin: leftOn and rightOn must name the same number (≥ 1) of columns.`,
    );
  }
  return [l, r];
}

/**
 * Join `left` and `right` on key columns.
 *
 * @example
 * hashJoin(orders, customers, { leftOn: 'customer_id', rightOn: 'id', how: 'left' });
 */
export function hashJoin(left: Table, right: Table, options: JoinOptions): Table {
  const how = options.how ?? 'inner';
  if (!['inner', 'left', 'right', 'outer'].includes(how)) {
    throw new InvalidArgumentError(`hashJoin: how must be inner, left, right or outer; got ${how}.`);
  }
  const [suffixL, suffixR] = options.suffixes ?? ['_x', '_y'];
  const [lk, rk] = keysOf(options, left, right);
  const lcols = columnsOf(left);
  const rcols = columnsOf(right);
  const li = lk.map((k) => columnIndex(left.schema, k));
  const ri = rk.map((k) => columnIndex(right.schema, k));
  const ldt = li.map((i, k) => requireDType(left.schema.fields[i].type, lk[k]));
  const rdt = ri.map((i, k) => requireDType(right.schema.fields[i].type, rk[k]));
  const kinds = lk.map((name, k) => {
    const a = keyKind(ldt[k], name);
    const b = keyKind(rdt[k], rk[k]);
    if (a !== b) {
      throw new DTypeError(
        `hashJoin: key '${name}' (${ldt[k]}) cannot be joined with '${rk[k]}' (${rdt[k]}); cast one side first.`,
        name,
      );
    }
    return a;
  });
  const {
    codes: [lc, rc],
    count,
  } = factorize([li.map((i) => lcols[i]), ri.map((i) => rcols[i])], kinds, 'drop');

  let lIdx: Int32Array;
  let rIdx: Int32Array;
  if (how === 'right') [rIdx, lIdx] = matchPairs(rc, lc, count, true);
  else [lIdx, rIdx] = matchPairs(lc, rc, count, how !== 'inner');
  if (how === 'outer') {
    const seen = new Uint8Array(count);
    for (let i = 0; i < lc.length; i++) if (lc[i] >= 0) seen[lc[i]] = 1;
    const extra: number[] = [];
    for (let j = 0; j < rc.length; j++) if (rc[j] < 0 || !seen[rc[j]]) extra.push(j);
    if (extra.length) {
      const l2 = new Int32Array(lIdx.length + extra.length);
      const r2 = new Int32Array(lIdx.length + extra.length);
      l2.set(lIdx);
      r2.set(rIdx);
      l2.fill(-1, lIdx.length);
      r2.set(extra, rIdx.length);
      lIdx = l2;
      rIdx = r2;
    }
  }

  // columns: left (coalescing same-name keys), then right without the coalesced keys
  const coalesced = new Map<number, number>(); // left column index -> right column index
  lk.forEach((name, k) => {
    if (name === rk[k]) coalesced.set(li[k], ri[k]);
  });
  const droppedRight = new Set(coalesced.values());
  const leftNames = left.schema.fields.map((f) => f.name);
  const rightFields = right.schema.fields.filter((_, j) => !droppedRight.has(j));
  const rightNames = new Set(rightFields.map((f) => f.name));
  const leftKeep = new Set(leftNames.filter((n, i) => coalesced.has(i) || !rightNames.has(n)));
  const fields: Field[] = [];
  const data: Data[] = [];
  left.schema.fields.forEach((f, i) => {
    let d: Data;
    const rj = coalesced.get(i);
    if (rj !== undefined && (how === 'right' || how === 'outer'))
      d = coalesce(lcols[i], rcols[rj], lIdx, rIdx, f.name);
    else d = takeData(lcols[i], lIdx);
    const name = leftKeep.has(f.name) ? f.name : f.name + suffixL;
    fields.push(field(name, d.type));
    data.push(d);
  });
  right.schema.fields.forEach((f, j) => {
    if (droppedRight.has(j)) return;
    const d = takeData(rcols[j], rIdx);
    const name = leftNames.includes(f.name) ? f.name + suffixR : f.name;
    fields.push(field(name, d.type));
    data.push(d);
  });
  const names = fields.map((f) => f.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) {
    throw new InvalidArgumentError(
      `hashJoin: the result would have two columns named '${dup}'; choose other suffixes.`,
    );
  }
  return makeTable(fields, data);
}

/** A key column taking the left value where the left row exists, else the right value. */
function coalesce(l: Data, r: Data, lIdx: Int32Array, rIdx: Int32Array, name: string): Data {
  const ld = requireDType(l.type, name);
  const rd = requireDType(r.type, name);
  let target: DType = ld;
  if (ld !== rd) target = commonType(ld, rd) ?? ld;
  const both = concatData([castData(l, target), castData(r, target)]);
  const n = lIdx.length;
  const idx = new Int32Array(n);
  const nl = l.length;
  for (let i = 0; i < n; i++) idx[i] = lIdx[i] >= 0 ? lIdx[i] : rIdx[i] >= 0 ? nl + rIdx[i] : -1;
  return takeData(both, idx);
}

defineTasks(import.meta.url, { hashJoin });
