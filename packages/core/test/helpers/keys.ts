/**
 * Key alphabets for graph tests (STYLE rule 13): the same literal graph is built twice, once with keys
 * that sort like their labels and once with keys that sort the opposite way, so a test passes only if
 * the code under test never leans on how keys compare as strings.
 *
 *   ascending   a → `a-7c1`, b → `b-7c1`, …            ('a-…' < 'b-…')
 *   mirrored    a → `z-7c1`, b → `y-7c1`, …            ('z-…' > 'y-…')
 */

import type { Key } from '../../src/key.js';

export interface KeyAlphabet {
  readonly name: string;
  /** The key of a label (labels are lowercase letters and digits). */
  key(label: string): Key;
}

const mirror = (s: string): string =>
  s.replace(/[a-z0-9]/g, (c) =>
    c >= 'a' ? String.fromCharCode(219 - c.charCodeAt(0)) : String.fromCharCode(105 - c.charCodeAt(0)),
  );

export const ascending: KeyAlphabet = { name: 'ascending', key: (l) => `${l}-7c1` };
export const mirrored: KeyAlphabet = { name: 'mirrored', key: (l) => `${mirror(l)}-7c1` };

/** Both alphabets, for `describe.each(KEY_ALPHABETS)`. */
export const KEY_ALPHABETS: readonly KeyAlphabet[] = [ascending, mirrored];
