/**
 * A filter pushed into the CSV scan (`df.filter(pred)` straight after `readCsv`): the part of the
 * predicate that compares numeric columns (int32, int64, float64) with numbers or with each other,
 * or tests a text column (string, category) for equality with strings (`eq`, `ne`, `isIn`),
 * combined with and / or / not / between, evaluated per row BEFORE the row's other columns are
 * converted. A row it rejects is still tokenized — its field count and quoting are checked as
 * always, and its predicate columns are converted (a bad value there is reported) — but its other
 * columns are never converted, which is most of the work when the filter keeps few rows. As with
 * column projection, a malformed value in a column the query never needs is then not reported.
 *
 * The prefilter is conservative: it rejects a row only when the whole predicate is certainly not
 * true for it. A predicate value that is null, NA, unparsable or outside the safe-integer range makes
 * the row pass to conversion, and the reader applies the full predicate (the filter kernel, with SQL
 * null semantics) to the table it assembles, so the answer is exactly that of reading and then
 * filtering. `and(a, b)` with only `a` in this subset is prefiltered on `a` alone (false and anything
 * is false); `or` and `not` need both sides in the subset.
 */

import type { ExprNode } from '../../../expr/ast.js';
import type { CsvColumn } from '../csv-schema.js';
import type { NaMatcher } from '../na-values.js';
import { parseFloatBytes, parseFloatString, parseIntBytes, parseIntString } from '../text-number.js';

/** Column dtypes the prefilter reads. */
const NUMERIC = new Set(['int32', 'int64', 'float64']);
/** Literal dtypes it compares with (none: a plain JS number). */
const NUMERIC_LIT = new Set([undefined, 'int32', 'int64', 'float64']);

const CMP: Record<string, string> = { eq: '===', ne: '!==', lt: '<', le: '<=', gt: '>', ge: '>=' };

/** Column dtypes whose values the prefilter compares as text. */
const TEXT = new Set(['string', 'category']);

/**
 * One value the prefilter reads: a numeric column's value (one slot per field), or whether a text
 * column's raw value is one of `values` (1 or 0; one slot per comparison).
 */
export type PrefilterSlot =
  | { readonly field: number; readonly dtype: 'int32' | 'int64' | 'float64' }
  | { readonly field: number; readonly dtype: 'text'; readonly values: readonly string[] };

/**
 * The compiled prefilter of one predicate over one schema.
 *
 * @example
 * const pre = Prefilter.create(col('x').gt(900).node, schema.columns, na); // null if nothing applies
 * pre?.testStrings(['1', 'a', '950.5']); // true: the row may pass
 */
export class Prefilter {
  /** The predicate as a JS boolean expression over `v0, v1, …` (the slots' values). */
  readonly code: string;
  private readonly test: (v: Float64Array) => boolean;
  private readonly values: Float64Array;
  /** The UTF-8 bytes of each text slot's values (empty for numeric slots). */
  readonly encoded: readonly (readonly Uint8Array[])[];

  private constructor(
    readonly slots: readonly PrefilterSlot[],
    code: string,
    private readonly na: NaMatcher,
  ) {
    this.code = code;
    const names = slots.map((_, i) => `v${i}`);
    const unpack = names.map((n, i) => `const ${n} = v[${i}];`).join(' ');
    this.test = new Function('v', `${unpack} return ${code};`) as (v: Float64Array) => boolean;
    this.values = new Float64Array(slots.length);
    const utf8 = new TextEncoder();
    this.encoded = slots.map((x) => (x.dtype === 'text' ? x.values.map((v) => utf8.encode(v)) : []));
  }

