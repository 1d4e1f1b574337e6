/**
 * A small glob matcher for input paths (Node 20 has no `fs.globSync`): `*` and `?` within one path
 * segment, `[abc]` / `[a-z]` / `[!x]` classes, `{a,b}` alternatives, and `**` for any number of
 * directories. As in shells, wildcards do not match a leading `.` of a name. Matches are files only,
 * sorted in natural order (`part-2` before `part-10`) so partitions follow the files' numbering.
 */

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Does `path` contain glob syntax?
 *
 * @example
 * hasGlobMagic('data/*.csv'); // true
 * hasGlobMagic('data/a.csv'); // false
 */
export function hasGlobMagic(path: string): boolean {
  return /[*?[{]/.test(path);
}

/** Expand `{a,b}` alternatives (nested allowed) into plain patterns. */
function expandBraces(pattern: string): string[] {
  const open = pattern.indexOf('{');
  if (open < 0) return [pattern];
  let depth = 0;
  const parts: string[] = [];
  let from = open + 1;
  for (let i = open; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) {
        parts.push(pattern.slice(from, i));
        const head = pattern.slice(0, open);
        const tail = pattern.slice(i + 1);
        return parts.flatMap((p) => expandBraces(head + p + tail));
      }
    } else if (c === ',' && depth === 1) {
      parts.push(pattern.slice(from, i));
      from = i + 1;
    }
  }
  return [pattern]; // unbalanced: literal
}

/** A RegExp for one path segment. */
function segmentRegExp(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close < 0) {
        re += '\\[';
        continue;
      }
      let body = segment.slice(i + 1, close);
      if (body[0] === '!') body = `^${body.slice(1)}`;
      re += `[${body.replace(/\\/g, '\\\\')}]`;
      i = close;
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * Compare strings in natural order: runs of digits compare as numbers.
 *
 * @example
 * ['f10', 'f2'].sort(naturalCompare); // ['f2', 'f10']
 */
export function naturalCompare(a: string, b: string): number {
  const ra = a.match(/\d+|\D+/g) ?? [];
  const rb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    const x = ra[i];
    const y = rb[i];
    if (x === y) continue;
    const dx = /^\d/.test(x);
    const dy = /^\d/.test(y);
    if (dx && dy) {
      const nx = x.replace(/^0+/, '');
      const ny = y.replace(/^0+/, '');
      if (nx.length !== ny.length) return nx.length - ny.length;
      if (nx !== ny) return nx < ny ? -1 : 1;
      return x.length - y.length;
    }
    return x < y ? -1 : 1;
  }
  return ra.length - rb.length;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function walk(dir: string, segments: readonly string[], k: number, out: Set<string>): void {
  const seg = segments[k];
  const last = k === segments.length - 1;
  if (seg === '**') {
    if (last) return; // '**' must be followed by a name pattern
    walk(dir, segments, k + 1, out);
    for (const e of safeReaddir(dir)) {
      if (e.name.startsWith('.')) continue;
      const child = join(dir, e.name);
      if (e.isDirectory() || (e.isSymbolicLink() && isDirectory(child))) walk(child, segments, k, out);
    }
    return;
  }
  if (!hasGlobMagic(seg)) {
    const child = join(dir, seg);
    if (last) {
      if (isFile(child)) out.add(child);
    } else if (isDirectory(child)) walk(child, segments, k + 1, out);
    return;
  }
  const re = segmentRegExp(seg);
  for (const e of safeReaddir(dir)) {
    if (e.name.startsWith('.') && !seg.startsWith('.')) continue;
    if (!re.test(e.name)) continue;
    const child = join(dir, e.name);
    if (last) {
      if (isFile(child)) out.add(child);
    } else if (isDirectory(child)) walk(child, segments, k + 1, out);
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function safeReaddir(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/**
 * Files matching a glob pattern, in natural order (empty when nothing matches).
 *
 * @example
 * expandGlob('data/part-*.csv'); // ['data/part-1.csv', 'data/part-2.csv', 'data/part-10.csv']
 */
export function expandGlob(pattern: string): string[] {
  const out = new Set<string>();
  for (const p of expandBraces(pattern.replace(/\\/g, '/'))) {
    const absolute = p.startsWith('/');
    const segments = p.split('/').filter((s, i) => s !== '' || i === 0);
    if (absolute) segments.shift();
    let k = 0;
    while (k < segments.length - 1 && !hasGlobMagic(segments[k])) k++;
    const base = segments.slice(0, k).join('/');
    const root = absolute ? `/${base}` : base === '' ? '.' : base;
    const found = new Set<string>();
    walk(root, segments, k, found);
    for (const f of found) out.add(!absolute && base === '' && f.startsWith('./') ? f.slice(2) : f);
  }
  return [...out].sort(naturalCompare);
}

/** The errors `expandPaths` raises, which say what kind of file was wanted. */
export interface PathListErrors {
  /** No paths at all. */
  readonly empty: () => Error;
  /** A glob pattern that matches nothing. */
  readonly noMatch: (pattern: string) => Error;
}

/**
 * Paths and glob patterns expanded into files, in order, duplicates dropped; plain paths are kept
 * as given (the caller stats them).
 *
 * @example
 * expandPaths(['a.csv', 'data/*.csv'], errors); // ['a.csv', 'data/1.csv', 'data/2.csv']
 */
export function expandPaths(paths: string | readonly string[], errors: PathListErrors): string[] {
  const list = typeof paths === 'string' ? [paths] : paths;
  if (list.length === 0) throw errors.empty();
  const out = new Set<string>();
  for (const p of list) {
    if (hasGlobMagic(p)) {
      const matches = expandGlob(p);
      if (matches.length === 0) throw errors.noMatch(p);
      for (const m of matches) out.add(m);
    } else {
      out.add(p);
    }
  }
  return [...out];
}
