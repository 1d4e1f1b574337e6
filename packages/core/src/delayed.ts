/**
 * delayed: lazy function calls.
 *
 * `delayed(fn)` wraps a function; calling the wrapper records a task instead of running it and
 * returns a `Delayed`. Arguments may be Delayed values (or other collections), also nested inside
 * plain arrays and objects; they become the task's dependencies. `delayed(value)` wraps a value.
 *
 * Keys: calls are impure by default (as in Dask): each call gets a unique key, so calling twice runs
 * twice. With `pure: true` the key is a token of the function reference and the arguments, so
 * identical calls share one key and run once.
 *
 * Workers: a closure runs only under the synchronous scheduler. Pass `module: import.meta.url` (the
 * function must be a named export of that module) or register the module's functions with
 * `defineTasks`, and the task can run on threads and processes too.
 */

import { COLLECTION, isCollection, type KeyTree, type TuskCollection } from './collection.js';
import { type ComputeOptions, compute, persist } from './compute.js';
import { type DotOptions, toDot } from './dot/to-dot.js';
import { type VisualizeOptions, visualize } from './dot/visualize.js';
import { TuskError } from './errors.js';
import { type FunctionRef, functionRef } from './function-ref.js';
import { Layer } from './graph/layer.js';
import { getitem, identity } from './kernels.js';
import { type Key, makeKey } from './key.js';
import { dataNode, isPlainContainer, Ref, task } from './task.js';
import { TOKENIZE, tokenize, uniqueToken } from './tokenize.js';

/** A value that may be given lazily: the value itself, a Delayed of it, or (for arrays and plain objects) a structure of either. */
export type MaybeDelayed<T> =
  | T
  | Delayed<T>
  | (T extends readonly unknown[]
      ? { [K in keyof T]: MaybeDelayed<T[K]> }
      : T extends (...a: any[]) => any
        ? never
        : T extends object
          ? { [K in keyof T]: MaybeDelayed<T[K]> }
          : never);

export interface DelayedOptions {
  /** Key prefix (default: the function's name). */
  name?: string;
  /** Same arguments → same key → computed once (default false: every call is a new task). */
  pure?: boolean;
  /** The call returns an array of this many items; the Delayed can then be destructured. */
  nout?: number;
  /** URL of the module that exports the function (usually `import.meta.url`): lets it run on workers. */
  module?: string | URL;
  /** The export's name in `module` (default: the function's name). */
  exportName?: string;
}

export class Delayed<T = unknown> implements TuskCollection<T> {
  readonly [COLLECTION] = true as const;

  constructor(
    /** The key of this value's task. */
    readonly key: Key,
    private readonly layer: Layer,
    /** Number of items, when the value is an array of known length. */
    readonly nout?: number,
  ) {}

  __tusk_layer(): Layer {
    return this.layer;
  }
  __tusk_keys(): KeyTree {
    return this.key;
  }
  __tusk_finalize(values: unknown): T {
    return values as T;
  }
  __tusk_rebuild(layer: Layer): Delayed<T> {
    return new Delayed<T>(this.key, layer, this.nout);
  }
  [TOKENIZE](): unknown {
    return ['delayed', this.key];
  }

  /**
   * Compute this value.
   *
   * @example
   * const inc = delayed((x: number) => x + 1);
   * await inc(1).compute(); // 2
   */
  async compute(options: ComputeOptions = {}): Promise<T> {
    const [v] = await compute(this, options);
    return v as T;
  }

  /** Compute and return a Delayed whose graph holds the result. */
  async persist(options: ComputeOptions = {}): Promise<Delayed<T>> {
    const [p] = await persist(this, options);
    return p as Delayed<T>;
  }

  /** Graphviz DOT text of this value's graph. */
  toDot(options?: DotOptions): string {
    return toDot(this, options);
  }

  /** Write the graph to `file` (`.dot` or `.svg`). */
  visualize(file: string, options?: VisualizeOptions): Promise<string> {
    return visualize(this, file, options);
  }

  /** A Delayed of `value[field]`. */
  get<K extends keyof T & (string | number)>(field: K): Delayed<T[K]> {
    return call(getitemRef, [this, field], { pure: true, name: 'getitem' }) as Delayed<T[K]>;
  }

  /** A Delayed of `value[index]` (negative indices count from the end). */
  at(index: number): Delayed<T extends readonly (infer E)[] ? E : unknown> {
    return call(getitemRef, [this, index], { pure: true, name: 'getitem' }) as Delayed<any>;
  }

  /** Destructuring: `const [a, b] = delayed(f, { nout: 2 })(x)`. */
  *[Symbol.iterator](): Iterator<Delayed<T extends readonly (infer E)[] ? E : unknown>> {
    if (this.nout === undefined) {
      throw new TuskError(
        `Delayed '${this.key}' has no known length, so it cannot be destructured or iterated. ` +
          'Pass { nout: N } to delayed() when the function returns N items, or use .at(i).',
      );
    }
    for (let i = 0; i < this.nout; i++) yield this.at(i);
  }

