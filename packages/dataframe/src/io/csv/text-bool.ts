/**
 * Boolean grammar: `true` / `false` in any case, surrounded by optional spaces or tabs (as pandas
 * reads True/False/TRUE/...). Numbers 1/0 are integers, not booleans.
 */

const BOOL_RE = /^[ \t]*(?:(true)|false)[ \t]*$/i;

/**
 * 1 for true, 0 for false, -1 when `s` is not a boolean.
 *
 * @example
 * parseBoolString('True'); // 1
 * parseBoolString('yes'); // -1
 */
export function parseBoolString(s: string): number {
  const m = BOOL_RE.exec(s);
  return m === null ? -1 : m[1] === undefined ? 0 : 1;
}

const TRUE = [116, 114, 117, 101];
const FALSE = [102, 97, 108, 115, 101];

function matchesWord(bytes: Uint8Array, start: number, word: readonly number[]): boolean {
  for (let k = 0; k < word.length; k++) {
    const c = bytes[start + k];
    if ((c >= 65 && c <= 90 ? c + 32 : c) !== word[k]) return false;
  }
  return true;
}

/**
 * `parseBoolString` over the bytes from `start` to `end`.
 *
 * @example
 * parseBoolBytes(Buffer.from('x,TRUE'), 2, 6); // 1
 */
export function parseBoolBytes(bytes: Uint8Array, start: number, end: number): number {
  while (start < end && (bytes[start] === 32 || bytes[start] === 9)) start++;
  while (end > start && (bytes[end - 1] === 32 || bytes[end - 1] === 9)) end--;
  const len = end - start;
  if (len === 4 && matchesWord(bytes, start, TRUE)) return 1;
  if (len === 5 && matchesWord(bytes, start, FALSE)) return 0;
  return -1;
}
