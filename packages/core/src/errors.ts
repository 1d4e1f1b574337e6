/**
 * Typed errors. Every error Tusk raises is a `TuskError`; subclasses carry structured fields
 * (`key`, `cycle`, `cause`, ...) so callers and tests can branch on the class and read the fields
 * instead of parsing messages. Messages say what went wrong, where, and what to do next.
 */

import type { Key } from './key.js';

/** Base class of every error raised by Tusk. */
export class TuskError extends Error {
  override name = 'TuskError';
}

/** A graph contains a dependency cycle; `cycle` lists the keys around it (first key repeated last). */
export class CycleError extends TuskError {
  override name = 'CycleError';
  constructor(readonly cycle: readonly Key[]) {
    super(
      `The task graph has a cycle: ${cycle.join(' -> ')}. ` +
        'A task cannot depend (directly or indirectly) on its own result; check how these keys were built.',
    );
  }
}

/** A task refers to a key that no task in the graph produces. */
export class MissingDependencyError extends TuskError {
  override name = 'MissingDependencyError';
  constructor(
    readonly key: Key,
    readonly missing: Key,
  ) {
    super(
      `Task '${key}' depends on '${missing}', which is not in the graph. ` +
        'Build both from the same collections, or pass the missing collection to compute() as well.',
    );
  }
}

/** A requested output key is not produced by the graph. */
export class KeyNotFoundError extends TuskError {
  override name = 'KeyNotFoundError';
  constructor(readonly key: Key) {
    super(`No task in the graph produces key '${key}'.`);
  }
}

/** A task threw (or its promise rejected). `cause` is the original error, with its stack. */
export class TaskError extends TuskError {
  override name = 'TaskError';
  /** Stack of the error as seen where the task ran (a worker, for the parallel schedulers). */
  readonly taskStack: string | undefined;
  constructor(
    readonly key: Key,
    readonly functionName: string,
    cause: unknown,
    readonly worker?: string,
  ) {
    const msg = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(`Task '${key}' (function ${functionName}${worker ? ` on ${worker}` : ''}) failed: ${msg}`, {
      cause,
    });
    this.taskStack = cause instanceof Error ? cause.stack : undefined;
  }
}

/** A scheduler name that is not registered. */
export class UnknownSchedulerError extends TuskError {
  override name = 'UnknownSchedulerError';
  constructor(
    readonly scheduler: string,
    readonly available: readonly string[],
  ) {
    const hint = ['threads', 'processes'].includes(scheduler)
      ? ` The '${scheduler}' scheduler lives in @tusk/schedulers: add "import '@tusk/schedulers'" to your program.`
      : '';
    super(
      `Unknown scheduler '${scheduler}'. Valid schedulers: ${available.map((s) => `'${s}'`).join(', ')}.${hint}`,
    );
  }
}

/** A function cannot run where it was asked to (a closure sent to a worker, a bad module reference). */
export class FunctionReferenceError extends TuskError {
  override name = 'FunctionReferenceError';
  constructor(
    readonly functionName: string,
    message: string,
    readonly key?: Key,
  ) {
    super(message);
  }
}

/** A registry (schedulers, kernels, sizeof, codecs) refused a registration. */
export class RegistryError extends TuskError {
  override name = 'RegistryError';
}

/** Invalid configuration value or option. */
export class ConfigError extends TuskError {
  override name = 'ConfigError';
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(message);
  }
}

/** The run was cancelled (an AbortSignal fired, or another task failed first). */
export class CancelledError extends TuskError {
  override name = 'CancelledError';
}
