/**
 * The elementwise kernel: runs an expression (kernels/expr.ts) over input blocks with NumPy
 * broadcasting. The expression is compiled once per (expression, input dtypes, input kinds) into a
 * single JS loop (`new Function` over generated source built only from the expression's plain data),
 * so `(a + b) * 2` reads each input once and writes one output, with no temporaries. Each integer
 * intermediate is wrapped to its dtype (`| 0`, `& 255`, …) as a typed array would store it, so fused
 * and unfused chains give identical results. Inputs whose block is not the output's shape and not a
 * single element are first broadcast to it (a copy). A leaf marked transposed (`t`, set when fusion
 * folds a 2-D transpose into its reader) is read with swapped indices in a tiled loop, so `x + x.T`
 * needs no transposed copy.
 */

import { defineTasks } from '@tusk/core';
import { type Block, sizeOf, stridesOf } from '../block.js';
import { allocate, allocateOutput, type DType, type TypedArray } from '../dtype.js';
import { type Expr, substituteInputs } from './expr.js';
import { transposeBlock } from './structure.js';

/** Helpers the generated code calls. */
const H = {
  /** NumPy's remainder: the sign of the divisor. */
  mod(x: number, y: number): number {
    const r = x % y;
    return r !== 0 && r < 0 !== y < 0 ? r + y : r;
  },
  /** Round half to even at `d` decimals (NumPy's round). */
  round(x: number, d: number): number {
    if (!Number.isFinite(x)) return x;
    const f = d === 0 ? 1 : 10 ** d;
    const y = d === 0 ? x : x * f;
    const r = Math.round(y);
    const out = Math.abs(y % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
    return d === 0 ? out : out / f;
  },
};

function wrap(e: string, dtype: DType): string {
  switch (dtype) {
    case 'int32':
      return `((${e}) | 0)`;
    case 'int16':
      return `((${e}) << 16 >> 16)`;
    case 'int8':
      return `((${e}) << 24 >> 24)`;
    case 'uint8':
      return `((${e}) & 255)`;
    case 'uint16':
      return `((${e}) & 65535)`;
    case 'uint32':
      return `((${e}) >>> 0)`;
    case 'float32':
      return `Math.fround(${e})`;
    case 'bool':
      return `((${e}) !== 0 ? 1 : 0)`;
    default:
      return `(${e})`;
  }
}

const COMPARE: Record<string, string> = { eq: '===', ne: '!==', lt: '<', le: '<=', gt: '>', ge: '>=' };

function source(e: Expr, leaf: (i: number, t: boolean) => string): string {
  if (e.k === 'in') return leaf(e.i, e.t === true);
  if (e.k === 'const') return Number.isNaN(e.v) ? 'NaN' : Object.is(e.v, -0) ? '-0' : `(${e.v})`;
  const a = e.args.map((x) => source(x, leaf));
  const [x, y, z] = a;
  const d = e.dtype;
  const int32ish = d === 'int32' || d === 'uint32';
  switch (e.op) {
    case 'add':
      return wrap(`${x} + ${y}`, d);
    case 'sub':
      return wrap(`${x} - ${y}`, d);
    case 'mul':
      return wrap(int32ish ? `Math.imul(${x}, ${y})` : `${x} * ${y}`, d);
    case 'div':
      return wrap(`${x} / ${y}`, d);
    case 'pow':
      return wrap(`Math.pow(${x}, ${y})`, d);
    case 'mod':
      return wrap(`H.mod(${x}, ${y})`, d);
    case 'maximum':
      return wrap(`Math.max(${x}, ${y})`, d);
    case 'minimum':
      return wrap(`Math.min(${x}, ${y})`, d);
    case 'eq':
    case 'ne':
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
      return `(${x} ${COMPARE[e.op]} ${y} ? 1 : 0)`;
    case 'and':
      return `(${x} !== 0 && ${y} !== 0 ? 1 : 0)`;
    case 'or':
      return `(${x} !== 0 || ${y} !== 0 ? 1 : 0)`;
    case 'not':
      return `(${x} === 0 ? 1 : 0)`;
    case 'neg':
      return wrap(`-${x}`, d);
    case 'abs':
      return wrap(`Math.abs(${x})`, d);
    case 'sqrt':
    case 'exp':
    case 'log':
    case 'sin':
    case 'cos':
    case 'tan':
    case 'tanh':
    case 'floor':
    case 'ceil':
      return wrap(`Math.${e.op}(${x})`, d);
    case 'round':
      return wrap(`H.round(${x}, ${e.p ?? 0})`, d);
    case 'cast':
      return wrap(x, d);
    case 'where':
      return `(${x} !== 0 ? ${y} : ${z})`;
    case 'clip':
      return wrap(`Math.min(Math.max(${x}, ${y}), ${z})`, d);
  }
}

type Compiled = (h: typeof H, ins: readonly TypedArray[], out: TypedArray, n: number, cols: number) => void;
const cache = new Map<string, Compiled>();
const TILE = 64;

/**
 * One loop over the output. Without transposed inputs it is flat; with them it walks TILE × TILE
 * tiles of the (rows × cols) output, four rows at a time, so a transposed input is read a cache-sized
 * tile at a time and each of its cache lines serves four outputs.
 */
function compile(expr: Expr, scalar: readonly boolean[], tiled: boolean): Compiled {
  const id = `${JSON.stringify(expr)}|${scalar.map((s) => (s ? 's' : 'a')).join('')}|${tiled}`;
  let fn = cache.get(id);
  if (fn) return fn;
  const decl = scalar
    .map((s, i) => (s ? `const s${i} = ins[${i}][0];` : `const a${i} = ins[${i}];`))
    .join('\n');
  let loop: string;
  if (!tiled) {
    const body = source(expr, (i) => (scalar[i] ? `s${i}` : `a${i}[j]`));
    loop = `for (let j = 0; j < n; j++) out[j] = ${body};`;
  } else {
    const body = source(expr, (i, t) => (scalar[i] ? `s${i}` : t ? `a${i}[c * rows + r]` : `a${i}[o]`));
    // Four rows at a time: the four transposed reads of a column are neighbours (one cache line).
    const row = (k: number) =>
      `out[q${k} + c] = ${source(expr, (i, t) => (scalar[i] ? `s${i}` : t ? `a${i}[b + ${k}]` : `a${i}[q${k} + c]`))};`;
    loop = `const rows = n / cols;
for (let r0 = 0; r0 < rows; r0 += ${TILE}) {
  const r1 = Math.min(rows, r0 + ${TILE});
  for (let c0 = 0; c0 < cols; c0 += ${TILE}) {
    const c1 = Math.min(cols, c0 + ${TILE});
    let r = r0;
    for (; r + 3 < r1; r += 4) {
      const q0 = r * cols, q1 = q0 + cols, q2 = q1 + cols, q3 = q2 + cols;
      for (let c = c0; c < c1; c++) {
        const b = c * rows + r;
        ${row(0)}
        ${row(1)}
        ${row(2)}
        ${row(3)}
      }
    }
    for (; r < r1; r++) {
      const ro = r * cols;
      for (let c = c0; c < c1; c++) { const o = ro + c; out[o] = ${body}; }
    }
  }
}`;
  }
  fn = new Function('H', 'ins', 'out', 'n', 'cols', `${decl}\n${loop}`) as Compiled;
  if (cache.size > 512) cache.clear();
  cache.set(id, fn);
  return fn;
}

/** How each input is read: 1 directly, 2 transposed, 3 both. */
function usage(e: Expr, out: number[]): number[] {
  if (e.k === 'in') out[e.i] |= e.t ? 2 : 1;
  else if (e.k === 'op') for (const a of e.args) usage(a, out);
  return out;
}

/** The same expression reading materialised transposes instead of transposed inputs. */
function withoutTransposes(expr: Expr, blocks: readonly Block[]): { expr: Expr; blocks: Block[] } {
  const extra = new Map<number, number>();
  const all = [...blocks];
  const e = substituteInputs(expr, (i, t) => {
    if (!t) return { k: 'in', i };
    let j = extra.get(i);
    if (j === undefined) {
      j = all.push(transposeBlock(blocks[i], [1, 0])) - 1;
      extra.set(i, j);
    }
    return { k: 'in', i: j };
  });
  return { expr: e, blocks: all };
}

/** The NumPy broadcast of block shapes (assumed compatible: the graph checked them). */
function broadcastShape(shapes: readonly (readonly number[])[]): number[] {
  const nd = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(nd).fill(1);
  for (const s of shapes) {
    for (let a = 0; a < s.length; a++) {
      const o = nd - s.length + a;
      if (s[a] !== 1) out[o] = s[a];
    }
  }
  return out;
}

/** `b` broadcast to `shape` (a copy). */
export function broadcastBlock(b: Block, shape: readonly number[]): Block {
  const nd = shape.length;
  const src = new Array<number>(nd).fill(1);
  for (let a = 0; a < b.shape.length; a++) src[nd - b.shape.length + a] = b.shape[a];
  const ss = stridesOf(src);
  for (let a = 0; a < nd; a++) if (src[a] === 1) ss[a] = 0;
  const n = sizeOf(shape);
  const out = allocate(b.dtype, n);
  const idx = new Array<number>(nd).fill(0);
  const last = nd - 1;
  const inner = nd === 0 ? 1 : shape[last];
  const innerStride = nd === 0 ? 0 : ss[last];
  for (let o = 0; o < n; o += inner) {
    let so = 0;
    for (let a = 0; a < last; a++) so += idx[a] * ss[a];
    for (let i = 0; i < inner; i++) out[o + i] = b.data[so + i * innerStride];
    for (let a = last - 1; a >= 0; a--) {
      if (++idx[a] < shape[a]) break;
      idx[a] = 0;
    }
  }
  return { shape: [...shape], dtype: b.dtype, data: out };
}

/**
 * Evaluate `expr` over `blocks` (input i is `blocks[i]`), broadcasting them against each other.
 *
 * @example
 * const e = { k: 'op', op: 'add', dtype: 'float64', args: [{ k: 'in', i: 0 }, { k: 'const', v: 1 }] };
 * elementwise(e, { shape: [2], dtype: 'float64', data: Float64Array.of(1, 2) }).data; // [2, 3]
 */
export function elementwise(expr: Expr, ...blocks: Block[]): Block {
  const use = usage(expr, new Array<number>(blocks.length).fill(0));
  const transposed = use.some((u) => u >= 2);
  const logical = blocks.map((b, i) => (use[i] === 2 ? [...b.shape].reverse() : b.shape));
  const shape = broadcastShape(logical);
  const n = sizeOf(shape);
  if (transposed) {
    // The tiled loop reads every non-scalar input at the output's 2-D shape; anything else reads
    // materialised transposes through the general path.
    const fits =
      shape.length === 2 &&
      blocks.every(
        (b, i) =>
          b.data.length === 1 ||
          (b.shape.length === 2 &&
            logical[i][0] === shape[0] &&
            logical[i][1] === shape[1] &&
            (use[i] !== 3 || shape[0] === shape[1])),
      );
    if (!fits) {
      const plain = withoutTransposes(expr, blocks);
      return elementwise(plain.expr, ...plain.blocks);
    }
  }
  const dtype = expr.k === 'op' ? expr.dtype : blocks[0].dtype;
  const out = allocateOutput(dtype, n);
  if (n === 0) return { shape, dtype, data: out };
  const scalar: boolean[] = [];
  const ins: TypedArray[] = [];
  for (const b of blocks) {
    const size = b.data.length;
    if (size === 1 && n !== 1) {
      scalar.push(true);
      ins.push(b.data);
    } else if (transposed || (size === n && b.shape.length <= shape.length && sameTail(b.shape, shape))) {
      scalar.push(false);
      ins.push(b.data);
    } else if (size === 1) {
      scalar.push(true);
      ins.push(b.data);
    } else {
      scalar.push(false);
      ins.push(broadcastBlock(b, shape).data);
    }
  }
  compile(expr, scalar, transposed)(H, ins, out, n, transposed ? shape[1] : 1);
  return { shape, dtype, data: out };
}

function sameTail(s: readonly number[], shape: readonly number[]): boolean {
  const off = shape.length - s.length;
  for (let a = 0; a < s.length; a++) if (s[a] !== shape[off + a]) return false;
  return true;
}

defineTasks(import.meta.url, { elementwise });
