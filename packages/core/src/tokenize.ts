/**
 * tokenize: a deterministic hash of JavaScript values, used to build keys.
 *
 * Values are normalised into a tagged byte stream and hashed with MD5 (128 bits, as Dask does; not a
 * security boundary). Every value is tagged with its type, so `1`, `'1'`, `1n`, `[1]` and `{0: 1}` all
 * differ. Rules:
 *   - primitives by value (`-0` and `0` differ, every NaN is the same);
 *   - arrays in order; plain objects by sorted keys (key order does not matter);
 *   - typed arrays and DataView/ArrayBuffer by type, shape and content bytes;
 *   - Date by time; RegExp by source and flags; Map and Set by sorted entries (order does not matter);
 *   - objects that implement `[TOKENIZE]()` (Delayed values, collections, Ref) by what it returns;
 *   - functions: a portable reference (module URL + export) by that reference; any other function or
 *     class instance by identity — the same object always gives the same token within a process, but
 *     a different object never shares it;
 *   - cycles are encoded as back-references, so cyclic structures hash without recursing forever.
 */

import { createHash, randomBytes } from 'node:crypto';
import { registeredRef } from './function-ref.js';

/** Objects may define how they tokenize by implementing this method (return any tokenizable value). */
export const TOKENIZE: unique symbol = Symbol.for('tusk.tokenize') as any;

const identities = new WeakMap<object, number>();
let nextIdentity = 0;
const processSalt = `${process.pid}.${Date.now()}.${Math.random()}`;

function identityOf(o: object): number {
  let id = identities.get(o);
  if (id === undefined) {
    id = ++nextIdentity;
    identities.set(o, id);
  }
  return id;
}

class Normalizer {
  private readonly parts: (string | Uint8Array)[] = [];
  private text = '';

  /** `stack`: the objects being normalised around this value (shared by Map/Set entries, for cycles). */
  constructor(private readonly stack: object[] = []) {}

  push(s: string): void {
    this.text += s;
    if (this.text.length > 1 << 16) this.flush();
  }

  bytes(b: Uint8Array): void {
    this.flush();
    this.parts.push(b);
  }

  flush(): void {
    if (this.text.length > 0) {
      this.parts.push(this.text);
      this.text = '';
    }
  }

  digest(): string {
    this.flush();
    const h = createHash('md5');
    // UTF-16 code units, not UTF-8: lone surrogates would all encode as U+FFFD and collide.
    for (const p of this.parts) {
      if (typeof p === 'string') h.update(p, 'utf16le');
      else h.update(p);
    }
    return h.digest('hex');
  }

  value(v: unknown): void {
    switch (typeof v) {
      case 'number':
        this.push(Object.is(v, -0) ? 'n-0;' : `n${v};`);
        return;
      case 'string':
        this.push(`s${v.length}:`);
        this.push(v);
        return;
      case 'boolean':
        this.push(v ? 'T' : 'F');
        return;
      case 'undefined':
        this.push('U');
        return;
      case 'bigint':
        this.push(`b${v};`);
        return;
      case 'symbol':
        this.push(`y${Symbol.keyFor(v) ?? `@${String(v)}`};`);
        return;
      case 'function':
        this.func(v);
        return;
      default:
        if (v === null) {
          this.push('N');
          return;
        }
        this.object(v as object);
    }
  }

  /** The token of an entry of a Map or Set (sorted by token, so order does not matter). */
  private token(v: unknown): string {
    const n = new Normalizer(this.stack);
    n.value(v);
    return n.digest();
  }

  private func(f: Function): void {
    const portable = registeredRef(f);
    if (portable?.module) {
      this.push(`f${portable.module}#${portable.exportName};`);
    } else {
      this.push(`f@${processSalt}#${identityOf(f)}:${f.name};`);
    }
  }

  private object(o: object): void {
    const depth = this.stack.indexOf(o);
    if (depth >= 0) {
      this.push(`^${this.stack.length - depth};`);
      return;
    }
    this.stack.push(o);
    try {
      this.objectBody(o);
    } finally {
      this.stack.pop();
    }
  }

  private objectBody(o: object): void {
    const custom = (o as any)[TOKENIZE];
    if (typeof custom === 'function') {
      this.push('C(');
      this.value(custom.call(o));
      this.push(')');
      return;
    }
    if (Array.isArray(o)) {
      this.push(`A${o.length}[`);
      for (let i = 0; i < o.length; i++) this.value(o[i]);
      this.push(']');
      return;
    }
    if (ArrayBuffer.isView(o)) {
      this.push(`V${o.constructor.name}:${o.byteLength}:`);
      this.bytes(new Uint8Array(o.buffer, o.byteOffset, o.byteLength));
      return;
    }
    if (
      o instanceof ArrayBuffer ||
      (typeof SharedArrayBuffer !== 'undefined' && o instanceof SharedArrayBuffer)
    ) {
      this.push(`B${o.byteLength}:`);
      this.bytes(new Uint8Array(o));
      return;
    }
    if (o instanceof Date) {
      this.push(`D${o.getTime()};`);
      return;
    }
    if (o instanceof RegExp) {
      this.push(`R${o.source.length}:${o.source}/${o.flags};`);
      return;
    }
    if (o instanceof Map) {
      this.push(`M${o.size}{`);
      for (const [kt, vt] of sortedPairs([...o].map(([k, v]) => [this.token(k), this.token(v)])))
        this.push(`${kt}=${vt},`);
      this.push('}');
      return;
    }
    if (o instanceof Set) {
      this.push(`S${o.size}{`);
      for (const t of [...o].map((v) => this.token(v)).sort()) this.push(`${t},`);
      this.push('}');
      return;
    }
    const proto = Object.getPrototypeOf(o);
    if (proto === Object.prototype || proto === null) {
      const keys = Object.keys(o).sort();
      this.push(`O${keys.length}{`);
      for (const k of keys) {
        this.push(`${k.length}:${k}=`);
        this.value((o as Record<string, unknown>)[k]);
      }
      this.push('}');
      return;
    }
    // A class instance we know nothing about: identity, never a guess at its private state.
    this.push(`I@${processSalt}#${identityOf(o)}:${proto?.constructor?.name ?? '?'};`);
  }
}

function sortedPairs(pairs: string[][]): string[][] {
  return pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
}

/**
 * A deterministic 32-hex-digit token of the given values.
 *
 * @example
 * tokenize({ a: 1, b: [2, 3] }) === tokenize({ b: [2, 3], a: 1 }); // true
 */
export function tokenize(...values: unknown[]): string {
  const n = new Normalizer();
  if (values.length === 1) n.value(values[0]);
  else {
    // Several arguments are tagged apart from one array argument: tokenize(a, b) !== tokenize([a, b]).
    n.push('*');
    n.value(values);
  }
  return n.digest();
}

const uniquePrefix = randomBytes(10).toString('hex');
let uniqueCounter = 0;

/**
 * A fresh token, for impure calls: a random per-process prefix (80 bits) and a counter, so it is
 * different on every call and in every process, at a fraction of the cost of a UUID.
 */
export function uniqueToken(): string {
  return uniquePrefix + (uniqueCounter++).toString(16).padStart(12, '0');
}
