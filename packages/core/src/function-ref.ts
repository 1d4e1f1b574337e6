/**
 * Function references: how a task names the function it calls.
 *
 * A closure cannot cross to another thread or process, so a task's function is recorded as data:
 *   - `{ module, exportName }` — a named export of an ES module, which any worker can import
 *     ("portable"); the live function may ride along in `fn` for the in-process scheduler;
 *   - `{ fn }` alone — a local function (closure, lambda): runs only under the synchronous scheduler;
 *     the parallel schedulers refuse it before anything runs.
 * Built-in kernels (array, dataframe, core helpers) are portable references to their own modules.
 */

import { FunctionReferenceError } from './errors.js';

export interface FunctionRef {
  /** A readable name (for keys, DOT labels, errors and profiles). */
  readonly name: string;
  /** URL of the ES module that exports the function (`import.meta.url` of that module). */
  readonly module?: string;
  /** Name of the export inside `module`. */
  readonly exportName?: string;
  /** The live function, when known in this process. Never sent to workers. */
  readonly fn?: (...args: any[]) => unknown;
  /**
   * A cheap selection or packaging step (e.g. picking one item of an array): the scheduler runs it in
   * its own thread instead of sending the inputs to a worker, which would cost more than the call.
   */
  readonly cheap?: boolean;
}

const refs = new WeakMap<Function, FunctionRef>();

/** The portable reference registered for `fn` (by functionRef with a module, or defineTasks). */
export function registeredRef(fn: Function): FunctionRef | undefined {
  return refs.get(fn);
}

/** Does `ref` name a module export that a worker can import? */
export function isPortable(ref: FunctionRef): boolean {
  return ref.module !== undefined && ref.exportName !== undefined;
}

/**
 * Describe `fn` as a FunctionRef. With `module` (usually `import.meta.url` of the module that exports
 * `fn`) the reference is portable; `exportName` defaults to `fn.name`.
 */
export function functionRef(
  fn: (...args: any[]) => unknown,
  options: { module?: string | URL; exportName?: string; name?: string; cheap?: boolean } = {},
): FunctionRef {
  if (typeof fn !== 'function') {
    throw new TypeError(`Expected a function, got ${describeValue(fn)}.`);
  }
  if (
    options.module === undefined &&
    options.exportName === undefined &&
    options.name === undefined &&
    options.cheap === undefined
  ) {
    const known = refs.get(fn);
    if (known) return known;
  }
  const module = options.module === undefined ? undefined : String(options.module);
  const exportName = module === undefined ? undefined : (options.exportName ?? fn.name);
  if (module !== undefined && !exportName) {
    throw new FunctionReferenceError(
      '<anonymous>',
      `An anonymous function cannot be referenced from module ${module}: ` +
        'give it a name and export it, or pass { exportName } naming its export.',
    );
  }
  const name = options.name ?? exportName ?? (fn.name || 'lambda');
  const ref: FunctionRef = Object.freeze(
    options.cheap ? { name, module, exportName, fn, cheap: true } : { name, module, exportName, fn },
  );
  if (module !== undefined && options.name === undefined) refs.set(fn, ref);
  return ref;
}

/**
 * Mark the named exports of a module as runnable on worker threads and processes:
 *
 * @example
 * // tasks.ts
 * import { defineTasks } from '@tusk/core';
 * export function inc(x: number) { return x + 1; }
 * defineTasks(import.meta.url, { inc });
 */
export function defineTasks<T extends Record<string, (...args: any[]) => unknown>>(
  module: string | URL,
  functions: T,
): T {
  for (const [exportName, fn] of Object.entries(functions)) functionRef(fn, { module, exportName });
  return functions;
}

/** A portable reference to a function exported by a module, without the live function. */
export function moduleRef(module: string | URL, exportName: string, name = exportName): FunctionRef {
  return Object.freeze({ name, module: String(module), exportName });
}

/** The live function of a reference known in this process. */
export function localFunction(ref: FunctionRef): (...args: any[]) => unknown {
  if (ref.fn) return ref.fn;
  throw new FunctionReferenceError(
    ref.name,
    `Function ${ref.name} (${ref.module}#${ref.exportName}) has not been loaded; call loadFunction() first.`,
  );
}

const moduleCache = new Map<string, Promise<Record<string, unknown>>>();
const loaded = new Map<string, (...args: any[]) => unknown>();

/** Import the module of a portable reference and return the function (cached per module + export). */
export async function loadFunction(ref: FunctionRef): Promise<(...args: any[]) => unknown> {
  if (ref.fn) return ref.fn;
  const id = `${ref.module}#${ref.exportName}`;
  const hit = loaded.get(id);
  if (hit) return hit;
  if (!isPortable(ref)) {
    throw new FunctionReferenceError(
      ref.name,
      `Function ${ref.name} has neither a live function nor a module.`,
    );
  }
  let mod = moduleCache.get(ref.module!);
  if (!mod) {
    mod = import(ref.module!) as Promise<Record<string, unknown>>;
    moduleCache.set(ref.module!, mod);
  }
  let exports: Record<string, unknown>;
  try {
    exports = await mod;
  } catch (cause) {
    moduleCache.delete(ref.module!);
    throw new FunctionReferenceError(
      ref.name,
      `Cannot import module ${ref.module} for function ${ref.name}: ${cause}`,
    );
  }
  const fn = exports[ref.exportName!];
  if (typeof fn !== 'function') {
    throw new FunctionReferenceError(
      ref.name,
      `Module ${ref.module} has no exported function '${ref.exportName}'. ` +
        'Export the function under that name, or pass { exportName } naming its export.',
    );
  }
  loaded.set(id, fn as (...args: any[]) => unknown);
  return fn as (...args: any[]) => unknown;
}

/** The synchronous twin of loadFunction, for references already loaded or carrying `fn`. */
export function loadedFunction(ref: FunctionRef): ((...args: any[]) => unknown) | undefined {
  return ref.fn ?? loaded.get(`${ref.module}#${ref.exportName}`);
}

/** Short description of a value for error messages. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'function') return `function ${v.name || '<anonymous>'}`;
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return `${typeof v} ${String(v)}`;
}
