/**
 * Keys: the names of tasks. A key is a string, built and parsed only here.
 *
 *   name-token            a delayed call or a whole layer's output      e.g. `inc-3f2a9c…`
 *   name-token,i,j        block (i, j) of a chunked collection          e.g. `add-3f2a9c…,0,1`
 *
 * `name` is a readable prefix (a function or operation name); `token` is a deterministic hash of the
 * inputs (see tokenize.ts) or, for impure calls, a random unique id. Keys are deterministic: the same
 * computation built twice gets the same keys.
 */

export type Key = string;

/** Parsed form of a key. */
export interface KeyParts {
  /** The readable prefix, e.g. `inc` for `inc-3f2a9c…`. */
  readonly prefix: string;
  /** The token after the last `-` of the name part, or `''` if there is none. */
  readonly token: string;
  /** The layer name: `prefix-token` (the key without block indices). */
  readonly name: string;
  /** Block indices (empty for a non-block key). */
  readonly indices: readonly number[];
}

const BAD_PREFIX = /[,\s]/g;

/** Make a readable, safe key prefix from a function or operation name. */
export function keyPrefix(name: string): string {
  const p = name.replace(BAD_PREFIX, '_');
  return p.length > 0 ? p : 'task';
}

/** `name-token`. */
export function makeKey(prefix: string, token: string): Key {
  return `${keyPrefix(prefix)}-${token}`;
}

/** The key of block `indices` of layer `name`: `name,i,j,…`. */
export function blockKey(name: string, indices: readonly number[]): Key {
  return indices.length === 0 ? name : `${name},${indices.join(',')}`;
}

/** Split a key into prefix, token, layer name and block indices. */
export function parseKey(key: Key): KeyParts {
  const comma = key.indexOf(',');
  const name = comma < 0 ? key : key.slice(0, comma);
  const indices =
    comma < 0
      ? []
      : key
          .slice(comma + 1)
          .split(',')
          .map(Number);
  const dash = name.lastIndexOf('-');
  const prefix = dash < 0 ? name : name.slice(0, dash);
  const token = dash < 0 ? '' : name.slice(dash + 1);
  return { prefix, token, name, indices };
}

/** The readable prefix of a key (what DOT labels and profilers show). */
export function keyPrefixOf(key: Key): string {
  return parseKey(key).prefix;
}
