/**
 * Three-valued logic (SQL / Kleene): `and` is false if either side is false, null if either is null,
 * else true; `or` is true if either side is true, null if either is null, else false; `not` keeps null.
 * A filter keeps only rows that are true (null counts as false).
 */

import type { BoolVal, Mask, Val } from '../values.js';

function asBool(v: Val, n: number): BoolVal {
  if (v.k === 'bool') return v;
  if (v.k === 'scalar') {
    if (v.value === null) return { k: 'bool', v: new Uint8Array(n), valid: new Uint8Array(n) };
    return { k: 'bool', v: new Uint8Array(n).fill(v.value ? 1 : 0), valid: null };
  }
  throw new TypeError(`internal: expected a boolean value, got ${v.k}`);
}

/**
 * Kleene AND / OR of two boolean values.
 *
 * @example
 * logic('and', boolVal, { k: 'scalar', dtype: 'bool', value: true }, n);
 */
export function logic(op: 'and' | 'or', a: Val, b: Val, n: number): Val {
  if (a.k === 'scalar' && b.k === 'scalar') {
    const x = a.value as boolean | null;
    const y = b.value as boolean | null;
    const value =
      op === 'and'
        ? x === false || y === false
          ? false
          : x === null || y === null
            ? null
            : true
        : x === true || y === true
          ? true
          : x === null || y === null
            ? null
            : false;
    return { k: 'scalar', dtype: 'bool', value };
  }
  // a literal on one side: short-cut
  if (a.k === 'scalar') return logic(op, b, a, n);
  if (b.k === 'scalar') {
    const s = b.value;
    if (op === 'and' && s === true) return a;
    if (op === 'or' && s === false) return a;
    if (op === 'and' && s === false) return { k: 'bool', v: new Uint8Array(n), valid: null };
    if (op === 'or' && s === true) return { k: 'bool', v: new Uint8Array(n).fill(1), valid: null };
  }
  const x = asBool(a, n);
  const y = asBool(b, n);
  const out = new Uint8Array(n);
  const xv = x.v;
  const yv = y.v;
  if (x.valid === null && y.valid === null) {
    if (op === 'and') for (let i = 0; i < n; i++) out[i] = xv[i] & yv[i];
    else for (let i = 0; i < n; i++) out[i] = xv[i] | yv[i];
    return { k: 'bool', v: out, valid: null };
  }
  const valid = new Uint8Array(n);
  const xm = x.valid;
  const ym = y.valid;
  for (let i = 0; i < n; i++) {
    const xk = xm === null ? 1 : xm[i];
    const yk = ym === null ? 1 : ym[i];
    const p = xv[i] & xk; // known true
    const q = yv[i] & yk;
    if (op === 'and') {
      const f = (xk & (1 - xv[i])) | (yk & (1 - yv[i])); // known false on either side
      out[i] = p & q;
      valid[i] = f | (xk & yk);
    } else {
      out[i] = p | q;
      valid[i] = p | q | (xk & yk);
    }
  }
  return { k: 'bool', v: out, valid };
}

/**
 * Logical NOT (null stays null).
 *
 * @example
 * not(boolVal, n);
 */
export function not(a: Val, n: number): Val {
  if (a.k === 'scalar') return { k: 'scalar', dtype: 'bool', value: a.value === null ? null : !a.value };
  const x = asBool(a, n);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = 1 - x.v[i];
  return { k: 'bool', v: out, valid: x.valid };
}

/**
 * True where `a` is null (`negate`: where it is not). Never null.
 *
 * @example
 * isNull(val, false, n);
 */
export function isNull(a: Val, negate: boolean, n: number): Val {
  if (a.k === 'scalar') return { k: 'scalar', dtype: 'bool', value: (a.value === null) !== negate };
  const m: Mask = a.valid;
  const out = new Uint8Array(n);
  if (m === null) {
    if (negate) out.fill(1);
  } else if (negate) out.set(m);
  else for (let i = 0; i < n; i++) out[i] = 1 - m[i];
  return { k: 'bool', v: out, valid: null };
}
