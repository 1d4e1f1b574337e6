/**
 * Between bytes and decoded characters. papaparse works on strings, the reader on byte offsets:
 * slices are cut where no UTF-8 character is split (`utf8Floor`), and a character position that
 * follows a newline is mapped back to bytes by counting LF, which decodes one-to-one even when the
 * input holds invalid UTF-8 (so the mapping never drifts, unlike re-encoding the decoded text).
 */

const NL = 10;

/**
 * Largest cut ≤ `at` that does not split a UTF-8 character of `bytes`.
 *
 * @example
 * utf8Floor(Buffer.from('aé'), 2); // 1 ('é' is bytes 1–2)
 */
export function utf8Floor(bytes: Uint8Array, at: number): number {
  if (at >= bytes.length) return bytes.length;
  while (at > 0 && (bytes[at] & 0xc0) === 0x80) at--;
  return at;
}

/** Count LF characters in s[from, to). */
function countNewlines(s: string, from: number, to: number): number {
  let k = 0;
  for (let i = s.indexOf('\n', from); i !== -1 && i < to; i = s.indexOf('\n', i + 1)) k++;
  return k;
}

/**
 * Bytes of `bytes[pos, cut)` covered by the first `chars` characters of its decoding `input`, when
 * that prefix is empty or ends right after a newline (it ends after a complete row). Costs O(rest).
 *
 * @example
 * const b = Buffer.from('é\nx');
 * bytesForChars(b.toString(), 2, b, 0, b.length); // 3
 */
export function bytesForChars(
  input: string,
  chars: number,
  bytes: Uint8Array,
  pos: number,
  cut: number,
): number {
  if (input.length === cut - pos || chars === 0) return chars;
  let remaining = countNewlines(input, chars, input.length);
  let q = cut - 1;
  for (; q >= pos; q--) {
    if (bytes[q] === NL) {
      if (remaining === 0) break;
      remaining--;
    }
  }
  return q + 1 - pos;
}

/**
 * Byte offset, relative to `pos`, of character `chars` of `input` (the decoding of bytes from `pos`),
 * when that character is the first of the input or follows a newline. Costs O(chars).
 *
 * @example
 * const b = Buffer.from('é\nx');
 * bytesBeforeChar(b.toString(), 2, b, 0); // 3
 */
export function bytesBeforeChar(input: string, chars: number, bytes: Uint8Array, pos: number): number {
  let newlines = countNewlines(input, 0, chars);
  if (newlines === 0) return 0;
  let q = pos;
  for (; ; q++) if (bytes[q] === NL && --newlines === 0) break;
  return q + 1 - pos;
}