  /** The prefilter of `node` for a scan producing `columns`, or null when no part of it applies. */
  static create(node: ExprNode | undefined, columns: readonly CsvColumn[], na: NaMatcher): Prefilter | null {
    if (node === undefined) return null;
    const byName = new Map(columns.map((c) => [c.name, c]));
    const slots: PrefilterSlot[] = [];
    const slotOf = (c: CsvColumn): string => {
      let i = slots.findIndex((s) => s.field === c.index);
      if (i < 0) {
        i = slots.length;
        slots.push({ field: c.index, dtype: c.dtype as 'int32' | 'int64' | 'float64' });
      }
      return `v${i}`;
    };
    // `col(text) == 'a'`, `!= 'a'`, `isIn([...strings])`: a membership slot. A NA spelling is
    // compared as the raw text it is, which only refines an unknown (null) into a definite value;
    // Kleene logic is monotone, so a row the full predicate keeps is still kept.
    const textSlot = (n: ExprNode, values: readonly unknown[]): string | null => {
      if (n.op !== 'col') return null;
      const c = byName.get(n.name);
      if (c === undefined || !TEXT.has(c.dtype) || !values.every((v) => typeof v === 'string')) return null;
      slots.push({ field: c.index, dtype: 'text', values: values as string[] });
      return `v${slots.length - 1}`;
    };
    const textLiteral = (n: ExprNode): string | null =>
      n.op === 'lit' && typeof n.value === 'string' && n.dtype === undefined ? n.value : null;
    const operand = (n: ExprNode): string | null => {
      if (n.op === 'col') {
        const c = byName.get(n.name);
        return c !== undefined && NUMERIC.has(c.dtype) ? slotOf(c) : null;
      }
      if (n.op === 'lit' && typeof n.value === 'number' && NUMERIC_LIT.has(n.dtype))
        return numberCode(n.value);
      return null;
    };
    // `loose`: an `and` may keep just the side it can evaluate (false and anything is false). Not
    // under `not`, where dropping a side would make the negation reject too much.
    const compile = (n: ExprNode, loose = true): string | null => {
      switch (n.op) {
        case 'eq':
        case 'ne':
        case 'lt':
        case 'le':
        case 'gt':
        case 'ge': {
          const [a, b] = n.args;
          if ((n.op === 'eq' || n.op === 'ne') && (textLiteral(a) !== null || textLiteral(b) !== null)) {
            const [c, l] = textLiteral(b) !== null ? [a, textLiteral(b)!] : [b, textLiteral(a)!];
            const v = textSlot(c, [l]);
            return v === null ? null : `(${v} ${n.op === 'eq' ? '===' : '!=='} 1)`;
          }
          if (a.op !== 'col' && b.op !== 'col') return null;
          const x = operand(a);
          const y = operand(b);
          return x === null || y === null ? null : `(${x} ${CMP[n.op]} ${y})`;
        }
        case 'between': {
          const [a, lo, hi] = n.args;
          if (a.op !== 'col') return null;
          const x = operand(a);
          const l = operand(lo);
          const h = operand(hi);
          return x === null || l === null || h === null ? null : `(${x} >= ${l} && ${x} <= ${h})`;
        }
        case 'isIn': {
          const [a] = n.args;
          if (n.values.length === 0) return null;
          if (n.values.every((v) => typeof v === 'string')) {
            const v = textSlot(a, n.values);
            return v === null ? null : `(${v} === 1)`;
          }
          const x = a.op === 'col' ? operand(a) : null;
          if (x === null || !n.values.every((v) => typeof v === 'number')) return null;
          return `(${n.values.map((v) => `${x} === ${numberCode(v as number)}`).join(' || ')})`;
        }
        case 'and': {
          const a = compile(n.args[0], loose);
          const b = compile(n.args[1], loose);
          if (a === null || b === null) return loose ? (a ?? b) : null;
          return `(${a} && ${b})`;
        }
        case 'or': {
          const a = compile(n.args[0], loose);
          const b = compile(n.args[1], loose);
          return a === null || b === null ? null : `(${a} || ${b})`;
        }
        case 'not': {
          const a = compile(n.args[0], false);
          return a === null ? null : `!${a}`;
        }
        default:
          return null;
      }
    };
    const code = compile(node);
    return code === null || slots.length === 0 ? null : new Prefilter(slots, code, na);
  }

  /** The last slot's field: a row's prefilter can be decided once this field is read. */
  get lastField(): number {
    let m = -1;
    for (const s of this.slots) if (s.field > m) m = s.field;
    return m;
  }

  /** May the row of string fields `row` pass? (false only when the predicate is certainly not true) */
  testStrings(row: readonly string[]): boolean {
    const v = this.values;
    for (let i = 0; i < this.slots.length; i++) {
      const s = this.slots[i];
      const text = row[s.field];
      if (s.dtype === 'text') {
        v[i] = s.values.includes(text) ? 1 : 0;
        continue;
      }
      const x = s.dtype === 'float64' ? parseFloatString(text) : parseIntString(text);
      if (!this.plain(s, x)) return true;
      v[i] = x as number;
    }
    return this.test(v);
  }

  /**
   * May the row pass whose field f is `bytes[starts[f], ends[f])`? Fields with `escaped[f]` set (a
   * quoted value with doubled quotes) are left to conversion.
   */
  testBytes(bytes: Uint8Array, starts: Int32Array, ends: Int32Array, escaped: Uint8Array): boolean {
    const v = this.values;
    for (let i = 0; i < this.slots.length; i++) {
      const s = this.slots[i];
      const f = s.field;
      if (escaped[f] === 1) return true;
      if (s.dtype === 'text') {
        v[i] = this.isOneOf(i, bytes, starts[f], ends[f]) ? 1 : 0;
        continue;
      }
      const x =
        s.dtype === 'float64'
          ? parseFloatBytes(bytes, starts[f], ends[f])
          : parseIntBytes(bytes, starts[f], ends[f]);
      if (!this.plain(s, x)) return true;
      v[i] = x as number;
    }
    return this.test(v);
  }

  /** Is `bytes[start, end)` one of the values of text slot `i`? */
  isOneOf(i: number, bytes: Uint8Array, start: number, end: number): boolean {
    const encoded = this.encoded[i];
    const len = end - start;
    for (const e of encoded) {
      if (e.length !== len) continue;
      let j = 0;
      while (j < len && e[j] === bytes[start + j]) j++;
      if (j === len) return true;
    }
    return false;
  }

  /** Is `x` the value the column's converter would store (not NA, not bad, exact as a double)? */
  private plain(s: PrefilterSlot, x: number | undefined): boolean {
    if (x === undefined || Number.isNaN(x) || this.na.maybeNumericNa(x)) return false;
    if (s.dtype === 'int32') return (x | 0) === x;
    if (s.dtype === 'int64') return Number.isSafeInteger(x);
    return true;
  }
}

/** A number as JS source (NaN, ±Infinity and -0 included). */
function numberCode(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return 'Infinity';
  if (v === Number.NEGATIVE_INFINITY) return '-Infinity';
  return Object.is(v, -0) ? '-0' : `(${String(v)})`;
}
