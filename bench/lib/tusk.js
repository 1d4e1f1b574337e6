/**
 * Tusk's schedulers as benchmarks see them: which of the requested ones can run here.
 *
 * `synchronous` is registered by @tusk/core. `threads` and `processes` are registered by importing
 * @tusk/schedulers; a scheduler that is not (yet) registered is reported with the reason, and its
 * columns read `n/a`, instead of failing the whole run.
 */

import { schedulerNames } from '@tusk/core';

/** `[{ name, available, reason? }]` for the requested scheduler names, in order. */
export async function resolveSchedulers(names) {
  let importError;
  if (names.some((n) => n !== 'synchronous')) {
    try {
      await import('@tusk/schedulers');
    } catch (err) {
      importError = err instanceof Error ? err.message : String(err);
    }
  }
  const registered = new Set(schedulerNames());
  return names.map((name) => {
    if (registered.has(name)) return { name, available: true };
    const reason = importError
      ? `@tusk/schedulers failed to import: ${importError.split('\n')[0]}`
      : `no scheduler '${name}' is registered (registered: ${[...registered].join(', ')})`;
    return { name, available: false, reason };
  });
}
