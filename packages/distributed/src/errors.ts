/**
 * Errors of the distributed scheduler, all TuskErrors with structured fields (tests check them by
 * class and fields). A task that throws on a worker is not one of these: it rejects with core's
 * TaskError carrying the worker-side stack, as on every scheduler.
 */

import { TuskError } from '@tusk/core';

/** Redis could not be reached, or the connection was lost during a run. */
export class RedisConnectionError extends TuskError {
  override name = 'RedisConnectionError';
  constructor(
    /** The connection as given, with any password masked. */
    readonly connection: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A job asked a worker to import a module outside the paths the worker was started with. */
export class ModuleNotAllowedError extends TuskError {
  override name = 'ModuleNotAllowedError';
  constructor(
    /** The module URL the job named. */
    readonly module: string,
    /** The module paths the worker allows. */
    readonly allowed: readonly string[],
  ) {
    super(
      `This worker does not import ${module}: it only imports the built-in Tusk packages and modules under ` +
        `its --modules paths (${allowed.length > 0 ? allowed.join(', ') : 'none given'}). ` +
        'Start the worker with --modules naming the file or directory of your task module.',
    );
  }
}

/**
 * A job failed on the worker side for a reason other than a task throwing (a result could not be
 * read or written, a worker was lost more often than BullMQ's stalled limit allows).
 */
export class RemoteJobError extends TuskError {
  override name = 'RemoteJobError';
  constructor(
    /** BullMQ job id. */
    readonly jobId: string,
    /** First key of the job's tasks. */
    readonly key: string,
    /** What BullMQ or the worker reported. */
    readonly reason: string,
  ) {
    super(
      `Job ${jobId} (task '${key}') failed on the distributed workers: ${reason}. ` +
        'Check the tusk-worker logs; a job whose worker dies more than maxStalledCount times is failed by BullMQ.',
    );
  }
}

/** A result lives in the shared result store, but this process was given no such store. */
export class ResultStoreError extends TuskError {
  override name = 'ResultStoreError';
}

/** Hide the password of a Redis URL (for messages). */
export function maskConnection(connection: string): string {
  // Everything between the user's ':' and the last '@' is the password, whatever it contains (a
  // password with an unescaped '@' or '/' must not show in part); an '@' later in the URL only
  // makes the mask wider.
  const start = connection.indexOf('//');
  const at = connection.lastIndexOf('@');
  if (start < 0 || at < start) return connection;
  const colon = connection.indexOf(':', start + 2);
  if (colon < 0 || colon > at) return connection;
  return `${connection.slice(0, colon + 1)}***${connection.slice(at)}`;
}
