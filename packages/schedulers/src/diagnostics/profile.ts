/**
 * profile: run a function with a Profiler and a ResourceProfiler listening to every compute inside
 * it, and hand back its result with both.
 *
 * The profilers are installed with core's `withConfig({ callbacks })`, which holds across awaits, so
 * every `compute`/`persist` that `fn` starts (directly or deep inside) is recorded, and nothing
 * outside it. The returned profile is what `writeReport` takes. When `fn` fails, the error is
 * rethrown with the profile attached as `error.profile` (when the error is an object), so what ran
 * before the failure can still be looked at.
 *
 * Reference: dask/diagnostics (`with Profiler() as prof, ResourceProfiler() as rprof: x.compute()`).
 */

import { type Callbacks, withConfig } from '@tusk/core';
import { Profiler } from './profiler.js';
import { ResourceProfiler, type ResourceProfilerOptions } from './resource-profiler.js';

/**
 * Options of `profile`.
 *
 * @example
 * await profile(() => x.compute(), { interval: 50, callbacks: [new ProgressBar()] });
 */
export interface ProfileOptions extends ResourceProfilerOptions {
  /** Sample resources (default true). */
  resources?: boolean;
  /** More callbacks to install for the same runs (a ProgressBar, say). */
  callbacks?: readonly Callbacks[];
}

/**
 * What `profile` recorded: tasks (and runs), and resource samples unless turned off.
 *
 * @example
 * const { profile: p } = await profile(() => x.compute());
 * p.profiler.records.length; // tasks run
 * p.resources?.samples.length; // samples taken
 */
export interface Profile {
  readonly profiler: Profiler;
  readonly resources?: ResourceProfiler;
}

/**
 * Run `fn` with profilers listening; resolves to its result and what they recorded.
 *
 * @example
 * const { result, profile: p } = await profile(() => total.compute(), { interval: 100 });
 * await writeReport('report.html', { ...p, graph: total });
 */
export async function profile<R>(
  fn: () => R | PromiseLike<R>,
  options: ProfileOptions = {},
): Promise<{ result: Awaited<R>; profile: Profile }> {
  const profiler = new Profiler();
  const resources =
    options.resources === false
      ? undefined
      : new ResourceProfiler({ interval: options.interval, children: options.children });
  const callbacks: Callbacks[] = [profiler, ...(resources ? [resources] : []), ...(options.callbacks ?? [])];
  const recorded: Profile = resources ? { profiler, resources } : { profiler };
  try {
    const result = await withConfig({ callbacks }, fn);
    return { result: result as Awaited<R>, profile: recorded };
  } catch (err) {
    if (typeof err === 'object' && err !== null && !Object.hasOwn(err, 'profile')) {
      try {
        Object.defineProperty(err, 'profile', { value: recorded, enumerable: false, configurable: true });
      } catch {
        // A frozen error keeps its shape.
      }
    }
    throw err;
  }
}
