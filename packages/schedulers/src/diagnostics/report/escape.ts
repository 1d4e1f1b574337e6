/**
 * Escaping for the HTML report: text and attribute values in HTML and inline SVG, and JSON placed
 * inside a `<script>` element (where `</script>` or `<!--` in a key would otherwise end or break it).
 *
 * Reference: https://html.spec.whatwg.org/multipage/scripting.html#restrictions-for-contents-of-script-elements
 */

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Text safe inside HTML/SVG element content and double- or single-quoted attribute values.
 *
 * @example
 * escapeHtml('<b class="x">&'); // '&lt;b class=&quot;x&quot;&gt;&amp;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * A value as JSON that can sit inside `<script type="application/json">`: `<`, `>`, `&` and the
 * line separators U+2028/U+2029 are written as `\u` escapes, which `JSON.parse` reads back unchanged.
 *
 * @example
 * scriptJson({ key: '</script>' }); // '{"key":"\\u003c/script\\u003e"}'
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
