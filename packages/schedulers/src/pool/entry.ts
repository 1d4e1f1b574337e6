/**
 * Which file a worker starts from. Node cannot start a worker from TypeScript, so:
 *   - built code (this module is dist/pool/entry.js) starts dist/worker/main.js directly, and
 *     workers inherit the parent's execArgv, so loaders such as tsx carry over to them;
 *   - source code (this module is src/pool/entry.ts, as under vitest) starts bootstrap/worker.mjs,
 *     which registers tsx and imports src/worker/main.ts, with `--conditions=source` so that
 *     workspace packages resolve to their sources, as they do in the tests.
 */

const here = import.meta.url;

/** Whether this package runs from its TypeScript sources. */
export const FROM_SOURCE = here.endsWith('.ts');

/** URL of the worker entry module. */
export function workerEntry(): URL {
  return FROM_SOURCE ? new URL('../../bootstrap/worker.mjs', here) : new URL('../worker/main.js', here);
}

/**
 * Node options for a new worker: undefined to inherit the parent's (Node's default), else the
 * parent's (minus inspector flags, whose ports would clash) followed by `extra`.
 */
export function workerExecArgv(extra: readonly string[] = []): string[] | undefined {
  if (FROM_SOURCE) return ['--conditions=source', ...extra];
  if (extra.length === 0) return undefined;
  return [...process.execArgv.filter((a) => !/^--(inspect|debug)/.test(a)), ...extra];
}