  toString(): string {
    return `Delayed('${this.key}')`;
  }
}

const getitemRef = functionRef(getitem);
const identityRef = functionRef(identity);

/** Replace Delayed values (and collections) inside args by Refs; collect the layers they live in. */
function unpack(v: unknown, layers: Layer[]): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (v instanceof Delayed) {
    layers.push(v.__tusk_layer());
    return new Ref(v.key);
  }
  if (isCollection(v)) {
    const d = v.__tusk_toDelayed?.();
    if (!d) {
      throw new TuskError(
        `A ${v.constructor?.name ?? 'collection'} cannot be passed to a delayed function: it has no __tusk_toDelayed.`,
      );
    }
    layers.push(d.__tusk_layer());
    return new Ref(d.key);
  }
  if (!isPlainContainer(v)) return v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      const y = unpack(x, layers);
      if (y !== x && out === undefined) out = v.slice(0, i);
      if (out !== undefined) out.push(y);
    }
    return out ?? v;
  }
  let out: Record<string, unknown> | undefined;
  for (const k in v) {
    const x = (v as Record<string, unknown>)[k];
    const y = unpack(x, layers);
    if (y !== x && out === undefined) out = { ...(v as Record<string, unknown>) };
    if (out !== undefined) out[k] = y;
  }
  return out ?? v;
}

function dedupeLayers(layers: Layer[]): Layer[] {
  if (layers.length < 2) return layers;
  if (layers.length === 2) return layers[0] === layers[1] ? [layers[0]] : layers;
  return [...new Set(layers)];
}

function call(ref: FunctionRef, args: readonly unknown[], options: DelayedOptions): Delayed<unknown> {
  const layers: Layer[] = [];
  const unpacked = unpack(args, layers) as unknown[];
  const prefix = options.name ?? ref.name;
  const token = options.pure
    ? tokenize(ref.module ? `${ref.module}#${ref.exportName}` : ref.fn, unpacked)
    : uniqueToken();
  const key = makeKey(prefix, token);
  const node = task(key, ref, unpacked);
  return new Delayed(key, new Layer(key, [node], dedupeLayers(layers)), options.nout);
}

/** The type of a delayed-wrapped function: same parameters, each may be lazy; returns a Delayed. */
export type DelayedFunction<A extends readonly unknown[], R> = (
  ...args: { [K in keyof A]: MaybeDelayed<A[K]> }
) => Delayed<Awaited<R>>;

/**
 * Wrap a function so that calling it builds a task, or wrap a value.
 *
 * @example
 * const inc = delayed((x: number) => x + 1);
 * const add = delayed((a: number, b: number) => a + b);
 * const total = add(inc(1), inc(2));
 * await total.compute(); // 5
 */
export function delayed<A extends readonly unknown[], R>(
  fn: (...args: A) => R,
  options?: DelayedOptions,
): DelayedFunction<A, R>;
export function delayed<T>(value: MaybeDelayed<T>, options?: { name?: string }): Delayed<T>;
export function delayed(target: unknown, options: DelayedOptions = {}): unknown {
  if (typeof target === 'function') {
    const ref =
      options.module !== undefined
        ? functionRef(target as (...a: any[]) => unknown, {
            module: options.module,
            exportName: options.exportName,
          })
        : functionRef(
            target as (...a: any[]) => unknown,
            (target as Function).name || options.name === undefined ? {} : { name: options.name },
          );
    if (options.nout !== undefined && !(Number.isInteger(options.nout) && options.nout >= 0)) {
      throw new TuskError(`delayed(${ref.name}): nout must be a non-negative integer, got ${options.nout}.`);
    }
    const wrapper = (...args: unknown[]) => call(ref, args, options);
    Object.defineProperty(wrapper, 'name', { value: `delayed(${ref.name})` });
    return wrapper;
  }
  if (target instanceof Delayed) return target;
  const layers: Layer[] = [];
  const unpacked = unpack(target, layers);
  const prefix = options.name ?? typeName(target);
  const key = makeKey(prefix, tokenize(unpacked));
  const nout = Array.isArray(target) ? target.length : undefined;
  if (layers.length === 0) return new Delayed(key, new Layer(key, [dataNode(key, target)]), nout);
  const node = task(key, identityRef, [unpacked]);
  return new Delayed(key, new Layer(key, [node], dedupeLayers(layers)), nout);
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return (v as object).constructor?.name?.toLowerCase() || 'object';
  return typeof v;
}

/** Is `v` a Delayed? */
export function isDelayed(v: unknown): v is Delayed {
  return v instanceof Delayed;
}
