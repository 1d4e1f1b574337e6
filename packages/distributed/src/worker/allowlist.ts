/**
 * Which modules a worker may import. A job names each function by module URL and export name; a
 * worker imports a module only if it is one of the built-in Tusk packages or lies under a path the
 * worker was started with (`--modules`; for a built-in package, its `src/` and `dist/`), so a job cannot make a worker import an arbitrary file.
 * Paths are compared after resolving symbolic links; only `file:` URLs without a query or fragment
 * are accepted (a query would load a fresh copy of a module, re-running its top-level code). The
 * built-in packages' process entry points (the worker bootstrap, the tusk-worker command) are never
 * allowed: importing them starts something rather than defining functions.
 */

import { existsSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Packages whose kernels every worker may import. */
export const BUILTIN_PACKAGES = [
  '@tusk/core',
  '@tusk/schedulers',
  '@tusk/array',
  '@tusk/dataframe',
  '@tusk/distributed',
] as const;

/** Modules of the built-in packages that act when imported (relative to src/ or dist/, no extension). */
const ENTRY_POINTS: Readonly<Record<string, readonly string[]>> = {
  '@tusk/schedulers': ['worker/main'],
  '@tusk/distributed': ['worker/cli'],
};

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** The directory holding the package.json of the package `name`, if it is installed here. */
function packageDir(name: string): string | undefined {
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = fileURLToPath(import.meta.resolve(name));
  } catch {
    try {
      entry = require.resolve(name);
    } catch {
      return undefined;
    }
  }
  let dir = dirname(entry);
  for (;;) {
    if (existsSync(resolve(dir, 'package.json'))) return real(dir);
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** The set of files and directories a worker imports from. */
export class ModuleAllowlist {
  /** Directories (with a trailing separator) and files allowed, as given (resolved). */
  readonly paths: readonly string[];
  private readonly dirs: string[] = [];
  private readonly files = new Set<string>();
  /** Entry points of the built-in packages, without extension. */
  private readonly entries = new Set<string>();

  /** `paths`: files or directories (relative ones resolve against `cwd`). Missing paths are refused. */
  constructor(paths: readonly string[], cwd = process.cwd()) {
    const shown: string[] = [];
    for (const p of paths) {
      const abs = resolve(cwd, p);
      if (!existsSync(abs)) throw new Error(`--modules path ${abs} does not exist.`);
      const r = real(abs);
      if (statSync(r).isDirectory()) this.dirs.push(r.endsWith(sep) ? r : r + sep);
      else this.files.add(r);
      shown.push(abs);
    }
    for (const name of BUILTIN_PACKAGES) {
      const dir = packageDir(name);
      if (dir === undefined) continue;
      // Only the package's code, not its tests or anything else shipped beside it.
      for (const code of ['src', 'dist']) {
        this.dirs.push(resolve(dir, code) + sep);
        for (const e of ENTRY_POINTS[name] ?? []) this.entries.add(resolve(dir, code, e));
      }
    }
    this.paths = shown;
  }

  /** The module files given (not directories), to import when the worker starts. */
  get moduleFiles(): string[] {
    return [...this.files];
  }

  /** May a job's function come from `moduleUrl`? */
  allows(moduleUrl: string): boolean {
    if (!moduleUrl.startsWith('file:')) return false;
    let path: string;
    try {
      const url = new URL(moduleUrl);
      if (url.search !== '' || url.hash !== '' || moduleUrl.includes('?') || moduleUrl.includes('#'))
        return false;
      path = real(fileURLToPath(url));
    } catch {
      return false;
    }
    if (this.files.has(path)) return true;
    if (this.entries.has(path.slice(0, path.length - extname(path).length))) return false;
    return this.dirs.some((d) => path.startsWith(d));
  }
}
