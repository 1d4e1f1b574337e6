/**
 * SpillError: the spillable store could not create, write or read a spill file. It carries the
 * directory, the file, the key and the operation as fields, and the operating-system error as
 * `cause`. The store never answers with a wrong or missing value instead: a failed write leaves the
 * value in memory and throws, which fails the run (the loop calls the store synchronously).
 */

import { TuskError } from '@tusk/core';

/**
 * What the store was doing when the file system refused.
 *
 * @example
 * const op: SpillOperation = err.operation; // 'create' | 'write' | 'read'
 */
export type SpillOperation = 'create' | 'write' | 'read';

/**
 * A spill directory or file could not be created, written or read (disk full, permissions, a path
 * that is not a directory, a file removed behind the store's back).
 *
 * @example
 * try {
 *   await compute(total, { memoryLimit: '64MB', spillDir: '/nonexistent' });
 * } catch (e) {
 *   if (e instanceof SpillError) console.log(e.operation, e.directory, e.code); // 'create' '/nonexistent' 'ENOENT'
 * }
 */
export class SpillError extends TuskError {
  override name = 'SpillError';
  /** The operating-system error code (`'ENOSPC'`, `'EACCES'`, `'ENOENT'`, ...), when there is one. */
  readonly code: string | undefined;
  constructor(
    readonly operation: SpillOperation,
    /** The spill directory (the configured parent when it could not be created). */
    readonly directory: string,
    /** The spill file, for writes and reads. */
    readonly file: string | undefined,
    /** The key whose value was being spilled or reloaded. */
    readonly key: string | undefined,
    cause: unknown,
  ) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`${describe(operation, directory, file, key)}: ${reason}. ${HINTS[code ?? ''] ?? HINTS.default}`, {
      cause,
    });
    this.code = code;
  }
}

function describe(operation: SpillOperation, directory: string, file?: string, key?: string): string {
  const what = key === undefined ? '' : ` the value of '${key}'`;
  if (operation === 'create') return `Cannot create a spill directory in '${directory}'`;
  if (operation === 'write') return `Cannot spill${what} to '${file}' (spill directory '${directory}')`;
  return `Cannot reload${what} from '${file}' (spill directory '${directory}')`;
}

const HINTS: Record<string, string> = {
  ENOSPC:
    'The disk is full: free space there, point the `spillDir` option at a larger disk, or raise `memoryLimit`.',
  EDQUOT: 'The disk quota is exhausted: point the `spillDir` option elsewhere or raise `memoryLimit`.',
  EACCES: 'The directory is not writable: point the `spillDir` option at a writable directory.',
  EPERM: 'The directory is not writable: point the `spillDir` option at a writable directory.',
  EROFS: 'The file system is read-only: point the `spillDir` option at a writable directory.',
  ENOENT:
    'The directory does not exist (or was removed during the run): create it or set `spillDir` to one that exists.',
  ENOTDIR: 'The path is not a directory: set `spillDir` to a directory.',
  default:
    'Check that the `spillDir` option names a writable directory with free space, or raise `memoryLimit`.',
};
