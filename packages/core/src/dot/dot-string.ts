/**
 * DOT text: quoting identifiers and attribute values, and making the short labels a drawing shows.
 *
 * Every id and attribute value is written as a double-quoted DOT string, so keys with commas, dashes,
 * spaces or DOT keywords need no special case. Inside quotes Graphviz treats `\"` as a quote and keeps
 * any other backslash pair as it is, and labels read `\n` as a line break; so backslashes are doubled,
 * quotes escaped, and real line breaks written as `\n`. (A backslash in an id therefore appears doubled
 * in Graphviz's node name; every reference to the id is written the same way, so edges still match.)
 * Labels are cut to a readable length and never show a hash token (see `shortLabel`).
 *
 * Reference: https://graphviz.org/doc/info/lang.html (IDs), https://graphviz.org/docs/attr-types/escString/
 */

/**
 * A string as a quoted DOT id or attribute value.
 *
 * @example
 * dotString('we"ird-1,2'); // '"we\\"ird-1,2"'
 */
export function dotString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

/**
 * DOT attributes by name: strings are quoted, numbers written as they are, undefined left out.
 *
 * @example
 * const attrs: DotAttrs = { shape: 'box', peripheries: 2 };
 */
export type DotAttrs = Readonly<Record<string, string | number | undefined>>;

/**
 * An attribute list `[a="x", b=2]`; undefined values are left out, an empty list gives ''.
 *
 * @example
 * dotAttrs({ shape: 'box', label: 'inc', peripheries: 2 }); // ' [shape="box", label="inc", peripheries=2]'
 */
export function dotAttrs(attrs: DotAttrs): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined) continue;
    parts.push(`${name}=${typeof value === 'number' ? String(value) : dotString(value)}`);
  }
  return parts.length === 0 ? '' : ` [${parts.join(', ')}]`;
}

/** Longest label line, in characters. */
const LABEL_MAX = 24;

const HEX_TOKEN = /[0-9a-f]{16,}/gi;

/**
 * A label line a person can read: hash tokens (16+ hex digits) become `…`, and text longer than
 * `max` characters is cut with `…`.
 *
 * @example
 * shortLabel('persisted-inc-3f2a9c0d1e2b4a5f6c7d8e9f00112233'); // 'persisted-inc-…'
 * shortLabel('a_really_long_function_name_indeed', 12); // 'a_really_lo…'
 */
export function shortLabel(text: string, max: number = LABEL_MAX): string {
  const chars = Array.from(text.replace(HEX_TOKEN, '…'));
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * A short, readable description of a constant for a data node's label: small primitives as
 * themselves, strings quoted, containers by type and length; '' when nothing short fits.
 *
 * @example
 * valueSummary(3); // '3'
 * valueSummary([1, 2, 3]); // 'array[3]'
 * valueSummary(new Float64Array(8)); // 'Float64Array[8]'
 */
export function valueSummary(value: unknown): string {
  switch (typeof value) {
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'undefined':
      return shortLabel(String(value), 16);
    case 'string':
      return shortLabel(JSON.stringify(value), 16);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) return `array[${value.length}]`;
      if (ArrayBuffer.isView(value) && 'length' in value) {
        return shortLabel(`${value.constructor.name}[${(value as { length: number }).length}]`, 20);
      }
      const name = (value as object).constructor?.name;
      return name && name !== 'Object' ? shortLabel(name, 16) : 'object';
    }
    default:
      return '';
  }
}
